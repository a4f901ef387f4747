/** What other modules may use of fees: a patron's account and balance, paying, and writing amounts. */
export { patronFeeAccount, type FeeView } from './fee-account.service.ts';
export { feesOfLoanCount, patronOwesCents } from './fee-balance.reads.ts';
export { payFees } from './fee-payment.service.ts';
export { describeCents } from './money.policy.ts';
export { loadReceipt } from './receipt.service.ts';
export { patronOfReceipt } from './receipt.reads.ts';
export { receiptText } from './receipt.policy.ts';
/** What circulation charges and forgives as loans end, are renewed, backdated or go lost. */
export { chargeFineAtRenewal, chargeFinesAtCheckIn, recountFineForNewDueDate, type CheckInFine } from './fines-from-circulation.service.ts';
export { chargeLostItemWithin } from './lost-items-from-circulation.service.ts';
export { chargesForLostItem } from './lost-item.policy.ts';
/** A loan's fee facts (fine and lost-item policies, replacement cost, lending desk zone), read inside the caller's transaction. */
export { findLoanFeeFacts } from './loan-fees.queries.ts';
export { fineForgivenByBackdating, waiveAuthorityOfStaff } from './backdated-return.service.ts';
export type { WaiveAuthority } from './fee.policy.ts';
export type { RenewalFine } from './overdue-fine.policy.ts';
export { runBursarTransferJob } from './bursar-transfer.job.ts';
export { runFineAccrual } from './fine-accrual.job.ts';
export { runBursarTransfer } from './bursar-transfer.service.ts';
