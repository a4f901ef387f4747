import type { Kysely } from 'kysely';
import type { Database, NoticeDeliveryStatus } from '../../db/schema.ts';

export interface LoanNoticeFacts {
  loanId: string;
  patronId: string;
  dueAt: string;
  recalledAt: string | null;
  noticePolicyId: string;
  noticeSettings: string;
  title: string;
  barcode: string;
  callNumber: string | null;
  libraryName: string | null;
  patron: { firstName: string; lastName: string; preferredFirstName: string | null; email: string | null };
}

/**
 * Open loans still out with a patron, with the notice policy of the rule they were lent under
 * (the loan keeps its rule's id from check-out, so notices follow that rule's notice policy).
 * A declared read model (docs/architecture.md): the delivery pass reads every open loan with its
 * title, copy and patron in one statement, scoped by institution; it only reads and decides nothing.
 */
export async function findLoansForNotices(db: Kysely<Database>, institutionId: string): Promise<LoanNoticeFacts[]> {
  const rows = await db
    .selectFrom('loan')
    .innerJoin('circulation_rule as rule', 'rule.id', 'loan.circulation_rule_id')
    .innerJoin('notice_policy as np', 'np.id', 'rule.notice_policy_id')
    .innerJoin('patron', 'patron.id', 'loan.patron_id')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .leftJoin('service_point as sp', 'sp.id', 'loan.checkout_service_point_id')
    .leftJoin('library', 'library.id', 'sp.library_id')
    .select([
      'loan.id as loanId', 'loan.patron_id as patronId', 'loan.due_at as dueAt', 'loan.recalled_at as recalledAt',
      'np.id as noticePolicyId', 'np.settings as noticeSettings', 'instance.title', 'item.barcode', 'holding.call_number as callNumber',
      'library.name as libraryName', 'patron.first_name', 'patron.last_name', 'patron.preferred_first_name', 'patron.email',
    ])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('loan.state', '=', 'checked-out')
    .orderBy('loan.due_at')
    .orderBy('instance.title')
    .execute();
  return rows.map((row) => ({
    loanId: row.loanId,
    patronId: row.patronId!,
    dueAt: row.dueAt,
    recalledAt: row.recalledAt,
    noticePolicyId: row.noticePolicyId,
    noticeSettings: row.noticeSettings,
    title: row.title,
    barcode: row.barcode,
    callNumber: row.callNumber,
    libraryName: row.libraryName,
    patron: { firstName: row.first_name, lastName: row.last_name, preferredFirstName: row.preferred_first_name, email: row.email },
  }));
}

export interface NewDelivery {
  id: string;
  institutionId: string;
  patronId: string;
  loanId: string | null;
  kind: string;
  eventKey: string;
  batchId: string;
  createdAt: string;
  /** Until then the sending run owns the row; a run that died midway is picked up as a retry after it. */
  leaseUntil: string;
  facts?: string | null;
}

