import type { Kysely } from 'kysely';
import type { Database, LoanState } from '../../db/schema.ts';
import { waiveAuthorityOf, type WaiveAuthority } from './fee.policy.ts';
import { roleWaiveLimitCents } from './fee.queries.ts';
import { overdueFineInputOf } from './fines-from-circulation.service.ts';
import { findLoanFeeFacts } from './loan-fees.queries.ts';
import { calculateOverdueFine } from './overdue-fine.policy.ts';

export interface ForgivenFine {
  forgivenCents: number;
  currency: string;
}

/**
 * What a backdated check-in takes off a loan's overdue fine: the fine were the item returned now,
 * less the fine at the return time staff gave. A claimed-returned item is charged no fine either way.
 */
export async function fineForgivenByBackdating(
  trx: Kysely<Database>,
  institutionId: string,
  loan: { id: string; state: LoanState },
  returnedAt: Date,
  now: Date,
  servicePointId: string,
): Promise<ForgivenFine> {
  const facts = await findLoanFeeFacts(trx, institutionId, loan.id);
  if (loan.state === 'claimed-returned') return { forgivenCents: 0, currency: facts.currency };
  const input = await overdueFineInputOf(trx, institutionId, facts, servicePointId);
  if (!input) return { forgivenCents: 0, currency: facts.currency };
  const atNow = calculateOverdueFine({ ...input, returnedAt: now }).fineCents;
  const atReturn = calculateOverdueFine({ ...input, returnedAt }).fineCents;
  return { forgivenCents: Math.max(0, atNow - atReturn), currency: facts.currency };
}

/** What a staff member may waive in one action (their role's limit), for anything that forgives a fine. */
export async function waiveAuthorityOfStaff(trx: Kysely<Database>, institutionId: string, staff: { permissions: ReadonlySet<string>; roleCode: string | null }): Promise<WaiveAuthority> {
  const limit = staff.roleCode ? await roleWaiveLimitCents(trx, institutionId, staff.roleCode) : null;
  return waiveAuthorityOf(staff.permissions, limit);
}
