import { z } from 'zod';
import { httpStatusOfCode, type ErrorCode } from '../../platform/errors.ts';
import { listReplySchema } from '../../platform/pagination.ts';
import type { LoanState } from '../../db/schema.ts';
import { itemStatuses } from '../catalog/index.ts';
import { overridePermission, refusalCodes, type RefusalCode } from './refusal.policy.ts';

/**
 * Reply shapes of the desk's circulation routes (check-out, check-in, renewals, loans). The serializer sends only
 * the fields declared here, so a field a service adds must be added here too. Instants are ISO 8601 strings.
 */

const loanStates = ['checked-out', 'claimed-returned', 'declared-lost', 'aged-to-lost', 'returned', 'lost-and-paid', 'found-by-library'] as const satisfies readonly LoanState[];
// A new loan state must be added to the list above: this line stops compiling until it is.
const everyLoanStateListed: Exclude<LoanState, (typeof loanStates)[number]> extends never ? true : never = true;
void everyLoanStateListed;

// Catalog owns the item status words; named there, if anywhere, so two modules never claim one component name.
export const itemStatus = z.enum(itemStatuses);
export const loanState = z.enum(loanStates).meta({ id: 'LoanState' });

const errorCodes = Object.keys(httpStatusOfCode) as ErrorCode[];
/** A refusal code, or the error code of a due date that could not be worked out (e.g. NO_FIXED_DUE_DATE). */
const refusalCode = z.enum([...new Set([...refusalCodes, ...errorCodes])] as [RefusalCode | ErrorCode, ...(RefusalCode | ErrorCode)[]]).meta({ id: 'RefusalCode' });

export const refusalReply = z
  .object({
    code: refusalCode,
    message: z.string(),
    overridable: z.boolean(),
    overridePermission: z.literal(overridePermission).nullable(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Refusal' });

const warning = z.object({ code: z.string(), message: z.string() }).meta({ id: 'CirculationWarning' });
const named = z.object({ id: z.string(), code: z.string(), name: z.string() });
const patronSummary = z.object({ id: z.string(), barcode: z.string(), displayName: z.string() }).meta({ id: 'LoanPatron' });

export const loanReply = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'closed']),
    state: loanState,
    loanedAt: z.string(),
    dueAt: z.string(),
    originalDueAt: z.string(),
    returnedAt: z.string().nullable(),
    overdue: z.boolean(),
    renewalCount: z.number(),
    recalledAt: z.string().nullable(),
    item: z.object({ id: z.string(), barcode: z.string(), title: z.string(), callNumber: z.string().nullable(), status: itemStatus }),
    patron: patronSummary.nullable().describe('null on a closed loan whose patron keeps no history'),
    loanPolicy: named,
  })
  .meta({ id: 'Loan' });

export const oneLoanReply = z.object({ loan: loanReply });
export const loansReply = listReplySchema(loanReply);

export const checkOutPreviewReply = z
  .object({ wouldSucceed: z.boolean(), refusals: z.array(refusalReply), dueAt: z.string().nullable(), dueDateExplanation: z.array(z.string()) })
  .meta({ id: 'CheckOutPreview' });

export const checkOutReply = z
  .object({
    loan: z.object({
      id: z.string(),
      dueAt: z.string(),
      loanedAt: z.string(),
      item: z.object({ id: z.string(), barcode: z.string(), title: z.string(), callNumber: z.string().nullable() }),
      patron: patronSummary,
      loanPolicy: named,
      rule: z.object({ id: z.string(), name: z.string() }),
    }),
    warnings: z.array(warning),
    dueDateExplanation: z.array(z.string()),
  })
  .meta({ id: 'CheckedOut' });

export const checkInReply = z
  .object({
    action: z.enum(['shelve', 'route', 'hold-shelf', 'set-aside']),
    instruction: z.string(),
    routingSlip: z
      .object({ itemBarcode: z.string(), title: z.string(), callNumber: z.string().nullable(), from: z.string(), to: z.string(), date: z.string() })
      .nullable(),
    holdSlip: z
      .object({
        requestId: z.string(),
        patron: z.string(),
        itemBarcode: z.string(),
        title: z.string(),
        pickupServicePoint: z.string(),
        holdShelfExpiresAt: z.string(),
      })
      .nullable(),
    clearedFromHoldShelf: z.boolean(),
    previousStatus: itemStatus,
    loan: z
      .object({
        id: z.string(),
        loanedAt: z.string(),
        dueAt: z.string(),
        returnedAt: z.string(),
        state: loanState,
        overdue: z.boolean(),
        patron: patronSummary.nullable(),
        patronHistoryKept: z.boolean(),
      })
      .nullable(),
    resolution: z.enum(['found-by-library', 'returned-by-patron']).optional(),
    fine: z.object({ fineCents: z.number(), explanation: z.array(z.string()) }).nullable(),
    item: z.object({ id: z.string(), barcode: z.string(), title: z.string(), callNumber: z.string().nullable(), status: itemStatus }),
  })
  .meta({ id: 'CheckedIn' });

export const undoCheckOutReply = z.object({
  undone: z.object({
    loanId: z.string(),
    item: z.object({ id: z.string(), barcode: z.string(), status: itemStatus }),
    // circulation does not import requests (requests builds on circulation): the status is a RequestStatus word
    request: z.object({ id: z.string(), status: z.string() }).nullable(),
  }),
});

export const renewalReply = z
  .object({
    loan: loanReply,
    dueDateExplanation: z.array(z.string()),
    fine: z.object({ forgiven: z.boolean(), accruedCents: z.number(), fineCents: z.number(), explanation: z.array(z.string()) }).nullable(),
    warnings: z.array(warning),
  })
  .meta({ id: 'Renewal' });

export const bulkRenewalReply = z.object({
  patron: z.object({ id: z.string(), barcode: z.string() }),
  results: z.array(z.object({ loanId: z.string(), renewed: z.boolean(), dueAt: z.string().optional(), refusals: z.array(refusalReply).optional() })),
});

export const declareLostReply = z.union([
  z.object({
    dryRun: z.literal(true),
    charges: z.array(z.object({ feeType: z.string(), amountCents: z.number(), explanation: z.string() })),
    explanation: z.array(z.string()),
  }),
  oneLoanReply,
]);

export const markMissingReply = z.object({ item: z.object({ id: z.string(), barcode: z.string(), status: itemStatus }) });

export const checkOutReceiptEmailReply = z.object({ sentTo: z.string(), loanCount: z.number(), messageId: z.string() });
