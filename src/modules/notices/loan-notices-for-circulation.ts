import type { LoanNotices } from '../circulation/index.ts';
import { countNoticesOfLoan } from './notices.queries.ts';

/**
 * The notice log as circulation sees it (circulation/request-queue.port.ts LoanNotices): notices sits
 * above circulation, so circulation is handed this in its context (src/node-context.ts). Stateless.
 */
export const loanNoticesForCirculation: LoanNotices = {
  noticesOfLoan: (trx, institutionId, loanId) => countNoticesOfLoan(trx, institutionId, loanId),
};
