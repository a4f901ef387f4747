import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/** The source rows the notice pass reads its events from; each row's own commit is the event's record. */

/** A request with its patron, title, copy (when it has one) and pickup desk: what a request notice tells about. */
function requestsWithPickup(db: Kysely<Database>, institutionId: string) {
  return db
    .selectFrom('request')
    .innerJoin('patron', 'patron.id', 'request.patron_id')
    .innerJoin('instance', 'instance.id', 'request.instance_id')
    .innerJoin('service_point as sp', 'sp.id', 'request.pickup_service_point_id')
    .leftJoin('item', 'item.id', 'request.item_id')
    .leftJoin('holding', 'holding.id', 'item.holding_id')
    .leftJoin('library', 'library.id', 'sp.library_id')
    .select(['library.name as library_name', 'request.id', 'request.patron_id', 'patron.patron_group_id', 'request.item_id', 'instance.title', 'item.barcode', 'holding.call_number', 'sp.name as pickup_name'])
    .where('request.institution_id', '=', institutionId);
}

export async function holdsOnShelf(db: Kysely<Database>, institutionId: string) {
  return requestsWithPickup(db, institutionId)
    .select(['sp.id as pickup_id', 'request.hold_shelf_expires_at', 'request.awaiting_pickup_at'])
    .where('request.status', '=', 'open-awaiting-pickup')
    .orderBy('request.hold_shelf_expires_at')
    .orderBy('instance.title')
    .execute();
}

export async function requestsClosedSince(db: Kysely<Database>, institutionId: string, since: string) {
  return requestsWithPickup(db, institutionId)
    .select(['request.type', 'request.status', 'request.cancel_reason'])
    .where('request.status', 'in', ['closed-cancelled', 'closed-unfilled', 'closed-pickup-expired'])
    .where('request.updated_at', '>=', since)
    .orderBy('instance.title')
    .execute();
}

export async function loansAgedToLostSince(db: Kysely<Database>, institutionId: string, since: string) {
  return db
    .selectFrom('circulation_event as event')
    .innerJoin('loan', 'loan.id', 'event.loan_id')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .select(['event.id', 'loan.id as loan_id', 'loan.patron_id', 'loan.circulation_rule_id', 'loan.due_at', 'instance.title', 'item.barcode', 'holding.call_number'])
    .where('event.institution_id', '=', institutionId)
    .where('event.kind', '=', 'item-aged-to-lost')
    .where('event.occurred_at', '>=', since)
    .where('loan.patron_id', 'is not', null)
    .orderBy('instance.title')
    .execute();
}

export async function lostFeesOfLoan(db: Kysely<Database>, loanId: string) {
  return db
    .selectFrom('fee')
    .innerJoin('fee_type', 'fee_type.id', 'fee.fee_type_id')
    .select(['fee_type.kind', 'fee.original_amount_cents'])
    .where('fee.loan_id', '=', loanId)
    .where('fee_type.kind', 'in', ['lost-item-replacement', 'lost-item-processing'])
    .execute();
}

export async function feesChargedSince(db: Kysely<Database>, institutionId: string, since: string) {
  return db
    .selectFrom('fee')
    .innerJoin('fee_type', 'fee_type.id', 'fee.fee_type_id')
    .innerJoin('patron', 'patron.id', 'fee.patron_id')
    .leftJoin('loan', 'loan.id', 'fee.loan_id')
    .leftJoin('item', 'item.id', 'fee.item_id')
    .leftJoin('instance', 'instance.id', 'item.instance_id')
    .select([
      'fee.id', 'fee.patron_id', 'patron.patron_group_id', 'fee.loan_id', 'fee.item_id', 'loan.circulation_rule_id', 'fee_type.kind as fee_kind', 'fee_type.name as fee_type_name',
      'fee.description', 'fee.original_amount_cents', 'instance.title',
    ])
    .where('fee.institution_id', '=', institutionId)
    .where('fee.created_at', '>=', since)
    .orderBy('fee.created_at')
    .execute();
}

