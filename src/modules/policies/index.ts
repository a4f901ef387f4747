/**
 * The shapes of the policies a circulation rule points at (loan, request, overdue fine, lost item, notice), shared by
 * circulation, fees, requests, notices and the library configuration. Only shapes and defaults live here, and this
 * module imports no other, so fees and requests can read a policy without importing circulation.
 */
export {
  loanPolicySettingsSchema,
  fixedDueDateScheduleSettingsSchema,
  requestTypes,
  requestPolicySettingsSchema,
  overdueFinePolicySettingsSchema,
  lostItemPolicySettingsSchema,
  noticeKinds,
  noticePolicySettingsSchema,
  policyKinds,
  type ClosedDayRule,
  type FixedDueDateScheduleSettings,
  type LoanPolicySettings,
  type LostItemPolicySettings,
  type NoticePolicySettings,
  type OverdueFinePolicySettings,
  type Period,
  type PolicyKind,
  type RequestPolicySettings,
} from './policy-settings.ts';