/** Insert the delivery unless its event already has one; true when this call inserted it. */
export async function insertDeliveryIfAbsent(db: Kysely<Database>, delivery: NewDelivery): Promise<boolean> {
  const result = await db
    .insertInto('notice_delivery')
    .values({
      id: delivery.id,
      institution_id: delivery.institutionId,
      patron_id: delivery.patronId,
      loan_id: delivery.loanId,
      kind: delivery.kind,
      event_key: delivery.eventKey,
      batch_id: delivery.batchId,
      status: 'queued',
      next_attempt_at: delivery.leaseUntil,
      created_at: delivery.createdAt,
      facts: delivery.facts ?? null,
    })
    .onConflict((conflict) => conflict.columns(['institution_id', 'event_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findTemplate(db: Kysely<Database>, institutionId: string, codeOrKind: string, language: string) {
  return db
    .selectFrom('notice_template')
    .select(['subject', 'body'])
    .where('institution_id', '=', institutionId)
    .where('language', '=', language)
    .where((eb) => eb.or([eb('code', '=', codeOrKind), eb('kind', '=', codeOrKind)]))
    .orderBy((eb) => eb.case().when('code', '=', codeOrKind).then(0).else(1).end())
    .executeTakeFirst();
}

export interface DeliveryOutcome {
  status: NoticeDeliveryStatus;
  attempts?: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt?: string | null;
  recipient?: string | null;
  subject?: string;
  body?: string;
}

export async function recordBatchOutcome(db: Kysely<Database>, institutionId: string, batchId: string, outcome: DeliveryOutcome): Promise<void> {
  await db
    .updateTable('notice_delivery')
    .set({
      status: outcome.status,
      last_error: outcome.lastError,
      next_attempt_at: outcome.nextAttemptAt,
      ...(outcome.attempts !== undefined ? { attempts: outcome.attempts } : {}),
      ...(outcome.sentAt !== undefined ? { sent_at: outcome.sentAt } : {}),
      ...(outcome.recipient !== undefined ? { recipient: outcome.recipient } : {}),
      ...(outcome.subject !== undefined ? { subject: outcome.subject } : {}),
      ...(outcome.body !== undefined ? { body: outcome.body } : {}),
    })
    .where('institution_id', '=', institutionId)
    .where('batch_id', '=', batchId)
    .execute();
}

/** What a batch's notices recorded (kind, patron, facts), oldest first: what its email is written from. */
export async function findBatchFacts(db: Kysely<Database>, institutionId: string, batchId: string) {
  return db.selectFrom('notice_delivery').select(['kind', 'patron_id', 'facts']).where('institution_id', '=', institutionId).where('batch_id', '=', batchId).orderBy('created_at').execute();
}

/** A batch's email as written (empty until written) and how often it was tried. */
export async function findBatchMail(db: Kysely<Database>, institutionId: string, batchId: string) {
  return db.selectFrom('notice_delivery').select(['recipient', 'subject', 'body', 'attempts']).where('institution_id', '=', institutionId).where('batch_id', '=', batchId).executeTakeFirst();
}

/** Batches waiting to be (re)sent whose next attempt is due. */
export async function findBatchesToRetry(db: Kysely<Database>, institutionId: string, now: string): Promise<{ batchId: string; nextAttemptAt: string }[]> {
  const rows = await db
    .selectFrom('notice_delivery')
    .select(['batch_id', 'next_attempt_at'])
    .distinct()
    .where('institution_id', '=', institutionId)
    .where('status', 'in', ['queued', 'failed'])
    .where('next_attempt_at', 'is not', null)
    .where('next_attempt_at', '<=', now)
    .execute();
  return rows.map((row) => ({ batchId: row.batch_id, nextAttemptAt: row.next_attempt_at! }));
}

/**
 * Take a batch for a retry: whichever run moves its next attempt first sends it, so two app
 * nodes never retry the same email at once.
 */
export async function claimBatchForRetry(db: Kysely<Database>, institutionId: string, batchId: string, now: string, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('notice_delivery')
    .set({ next_attempt_at: leaseUntil })
    .where('institution_id', '=', institutionId)
    .where('batch_id', '=', batchId)
    .where('status', 'in', ['queued', 'failed'])
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface NoticeDeliveryView {
  id: string;
  kind: string;
  eventKey: string;
  batchId: string;
  loanId: string | null;
  status: NoticeDeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  createdAt: string;
}

export async function listPatronDeliveries(db: Kysely<Database>, institutionId: string, patronId: string, limit: number, offset: number): Promise<{ items: NoticeDeliveryView[]; total: number }> {
  const scope = db.selectFrom('notice_delivery').where('institution_id', '=', institutionId).where('patron_id', '=', patronId);
  const [rows, count] = await Promise.all([
    scope.selectAll().orderBy('created_at', 'desc').orderBy('event_key').limit(limit).offset(offset).execute(),
    scope.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.total),
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      eventKey: row.event_key,
      batchId: row.batch_id,
      loanId: row.loan_id,
      status: row.status,
      attempts: Number(row.attempts),
      lastError: row.last_error,
      nextAttemptAt: row.next_attempt_at,
      sentAt: row.sent_at,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      createdAt: row.created_at,
    })),
  };
}

/** How many notices (sent, failed or waiting) name this loan. */
export async function countNoticesOfLoan(db: Kysely<Database>, institutionId: string, loanId: string): Promise<number> {
  const row = await db.selectFrom('notice_delivery').select((eb) => eb.fn.countAll<number>().as('count')).where('institution_id', '=', institutionId).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
  return Number(row.count);
}
