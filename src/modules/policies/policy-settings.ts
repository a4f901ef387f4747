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

export const fineIntervalUnits = ['hours', 'days'] as const;
export type FineIntervalUnit = (typeof fineIntervalUnits)[number];

/**
 * What an overdue loan is charged. The shape is the contract of the policy API and of the fine
 * preview (issue 4). maxFineCents absent or 0: no maximum.
 */
export const overdueFinePolicySettingsSchema = z
  .object({
    amountCents: z.number().int().min(0).default(0),
    // charged per `interval` `intervalUnit`s late, e.g. $1 per 7 days
    interval: z.number().int().positive().default(1),
    intervalUnit: z.enum(fineIntervalUnits).default('days'),
    // start: every interval begun is charged; end: only intervals completed
    chargeAt: z.enum(['start', 'end']).default('end'),
    // returned within the grace period: no fine. Days are library-local days; hours may be fractional (0.25 = 15 minutes).
    graceDays: z.number().int().min(0).default(0),
    graceHours: z.number().min(0).default(0),
    // true: once the grace period is exceeded, the grace time is charged too
    graceCountsOnceExceeded: z.boolean().default(false),
    maxFineCents: z.number().int().min(0).default(0),
    capAtReplacementCost: z.boolean().default(true),
    countClosedDays: z.boolean().default(false),
    // a recalled item the patron keeps past its recall due date: its own rate and maximum (0: none)
    recall: z
      .object({ amountCents: z.number().int().min(0), maxFineCents: z.number().int().min(0).default(0) })
      .nullable()
      .default(null),
    // an overdue loan renewed: forgive what it had accrued, or charge it
    forgiveOnRenewal: z.boolean().default(false),
  })
  .refine((policy) => policy.graceDays === 0 || policy.graceHours === 0, {
    message: 'give the grace period in days or in hours, not both',
    path: ['graceHours'],
  });
export type OverdueFinePolicySettings = z.infer<typeof overdueFinePolicySettingsSchema>;

export const lostItemPolicySettingsSchema = z.object({
  // overdue by this long → aged to lost; null: never automatically
  agedToLostAfter: periodSchema.nullable().default(null),
  // true: the item's replacement cost (defaultReplacementCents when it has none); false: always defaultReplacementCents
  chargeReplacementCost: z.boolean().default(true),
  defaultReplacementCents: z.number().int().min(0).default(0),
  processingFeeCents: z.number().int().min(0).default(0),
  // when the lost item comes back:
  refundReplacementWhenReturned: z.boolean().default(true),
  refundProcessingFeeWhenReturned: z.boolean().default(false),
  // the overdue fine the loan would have had is charged after all
  reinstateOverdueFineWhenReturned: z.boolean().default(false),
  // returned more than this many days after it was lost: nothing refunded; null: always refunded
  refundTimeLimitDays: z.number().int().min(0).nullable().default(null),
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
        // before (courtesy, hold-expiring, account-expiring) or after (overdue) the triggering time;
        // null: a day before (courtesy, hold-expiring), 14 days before (account-expiring), none (overdue)
        offset: periodSchema.nullable().default(null),
        repeatEvery: periodSchema.nullable().default(null),
        maxRepeats: z.number().int().min(0).nullable().default(null),
        templateCode: z.string().nullable().default(null),
        // fee-charged only: the fee type kinds that bring a notice ('manual', 'overdue-fine',
        // 'lost-item-replacement', …); null: every charge. Each kind is off unless listed in `notices`.
        feeTypeKinds: z.array(z.string().min(1)).nullable().default(null),
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
