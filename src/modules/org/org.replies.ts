import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';

/** Reply shapes of the organisation routes: institution, campuses, libraries, locations, service points. */

const reference = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const institutionReply = z
  .object({ id: z.string(), code: z.string(), name: z.string(), currency: z.string(), timeZone: z.string(), locale: z.string() })
  .meta({ id: 'Institution' });

export const campusesReply = listReplySchema(reference.meta({ id: 'Campus' }));

export const librariesReply = listReplySchema(z.object({ id: z.string(), code: z.string(), name: z.string(), campus: reference }).meta({ id: 'Library' }));

export const locationReply = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    active: z.boolean(),
    library: reference,
    campus: reference,
    primaryServicePointId: z.string().nullable(),
    servicePoints: z.array(reference).describe('the service points that serve this location'),
  })
  .meta({ id: 'Location' });

export const locationsReply = listReplySchema(locationReply);

export const servicePointReply = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    discoveryName: z.string().nullable(),
    isPickupPoint: z.boolean(),
    holdShelfExpiryDays: z.number().int(),
    timeZone: z.string().describe("the effective zone: the service point's own, or else the institution's"),
    ownTimeZone: z.string().nullable().describe("the service point's own zone setting; null follows the institution"),
    active: z.boolean(),
    library: reference.nullable(),
    locationIds: z.array(z.string()),
  })
  .meta({ id: 'ServicePoint' });

export const servicePointsReply = listReplySchema(servicePointReply);
