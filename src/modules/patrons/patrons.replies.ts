import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';

/** Reply shapes of the patron routes. A patron reply says whether a PIN is set, never the PIN or its hash. */

const instant = z.string().describe('ISO 8601 instant');
const localDate = z.string().describe('YYYY-MM-DD');

export const patronBlockReply = z
  .object({
    id: z.string(),
    reason: z.string(),
    patronMessage: z.string().nullable(),
    blocksBorrowing: z.boolean(),
    blocksRenewals: z.boolean(),
    blocksRequests: z.boolean(),
    expiresAt: instant.nullable(),
    createdBy: z.string().nullable(),
    createdAt: instant,
  })
  .meta({ id: 'PatronBlock' });

export const patronNoteReply = z
  .object({ id: z.string(), kind: z.enum(['staff', 'pop-up']), text: z.string(), createdBy: z.string().nullable(), createdAt: instant })
  .meta({ id: 'PatronNote' });

export const patronReply = z
  .object({
    id: z.string(),
    barcode: z.string(),
    externalId: z.string().nullable(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    lastName: z.string(),
    preferredFirstName: z.string().nullable(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.object({
      line1: z.string().nullable(),
      line2: z.string().nullable(),
      city: z.string().nullable(),
      region: z.string().nullable(),
      postalCode: z.string().nullable(),
      country: z.string().nullable(),
    }),
    birthDate: localDate.nullable(),
    expiresOn: localDate.nullable(),
    expired: z.boolean(),
    status: z.enum(['active', 'inactive']),
    patronGroup: z.object({ id: z.string(), code: z.string(), name: z.string() }),
    keepLoanHistory: z.boolean(),
    preferredLanguage: z.string().nullable().describe("language of the patron's notices; null: the institution's default"),
    blocks: z.array(patronBlockReply).describe('blocks in force'),
    popUpNotes: z.array(patronNoteReply),
    hasPin: z.boolean(),
    pinLockedUntil: instant.nullable().describe('locked by wrong PINs until then; null when not locked'),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Patron' });

export const patronsReply = listReplySchema(patronReply);

export const possibleDuplicateReply = z
  .object({
    id: z.string(),
    barcode: z.string(),
    displayName: z.string(),
    birthDate: localDate.nullable(),
    email: z.string().nullable(),
    reasons: z.array(z.enum(['same-name-and-birth-date', 'same-email'])),
  })
  .meta({ id: 'PossibleDuplicatePatron' });

export const possibleDuplicatesReply = listReplySchema(possibleDuplicateReply);

export const registeredPatronReply = z.object({ patron: patronReply, possibleDuplicates: z.array(possibleDuplicateReply) });

export const pinSetReply = z.object({ hasPin: z.boolean() });

export const pinLockClearedReply = z.object({ pinLockedUntil: z.null() });

export const patronNotesReply = listReplySchema(patronNoteReply);

export const patronBlocksReply = listReplySchema(patronBlockReply.extend({ active: z.boolean().describe('in force now (not expired)') }));

export const patronGroupReply = z
  .object({ id: z.string(), code: z.string(), name: z.string(), description: z.string().nullable() })
  .meta({ id: 'PatronGroup' });

export const patronGroupsReply = listReplySchema(patronGroupReply);

export const patronImportReply = z.object({
  applied: z.boolean().describe('false when rows were rejected and the file was not applied'),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ row: z.number().int(), reason: z.string(), externalId: z.string().optional() })).describe('the first 100 rejects'),
  rejectedCount: z.number().int(),
});

/** Deleting a note or lifting a block answers 204 with no body. */
export const noContentReply = z.undefined().describe('No content');
