import type { Kysely } from 'kysely';
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
