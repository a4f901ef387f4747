import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';
import { itemStatuses } from '../catalog/index.ts';
import { requestTypes } from '../policies/index.ts';
import { holdSlipFormats } from './request-settings.service.ts';
import { requestStatuses } from './request-status.ts';

/**
 * Reply shapes of the request routes (holds, recalls, pages, queues, the pick list, the hold shelf and the desk's
 * summary). The serializer sends only the fields declared here, so a field a service adds must be added here too.
 * Instants are ISO 8601 strings; dates (notNeededAfter) are YYYY-MM-DD.
 */

export const requestStatus = z.enum(requestStatuses).meta({ id: 'RequestStatus' });

const requestPatron = z.object({ id: z.string(), barcode: z.string(), lastName: z.string(), firstName: z.string() }).meta({ id: 'RequestPatron' });
const shelvedItem = z.object({ id: z.string(), barcode: z.string(), title: z.string(), callNumber: z.string().nullable() });

export const requestReply = z
  .object({
    id: z.string(),
    type: z.enum(requestTypes),
    level: z.enum(['title', 'item']),
    status: requestStatus,
    queuePosition: z.number(),
    patron: requestPatron,
    item: z.object({ id: z.string(), barcode: z.string(), status: z.enum(itemStatuses) }).nullable().describe('null for a title-level request not yet given a copy'),
    instance: z.object({ id: z.string(), title: z.string() }),
    pickupServicePoint: z.object({ id: z.string(), name: z.string() }),
    notNeededAfter: z.string().nullable(),
    holdShelfExpiresAt: z.string().nullable(),
    awaitingPickupAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    filledLoanId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Request' });

export const oneRequestReply = z.object({ request: requestReply });
export const requestsReply = listReplySchema(requestReply);
export const requestQueueReply = z.object({ items: z.array(requestReply) });

export const pickListReply = listReplySchema(
  z
    .object({
      requestId: z.string(),
      item: shelvedItem.extend({ location: z.string() }),
      pickupServicePoint: z.string(),
      requestedAt: z.string(),
    })
    .meta({ id: 'PickListEntry' }),
);

export const holdShelfReply = listReplySchema(
  z
    .object({
      requestId: z.string(),
      patron: requestPatron,
      item: shelvedItem,
      slipName: z.string(),
      awaitingPickupAt: z.string().nullable(),
      holdShelfExpiresAt: z.string(),
      expired: z.boolean(),
      expiresToday: z.boolean(),
      clearFromShelf: z.boolean(),
    })
    .meta({ id: 'HoldShelfEntry' }),
);

export const holdSlipReply = z.object({
  holdSlip: z.object({
    requestId: z.string(),
    patron: z.string().describe('the patron as the library’s hold slip format names them'),
    itemBarcode: z.string(),
    title: z.string(),
    pickupServicePoint: z.string(),
    holdShelfExpiresAt: z.string(),
  }),
});

export const clearedHoldReply = z.object({ requestId: z.string(), itemId: z.string(), clearFromShelf: z.literal(true) });

export const deskSummaryReply = z
  .object({
    holdShelf: z.object({ awaitingPickup: z.number(), expiringToday: z.number(), expiredAwaitingClearing: z.number() }),
    pickList: z.number(),
    inTransitHere: z.object({
      total: z.number(),
      items: z.array(z.object({ item: shelvedItem, requestId: z.string().nullable(), since: z.string() })),
    }),
    overdueRecalls: z.object({
      total: z.number(),
      items: z.array(
        z.object({
          loanId: z.string(),
          item: z.object({ id: z.string(), barcode: z.string(), title: z.string() }),
          patron: requestPatron,
          dueAt: z.string(),
          recalledAt: z.string(),
        }),
      ),
    }),
  })
  .meta({ id: 'DeskSummary' });

export const requestSettingsReply = z.object({ holdSlipFormat: z.enum(holdSlipFormats) }).meta({ id: 'RequestSettings' });