/** Payments, waivers and refunds since then, one row per receipt (a payment batch or a single action). */
export async function receiptsSince(db: Kysely<Database>, institutionId: string, since: string) {
  const rows = await db
    .selectFrom('fee_action')
    .innerJoin('fee', 'fee.id', 'fee_action.fee_id')
    .innerJoin('patron', 'patron.id', 'fee_action.patron_id')
    .leftJoin('loan', 'loan.id', 'fee.loan_id')
    .select(['fee_action.id', 'fee_action.batch_id', 'fee_action.patron_id', 'patron.patron_group_id', 'fee.item_id', 'loan.circulation_rule_id'])
    .where('fee_action.institution_id', '=', institutionId)
    .where('fee_action.kind', 'in', ['payment', 'waiver', 'refund'])
    .where('fee_action.occurred_at', '>=', since)
    .orderBy('fee_action.occurred_at')
    .execute();
  const receipts = new Map<string, (typeof rows)[number] & { receiptId: string }>();
  for (const row of rows) {
    const receiptId = row.batch_id ?? row.id;
    if (!receipts.has(receiptId)) receipts.set(receiptId, { ...row, receiptId });
  }
  return [...receipts.values()];
}

export async function patronsExpiringBetween(db: Kysely<Database>, institutionId: string, fromDate: string, throughDate: string) {
  return db
    .selectFrom('patron')
    .select(['id', 'patron_group_id', 'expires_on'])
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'active')
    .where('expires_on', '>=', fromDate)
    .where('expires_on', '<=', throughDate)
    .orderBy('expires_on')
    .execute();
}

/**
 * What the short delivery pass after a desk action could act on, in one query: the event keys of
 * holds on the shelf, closed requests and receipts (since `since`) that have no notice recorded
 * yet, and 'retries-due' when an earlier email is due for another attempt (with no SMTP set up,
 * only an email never written counts: a written one just waits). Which notice policy governs each
 * is left to the pass, so this may list events no policy announces. The keys must be built as
 * notice-events.service.ts builds them; a key built differently only makes the pass run.
 */
export async function immediateNoticeCandidates(db: Kysely<Database>, institutionId: string, at: { now: string; since: string; smtpConfigured: boolean }): Promise<string[]> {
  const shelvedAt = dialectOf(db) === 'postgres' ? sql<string>`to_char(request.awaiting_pickup_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : sql<string>`request.awaiting_pickup_at`;
  const holdKey = sql<string>`'hold-available:' || request.id || ':' || ${shelvedAt}`;
  const cancellationKey = sql<string>`'request-cancelled:' || request.id`;
  const receiptKey = sql<string>`'fee-receipt:' || coalesce(fee_action.batch_id, fee_action.id)`;
  // correlated through the key, which names the outer row's columns
  const deliveryOf = (key: RawBuilder<string>) =>
    db.selectFrom('notice_delivery').select('notice_delivery.id').where('notice_delivery.institution_id', '=', institutionId).where('notice_delivery.event_key', '=', key);
  const holds = db
    .selectFrom('request')
    .select(holdKey.as('event_key'))
    .where('request.institution_id', '=', institutionId)
    .where('request.status', '=', 'open-awaiting-pickup')
    .where((eb) => eb.not(eb.exists(deliveryOf(holdKey))));
  const cancellations = db
    .selectFrom('request')
    .select(cancellationKey.as('event_key'))
    .where('request.institution_id', '=', institutionId)
    .where('request.status', 'in', ['closed-cancelled', 'closed-unfilled', 'closed-pickup-expired'])
    .where('request.updated_at', '>=', at.since)
    .where((eb) => eb.not(eb.exists(deliveryOf(cancellationKey))));
  const receipts = db
    .selectFrom('fee_action')
    .select(receiptKey.as('event_key'))
    .where('fee_action.institution_id', '=', institutionId)
    .where('fee_action.kind', 'in', ['payment', 'waiver', 'refund'])
    .where('fee_action.occurred_at', '>=', at.since)
    .where((eb) => eb.not(eb.exists(deliveryOf(receiptKey))));
  let dueRetry = db
    .selectFrom('notice_delivery')
    .select('notice_delivery.id')
    .where('notice_delivery.institution_id', '=', institutionId)
    .where('notice_delivery.status', 'in', ['queued', 'failed'])
    .where('notice_delivery.next_attempt_at', 'is not', null)
    .where('notice_delivery.next_attempt_at', '<=', at.now);
  if (!at.smtpConfigured) {
    dueRetry = dueRetry.where((eb) => eb.or([eb('notice_delivery.recipient', 'is', null), eb('notice_delivery.recipient', '=', ''), eb('notice_delivery.subject', 'is', null), eb('notice_delivery.body', 'is', null)]));
  }
  const retries = db
    .selectFrom('institution')
    .select(sql<string>`'retries-due'`.as('event_key'))
    .where('institution.id', '=', institutionId)
    .where((eb) => eb.exists(dueRetry));
  const rows = await holds.unionAll(cancellations).unionAll(receipts).unionAll(retries).execute();
  return [...new Set(rows.map((row) => row.event_key))].sort();
}
