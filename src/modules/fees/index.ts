/** What other modules may use of fees: a patron's account and balance, paying, and writing amounts. */
export { patronFeeAccount, type FeeView } from './fee-account.service.ts';
export { patronOwesCents } from './fee-balance.reads.ts';
export { payFees } from './fee-payment.service.ts';
export { describeCents } from './money.policy.ts';
export { loadReceipt } from './receipt.service.ts';
export { receiptText } from './receipt.policy.ts';
