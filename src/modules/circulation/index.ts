/** What other modules may use of circulation: the desk's use cases, the patron-standing rules and a few reads. */
export { checkIn, type CheckInResult } from './check-in.service.ts';
export { checkOut } from './check-out.service.ts';
export { renewLoan, renewLoansOfPatron } from './renewal.service.ts';
export { forgetCirculationRules, resolveCirculationRule } from './circulation-rules.service.ts';
/** How a circulation rule is chosen for a loan (notice policies are chosen the same way). */
export { chooseRule, compareRules, type MatchableRule } from './rule-match.policy.ts';
export { activeManualBlocks, isOverdue, patronStandingRefusals } from './check-out.policy.ts';
export { refusalCodes, type CirculationActor, type RefusalCode } from './refusal.policy.ts';
export type { CirculationPatron } from './circulation-patron.queries.ts';
export type { LoanView } from './loan-history.queries.ts';
export { borrowerByBarcode, openLoansOfPatron } from './circulation.reads.ts';
