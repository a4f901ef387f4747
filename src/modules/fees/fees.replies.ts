import { z } from 'zod';
import type { FeeActionKind, FeeTypeKind, PaymentMethod } from '../../db/schema.ts';
import { listReplySchema } from '../../platform/pagination.ts';

/**
 * Reply shapes of the fee ledger routes (a patron's fees, charges, payments and the other actions, fee types,
 * waiver reasons, fee settings). The serializer sends only the fields declared here, so a field a service adds
 * must be added here too. Money is in integer cents, instants are ISO 8601 strings.
 */

/** Compiles only when the list names every word of the union. */
type EveryWord<Union extends string, List extends readonly Union[]> = Exclude<Union, List[number]> extends never ? List : never;

const feeTypeKinds = ['overdue-fine', 'lost-item-replacement', 'lost-item-processing', 'damaged-item', 'manual', 'booking-late-fee'] as const;
const feeActionKinds = ['payment', 'waiver', 'refund', 'transfer', 'cancellation', 'adjustment'] as const;
const paymentMethods = ['cash', 'card', 'check', 'online', 'credit'] as const;

export const feeTypeKind = z.enum(feeTypeKinds satisfies EveryWord<FeeTypeKind, typeof feeTypeKinds>).meta({ id: 'FeeTypeKind' });
export const feeActionKind = z.enum(feeActionKinds satisfies EveryWord<FeeActionKind, typeof feeActionKinds>).meta({ id: 'FeeActionKind' });
export const paymentMethod = z.enum(paymentMethods satisfies EveryWord<PaymentMethod, typeof paymentMethods>).meta({ id: 'PaymentMethod' });

const feeAction = z
  .object({
    id: z.string(),
    kind: z.string().describe('a FeeActionKind'),
    amountCents: z.number(),
    balanceAfterCents: z.number(),
    method: z.string().nullable(),
    transactionReference: z.string().nullable(),
    waiverReasonId: z.string().nullable(),
    refundTo: z.string().nullable(),
    note: z.string().nullable(),
    batchId: z.string().nullable(),
    servicePointId: z.string().nullable(),
    staffId: z.string().nullable(),
    occurredAt: z.string(),
  })
  .meta({ id: 'FeeAction' });

export const feeReply = z
  .object({
    id: z.string(),
    patronId: z.string(),
    loanId: z.string().nullable(),
    itemId: z.string().nullable(),
    itemTitle: z.string().nullable(),
    feeType: z.object({ id: z.string(), code: z.string(), name: z.string(), kind: feeTypeKind }),
    ownerServicePointId: z.string().nullable(),
    originalAmountCents: z.number(),
    status: z.enum(['open', 'closed']),
    description: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    balanceCents: z.number(),
    totals: z.object({
      originalCents: z.number(),
      adjustedCents: z.number(),
      paidCents: z.number(),
      waivedCents: z.number(),
      transferredCents: z.number(),
      cancelledCents: z.number(),
      refundedCents: z.number(),
      refundedToBalanceCents: z.number(),
      balanceCents: z.number(),
    }),
    actions: z.array(feeAction),
  })
  .meta({ id: 'Fee' });

export const patronFeeAccountReply = z
  .object({ patronId: z.string(), balanceCents: z.number(), creditCents: z.number(), fees: z.array(feeReply) })
  .meta({ id: 'PatronFeeAccount' });

export const chargedFeeReply = z.object({ dryRun: z.boolean(), fee: feeReply.nullable().describe('null on a dry run'), amountCents: z.number() });

export const paymentAcrossFeesReply = z.object({
  dryRun: z.boolean(),
  batchId: z.string().nullable(),
  amountCents: z.number(),
  method: paymentMethod,
  shares: z.array(
    z.object({
      feeId: z.string(),
      feeTypeName: z.string(),
      actionId: z.string().nullable(),
      amountCents: z.number(),
      balanceBeforeCents: z.number(),
      balanceAfterCents: z.number(),
    }),
  ),
  creditCents: z.number(),
});

export const feeActionReply = z
  .object({
    dryRun: z.boolean(),
    action: z.object({
      id: z.string().nullable().describe('null on a dry run'),
      kind: feeActionKind,
      amountCents: z.number(),
      balanceBeforeCents: z.number(),
      balanceAfterCents: z.number(),
      statusAfter: z.enum(['open', 'closed']),
      creditCents: z.number(),
    }),
    fee: feeReply,
  })
  .meta({ id: 'FeeActionResult' });

export const feeTypeReply = z
  .object({ id: z.string(), code: z.string(), name: z.string(), kind: feeTypeKind, defaultAmountCents: z.number().nullable(), active: z.boolean() })
  .meta({ id: 'FeeType' });

export const feeTypesReply = listReplySchema(feeTypeReply);

export const waiverReasonReply = z.object({ id: z.string(), code: z.string(), name: z.string(), active: z.boolean() }).meta({ id: 'WaiverReason' });

export const waiverReasonsReply = listReplySchema(waiverReasonReply);

export const feeSettingsReply = z
  .object({
    allowCredit: z.boolean(),
    defaultWaiveLimitCents: z.number(),
    roleWaiveLimits: z.array(z.object({ roleId: z.string(), roleCode: z.string(), maxWaiveCents: z.number() })),
  })
  .meta({ id: 'FeeSettings' });

export const overdueFinePreviewReply = z.object({ fineCents: z.number(), explanation: z.array(z.string()) });

/** A receipt is a page for the desk printer or a PDF, never JSON. */
export const receiptFileReply = {
  description: 'The receipt, as HTML or PDF',
  content: { 'text/html': { schema: z.string() }, 'application/pdf': { schema: z.custom<Buffer>().meta({ type: 'string', format: 'binary' }) } },
};
