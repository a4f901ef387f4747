/** What other modules may use of circulation: the desk's use cases, the patron-standing rules and a few reads. */
export { checkIn, type CheckInRequest, type CheckInResult } from './check-in.service.ts';
export { checkOut, type CheckOutRequest, type CheckOutResult } from './check-out.service.ts';
export { renewLoan, renewLoansOfPatron, type RenewalResult } from './renewal.service.ts';
export { undoCheckOut } from './undo-check-out.service.ts';
/** The context circulation's use cases take, and the request queue (implemented by requests) it carries. */
export type { CirculationContext, HoldSlip, LoanNotices, ReopenedRequest, RequestQueue, WaitingRequest } from './request-queue.port.ts';
export { forgetCirculationRules, resolveCirculationRule } from './circulation-rules.service.ts';
/** How a circulation rule is chosen for a loan (notice policies are chosen the same way). */
export { chooseRule, compareRules, type MatchableRule } from './rule-match.policy.ts';
export { activeManualBlocks, isOverdue, patronStandingRefusals } from './check-out.policy.ts';
export { refusalCodes, type CirculationActor, type RefusalCode } from './refusal.policy.ts';
export type { CirculationPatron } from './circulation-patron.queries.ts';
export type { LoanView } from './loan-history.queries.ts';
export { borrowerByBarcode, openLoansOfPatron } from './circulation.reads.ts';
export { rulesWithPolicies, type RuleWithPolicies } from './circulation-rules.queries.ts';
/** A kiosk's renewals name loans by barcodes or title (SIP2 29, 65). */
export { isOpenLoanOfPatron, itemsOfLoans, openLoanOfPatronItem, openLoanOfPatronTitle } from './kiosk-loans.queries.ts';
/** What the request queue (above circulation) asks of it: recalling a loan, a paged copy not found, a copy as the rules see it, refusals. */
export { markPagedCopyMissing, recallLoan } from './recall.service.ts';
export { copyForRequest, openLoansOnCopiesOf } from './copy-for-request.reads.ts';
export type { CirculationItem } from './loan.queries.ts';
export type { OpenLoanOnCopy } from './recall.queries.ts';
export { refusal, type Refusal } from './refusal.policy.ts';
export { runAgedToLost } from './aged-to-lost.job.ts';
