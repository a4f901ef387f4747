import { z } from 'zod';

/**
 * The shapes of the policies a circulation rule points at. They are stored as JSON settings and
 * validated here on every write and read, so a policy in the database always means one thing.
 * Defaults follow what most academic libraries start with.
 */
export const periodUnits = ['minutes', 'hours', 'days', 'weeks'] as const;
export const periodSchema = z.object({ amount: z.number().int().positive(), unit: z.enum(periodUnits) });
export type Period = z.infer<typeof periodSchema>;

const localDate = z.iso.date();

export const closedDayRules = [
  'keep',
  'end-of-previous-open-day',
  'end-of-next-open-day',
  // for loans counted in minutes or hours:
  'closing-time',
  'next-opening-plus-remainder',
] as const;
export type ClosedDayRule = (typeof closedDayRules)[number];

export const loanPolicySettingsSchema = z
  .object({
    loanable: z.boolean().default(true),
    loanPeriod: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('rolling'), period: periodSchema }),
        // due on the date the library's schedule gives for the day of the loan (e.g. term end)
        z.object({ kind: z.literal('fixed'), scheduleCode: z.string().min(1) }),
      ])
      .optional(),
    closedDayRule: z.enum(closedDayRules).default('end-of-next-open-day'),
    // Day and week loans fall due at the end of the library day: its closing time, or 23:59 local.
    dayLoanDueTime: z.enum(['closing-time', 'end-of-day']).default('end-of-day'),
    itemLimit: z.number().int().positive().nullable().default(null),
    renewals: z
      .object({
        allowed: z.boolean().default(true),
        // null: unlimited
        maxRenewals: z.number().int().min(0).nullable().default(2),
        renewFrom: z.enum(['due-date', 'today']).default('due-date'),
        // null: the loan period again
        period: periodSchema.nullable().default(null),
        blockedWhenRequested: z.boolean().default(true),
      })
      .prefault({}),
    recalls: z
      .object({
        minimumGuaranteedPeriod: periodSchema.nullable().default(null),
        returnInterval: periodSchema.nullable().default(null),
      })
      .prefault({}),
    holds: z
      .object({
        // a shorter loan when others are waiting for the item
        alternateLoanPeriod: periodSchema.nullable().default(null),
      })
      .prefault({}),
  })
  .refine((policy) => !policy.loanable || policy.loanPeriod !== undefined, { message: 'a loanable policy needs a loan period', path: ['loanPeriod'] });
export type LoanPolicySettings = z.infer<typeof loanPolicySettingsSchema>;

export const fixedDueDateScheduleSettingsSchema = z.object({
  // A loan made on a date from..to (inclusive, local) is due at the end of `due`.
  entries: z
    .array(z.object({ from: localDate, to: localDate, due: localDate }))
    .min(1)
    .refine((entries) => entries.every((entry) => entry.from <= entry.to && entry.to <= entry.due), 'each entry needs from ≤ to ≤ due'),
});
export type FixedDueDateScheduleSettings = z.infer<typeof fixedDueDateScheduleSettingsSchema>;

export const requestTypes = ['hold', 'recall', 'page'] as const;
export const requestPolicySettingsSchema = z.object({
  allowedTypes: z.array(z.enum(requestTypes)).default(['hold', 'recall', 'page']),
  // null: any service point that is a pickup point
  pickupServicePointCodes: z.array(z.string()).nullable().default(null),
  maxOpenRequests: z.number().int().positive().nullable().default(null),
});
export type RequestPolicySettings = z.infer<typeof requestPolicySettingsSchema>;

export const overdueFinePolicySettingsSchema = z.object({
  amountCents: z.number().int().min(0).default(0),
  interval: z.enum(['hour', 'day']).default('day'),
  chargeAt: z.enum(['start', 'end']).default('end'),
  gracePeriod: periodSchema.nullable().default(null),
  // true: once the grace period is exceeded, the grace time is charged too
  graceCountsOnceExceeded: z.boolean().default(false),
  maxFineCents: z.number().int().min(0).nullable().default(null),
  capAtReplacementCost: z.boolean().default(true),
  countClosedDays: z.boolean().default(false),
  recall: z.object({ amountCents: z.number().int().min(0), maxFineCents: z.number().int().min(0).nullable() }).nullable().default(null),
  forgiveOnRenewal: z.boolean().default(false),
});
export type OverdueFinePolicySettings = z.infer<typeof overdueFinePolicySettingsSchema>;

export const lostItemPolicySettingsSchema = z.object({
  // overdue by this long → aged to lost; null: never automatically
  agedToLostAfter: periodSchema.nullable().default(null),
  chargeReplacementCost: z.boolean().default(true),
  // when the item has no replacement cost
  defaultReplacementCents: z.number().int().min(0).default(0),
  processingFeeCents: z.number().int().min(0).default(0),
  refundReplacementWhenReturned: z.boolean().default(true),
  refundProcessingFeeWhenReturned: z.boolean().default(false),
});
export type LostItemPolicySettings = z.infer<typeof lostItemPolicySettingsSchema>;

export const noticeKinds = [
  'courtesy', 'overdue', 'recall', 'hold-available', 'hold-expiring', 'request-cancelled',
  'aged-to-lost', 'fee-charged', 'fee-receipt', 'account-expiring',
] as const;
export const noticePolicySettingsSchema = z.object({
  notices: z
    .array(
      z.object({
        kind: z.enum(noticeKinds),
        // before (courtesy, account-expiring) or after (overdue) the triggering time
        offset: periodSchema.nullable().default(null),
        repeatEvery: periodSchema.nullable().default(null),
        maxRepeats: z.number().int().min(0).nullable().default(null),
        templateCode: z.string().nullable().default(null),
      }),
    )
    .default([]),
});
export type NoticePolicySettings = z.infer<typeof noticePolicySettingsSchema>;

/** Each policy table with the schema of its settings. */
export const policyKinds = {
  'loan-policy': { table: 'loan_policy', settings: loanPolicySettingsSchema },
  'request-policy': { table: 'request_policy', settings: requestPolicySettingsSchema },
  'overdue-fine-policy': { table: 'overdue_fine_policy', settings: overdueFinePolicySettingsSchema },
  'lost-item-policy': { table: 'lost_item_policy', settings: lostItemPolicySettingsSchema },
  'notice-policy': { table: 'notice_policy', settings: noticePolicySettingsSchema },
  'fixed-due-date-schedule': { table: 'fixed_due_date_schedule', settings: fixedDueDateScheduleSettingsSchema },
} as const;
export type PolicyKind = keyof typeof policyKinds;
