import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The keys of an audit event's before/after that name a loan's patron. */
const patronKeys: ReadonlySet<string> = new Set(['patronId', 'patronBarcode', 'patronName', 'patron']);

/** The JSON text without its patron keys; the same text when it names no patron. */
export function withoutPatron(text: string | null): string | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return text;
  const kept = Object.entries(value).filter(([key]) => !patronKeys.has(key));
  return kept.length === Object.keys(value).length ? text : JSON.stringify(Object.fromEntries(kept));
}

/**
 * Privacy: when a loan ends without the patron keeping their history, the audit events about the
 * loan (check-out, renewals, due date changes, lost and claimed returned) lose the patron and keep
 * the staff member, time, action and item. A patron who acted on the loan themselves (a portal
 * renewal) stays recorded as "the patron", without saying who. Fee events are left alone: the
 * ledger links fees to patrons by design.
 */
export async function forgetPatronInLoanAudit(trx: Kysely<Database>, institutionId: string, loanId: string, patronId: string): Promise<void> {
  const events = await trx
    .selectFrom('audit_event')
    .select(['id', 'actor_kind', 'actor_id', 'before', 'after'])
    .where('institution_id', '=', institutionId)
    .where('entity_type', '=', 'loan')
    .where('entity_id', '=', loanId)
    .execute();
  for (const event of events) {
    const before = withoutPatron(event.before);
    const after = withoutPatron(event.after);
    const byThePatron = event.actor_kind === 'patron' && event.actor_id === patronId;
    if (before === event.before && after === event.after && !byThePatron) continue;
    await trx
      .updateTable('audit_event')
      .set({ before, after, ...(byThePatron ? { actor_id: null, actor_name: null } : {}) })
      .where('id', '=', event.id)
      .execute();
  }
}
