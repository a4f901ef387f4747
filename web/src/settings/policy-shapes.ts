import type { PolicyKind } from '../api/settings-area-queries.ts';
import type { MessageKey } from '../i18n/en.ts';

/**
 * The settings of each policy kind as form fields, following the server's schemas
 * (src/modules/circulation/policy-settings.ts). A path names the setting as the server names it,
 * so its validation messages land beside the right field.
 */
export type SettingShape =
  | { kind: 'boolean'; path: string; label: MessageKey }
  | { kind: 'whole'; path: string; label: MessageKey; blankMeans?: MessageKey }
  | { kind: 'money'; path: string; label: MessageKey }
  | { kind: 'choice'; path: string; label: MessageKey; choices: string[] }
  | { kind: 'choices'; path: string; label: MessageKey; choices: string[] }
  | { kind: 'codes'; path: string; label: MessageKey; blankMeans: MessageKey }
  | { kind: 'period'; path: string; label: MessageKey; blankMeans?: MessageKey }
  | { kind: 'loan-period'; path: string; label: MessageKey }
  | { kind: 'notices'; path: string; label: MessageKey }
  | { kind: 'date-ranges'; path: string; label: MessageKey };

export interface SettingGroup {
  legend: MessageKey;
  settings: SettingShape[];
}

export const periodUnits = ['minutes', 'hours', 'days', 'weeks'];
export const noticeKinds = ['courtesy', 'overdue', 'recall', 'hold-available', 'hold-expiring', 'request-cancelled', 'aged-to-lost', 'fee-charged', 'fee-receipt', 'account-expiring'];

export const policyShapes: Record<PolicyKind, SettingGroup[]> = {
  'loan-policy': [
    {
      legend: 'settingsArea.loan.lending',
      settings: [
        { kind: 'boolean', path: 'loanable', label: 'settingsArea.loan.loanable' },
        { kind: 'loan-period', path: 'loanPeriod', label: 'settingsArea.loan.loanPeriod' },
        { kind: 'choice', path: 'closedDayRule', label: 'settingsArea.loan.closedDayRule', choices: ['keep', 'end-of-previous-open-day', 'end-of-next-open-day', 'closing-time', 'next-opening-plus-remainder'] },
        { kind: 'choice', path: 'dayLoanDueTime', label: 'settingsArea.loan.dayLoanDueTime', choices: ['end-of-day', 'closing-time'] },
        { kind: 'whole', path: 'itemLimit', label: 'settingsArea.loan.itemLimit', blankMeans: 'settingsArea.noLimit' },
      ],
    },
    {
      legend: 'settingsArea.loan.renewals',
      settings: [
        { kind: 'boolean', path: 'renewals.allowed', label: 'settingsArea.loan.renewalsAllowed' },
        { kind: 'whole', path: 'renewals.maxRenewals', label: 'settingsArea.loan.maxRenewals', blankMeans: 'settingsArea.unlimited' },
        { kind: 'choice', path: 'renewals.renewFrom', label: 'settingsArea.loan.renewFrom', choices: ['due-date', 'today'] },
        { kind: 'period', path: 'renewals.period', label: 'settingsArea.loan.renewalPeriod', blankMeans: 'settingsArea.loan.sameAsLoanPeriod' },
        { kind: 'boolean', path: 'renewals.blockedWhenRequested', label: 'settingsArea.loan.blockedWhenRequested' },
      ],
    },
    {
      legend: 'settingsArea.loan.recallsAndHolds',
      settings: [
        { kind: 'period', path: 'recalls.minimumGuaranteedPeriod', label: 'settingsArea.loan.minimumGuaranteedPeriod', blankMeans: 'settingsArea.none' },
        { kind: 'period', path: 'recalls.returnInterval', label: 'settingsArea.loan.returnInterval', blankMeans: 'settingsArea.none' },
        { kind: 'period', path: 'holds.alternateLoanPeriod', label: 'settingsArea.loan.alternateLoanPeriod', blankMeans: 'settingsArea.none' },
      ],
    },
  ],
  'request-policy': [
    {
      legend: 'settingsArea.request.requests',
      settings: [
        { kind: 'choices', path: 'allowedTypes', label: 'settingsArea.request.allowedTypes', choices: ['hold', 'recall', 'page'] },
        { kind: 'codes', path: 'pickupServicePointCodes', label: 'settingsArea.request.pickupServicePointCodes', blankMeans: 'settingsArea.request.anyPickupPoint' },
        { kind: 'whole', path: 'maxOpenRequests', label: 'settingsArea.request.maxOpenRequests', blankMeans: 'settingsArea.noLimit' },
      ],
    },
  ],
  'lost-item-policy': [
    {
      legend: 'settingsArea.lost.charges',
      settings: [
        { kind: 'period', path: 'agedToLostAfter', label: 'settingsArea.lost.agedToLostAfter', blankMeans: 'settingsArea.lost.never' },
        { kind: 'boolean', path: 'chargeReplacementCost', label: 'settingsArea.lost.chargeReplacementCost' },
        { kind: 'money', path: 'defaultReplacementCents', label: 'settingsArea.lost.defaultReplacement' },
        { kind: 'money', path: 'processingFeeCents', label: 'settingsArea.lost.processingFee' },
      ],
    },
    {
      legend: 'settingsArea.lost.returned',
      settings: [
        { kind: 'boolean', path: 'refundReplacementWhenReturned', label: 'settingsArea.lost.refundReplacement' },
        { kind: 'boolean', path: 'refundProcessingFeeWhenReturned', label: 'settingsArea.lost.refundProcessingFee' },
        { kind: 'boolean', path: 'reinstateOverdueFineWhenReturned', label: 'settingsArea.lost.reinstateOverdueFine' },
        { kind: 'whole', path: 'refundTimeLimitDays', label: 'settingsArea.lost.refundTimeLimitDays', blankMeans: 'settingsArea.lost.alwaysRefunded' },
      ],
    },
  ],
  'notice-policy': [{ legend: 'settingsArea.notice.notices', settings: [{ kind: 'notices', path: 'notices', label: 'settingsArea.notice.notices' }] }],
  'fixed-due-date-schedule': [{ legend: 'settingsArea.schedule.entries', settings: [{ kind: 'date-ranges', path: 'entries', label: 'settingsArea.schedule.entries' }] }],
};
