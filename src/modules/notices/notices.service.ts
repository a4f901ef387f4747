import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { noticeKinds } from '../policies/index.ts';
import { describeCents, patronOwesCents } from '../fees/index.ts';
import { requireInstitution } from '../org/index.ts';
import { displayNameOf, requirePatron } from '../patrons/index.ts';
import { senderOf, transportFor } from '../../platform/mail-transport.ts';
import { collectNoticeEvents, type NoticeEvent } from './notice-events.service.ts';
import type { NoticeKind } from './notice-kinds.policy.ts';
import { NoticePolicies } from './notice-policies.service.ts';
import { dueLoanNotices, nextAttemptAfterFailure } from './notice-schedule.policy.ts';
import { renderNoticeTemplate, type TemplateFields } from './notice-template.policy.ts';
import { templateForPatron } from './notice-templates.service.ts';
import { claimBatchForRetry, findBatchesToRetry, findBatchFacts, findBatchMail, findLoansForNotices, insertDeliveryIfAbsent, recordBatchOutcome } from './notices.queries.ts';

export interface NoticesConfig {
  smtpUrl?: string | undefined;
}

export interface NoticesRun {
  /** Emails sent this run (new notices and retries). */
  sent: number;
  failed: number;
  /** Emails left waiting because email is not set up. */
  queued: number;
  /** New notice events recorded this run. */
  deliveries: number;
}

const notConfigured = 'Email is not set up for this Carrel server (SMTP_URL is not set); sent once it is.';
const noEmail = 'The patron has no email address on file.';
const leaseMinutes = 60;
const loanKinds: readonly NoticeKind[] = ['courtesy', 'overdue', 'recall'];

/** What a delivery row keeps about its event (notice_delivery.facts), enough to write the email later. */
interface StoredFacts {
  templateCode: string | null;
  libraryName: string | null;
  item: NoticeEvent['item'];
  top?: TemplateFields | undefined;
}

/**
 * One notice pass for an institution: find the events of `kinds` due now (per the notice policy
 * governing each), record each once under its unique event key (with its facts), and send one
 * email per patron and kind (one per receipt). Only the pass that recorded an event sends it, so
 * reruns and other app nodes never send it again; earlier emails that failed, waited for SMTP or
 * whose pass died before sending are retried when due (the retry claim is a lease on
 * next_attempt_at). A send failure is recorded on the notice and never undoes what caused it.
 */
export async function runNotices(db: Kysely<Database>, clock: Clock, institutionId: string, config: NoticesConfig, kinds: readonly NoticeKind[] = noticeKinds): Promise<NoticesRun> {
  const now = clock.now();
  const run: NoticesRun = { sent: 0, failed: 0, queued: 0, deliveries: 0 };
  const institution = await requireInstitution(db, institutionId);
  await retryDueBatches(db, now, institutionId, config, run);

  const policies = await NoticePolicies.load(db, institutionId);
  if (!policies.listsAnyOf(kinds)) return run;
  const events: NoticeEvent[] = [];
  if (kinds.some((kind) => loanKinds.includes(kind))) {
    for (const loan of await findLoansForNotices(db, institutionId)) {
      const due = dueLoanNotices({ loanId: loan.loanId, dueAt: new Date(loan.dueAt), recalledAt: loan.recalledAt ? new Date(loan.recalledAt) : null }, policies.forLoanRuleOfPolicy(loan.noticePolicyId, loan.noticeSettings), now, institution.time_zone);
      for (const notice of due) {
        if (!kinds.includes(notice.kind)) continue;
        const dueDate = DateTime.fromISO(loan.dueAt, { zone: institution.time_zone }).toFormat('yyyy-MM-dd HH:mm');
        events.push({ ...notice, patronId: loan.patronId, loanId: loan.loanId, libraryName: loan.libraryName, item: { title: loan.title, barcode: loan.barcode, callNumber: loan.callNumber ?? '', dueDate } });
      }
    }
  }
  events.push(...(await collectNoticeEvents({ db, institutionId, now, timeZone: institution.time_zone, currency: institution.currency, policies }, kinds)));

  const batches = new Map<string, { batchId: string; inserted: number }>();
  for (const event of events) {
    // a receipt is an email of its own; other kinds gather a patron's events of the pass
    const groupKey = `${event.patronId}|${event.kind}|${event.templateCode ?? ''}${event.kind === 'fee-receipt' ? `|${event.eventKey}` : ''}`;
    let batch = batches.get(groupKey);
    if (!batch) batches.set(groupKey, (batch = { batchId: newId(), inserted: 0 }));
    const facts: StoredFacts = { templateCode: event.templateCode, libraryName: event.libraryName ?? null, item: event.item, top: event.top };
    const inserted = await insertDeliveryIfAbsent(db, {
      id: newId(),
      institutionId,
      patronId: event.patronId,
      loanId: event.loanId,
      kind: event.kind,
      eventKey: event.eventKey,
      batchId: batch.batchId,
      createdAt: now.toISOString(),
      leaseUntil: new Date(now.getTime() + leaseMinutes * 60_000).toISOString(),
      facts: JSON.stringify(facts),
    });
    if (inserted) {
      batch.inserted += 1;
      run.deliveries += 1;
    }
  }
  for (const batch of batches.values()) if (batch.inserted > 0) await writeAndSend(db, now, institutionId, config, batch.batchId, 0, run);
  return run;
}

/** Write the email of a batch from its stored facts, in the patron's language, and send it (or keep it queued). */
async function writeAndSend(db: Kysely<Database>, now: Date, institutionId: string, config: NoticesConfig, batchId: string, attempts: number, run: NoticesRun): Promise<void> {
  const rows = await findBatchFacts(db, institutionId, batchId);
  const first = rows[0];
  if (!first) return;
  const institution = await requireInstitution(db, institutionId);
  const patron = await requirePatron(db, institutionId, first.patron_id);
  const facts = rows.map((row) => JSON.parse(row.facts ?? '{"item":{}}') as StoredFacts);
  const template = await templateForPatron(db, institutionId, first.kind as NoticeKind, facts[0]!.templateCode, patron.preferred_language, institution.locale);
  const fields = noticeFieldsOf(facts, {
    patron: {
      name: displayNameOf({ firstName: patron.first_name, lastName: patron.last_name, preferredFirstName: patron.preferred_first_name }),
      firstName: patron.preferred_first_name ?? patron.first_name,
      lastName: patron.last_name,
      balance: describeCents(await patronOwesCents(db, institutionId, first.patron_id), institution.currency),
    },
    library: { name: facts[0]!.libraryName ?? institution.name, contact: config.smtpUrl ? senderOf(config.smtpUrl) : '' },
    currency: institution.currency,
  });
  const mail = { recipient: patron.email, subject: renderNoticeTemplate(template.subject, fields), body: renderNoticeTemplate(template.body, fields) };
  if (!mail.recipient) {
    await recordBatchOutcome(db, institutionId, batchId, { status: 'failed', lastError: noEmail, nextAttemptAt: null, ...mail });
    run.failed += 1;
  } else if (!config.smtpUrl) {
    await recordBatchOutcome(db, institutionId, batchId, { status: 'queued', lastError: notConfigured, nextAttemptAt: now.toISOString(), ...mail });
    run.queued += 1;
  } else {
    await sendBatch(db, now, institutionId, config.smtpUrl, batchId, { ...mail, recipient: mail.recipient, attempts }, run);
  }
}

/** The template fields of one email: the patron, the library, the items (a receipt's lines), totals. */
export function noticeFieldsOf(facts: readonly StoredFacts[], base: { patron: TemplateFields; library: TemplateFields; currency: string }): TemplateFields {
  const items = facts.flatMap((fact) => (Array.isArray(fact.item.lines) ? (fact.item.lines as TemplateFields[]) : [fact.item]));
  const totalCents = facts.reduce((sum, fact) => sum + (fact.item.amountCents ?? 0), 0);
  return { ...(facts[0]?.top ?? {}), patron: base.patron, library: base.library, items, total: describeCents(totalCents, base.currency) };
}

interface ReadyMail {
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

async function sendBatch(db: Kysely<Database>, now: Date, institutionId: string, smtpUrl: string, batchId: string, mail: ReadyMail, run: NoticesRun): Promise<void> {
  const attempts = mail.attempts + 1;
  const content = { recipient: mail.recipient, subject: mail.subject, body: mail.body };
  try {
    const institution = await requireInstitution(db, institutionId);
    await transportFor(smtpUrl).sendMail({ from: { name: institution.name, address: senderOf(smtpUrl) }, to: mail.recipient, subject: mail.subject, text: mail.body });
    await recordBatchOutcome(db, institutionId, batchId, { status: 'sent', attempts, lastError: null, nextAttemptAt: null, sentAt: now.toISOString(), ...content });
    run.sent += 1;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const next = nextAttemptAfterFailure(attempts, now);
    await recordBatchOutcome(db, institutionId, batchId, { status: 'failed', attempts, lastError: reason, nextAttemptAt: next ? next.toISOString() : null, ...content });
    run.failed += 1;
  }
}

/**
 * Retries: failed sends after their back-off, queued ones once SMTP is set up, and batches whose
 * pass died after recording them (their lease ran out): those are written now from their facts.
 * A retry sends the text written the first time (not re-rendered after a template change).
 */
async function retryDueBatches(db: Kysely<Database>, now: Date, institutionId: string, config: NoticesConfig, run: NoticesRun): Promise<void> {
  const nowText = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMinutes * 60_000).toISOString();
  for (const { batchId } of await findBatchesToRetry(db, institutionId, nowText)) {
    const batch = await findBatchMail(db, institutionId, batchId);
    const written = batch?.recipient && batch.subject !== null && batch.body !== null;
    if (written && !config.smtpUrl) continue;
    if (!(await claimBatchForRetry(db, institutionId, batchId, nowText, leaseUntil))) continue;
    if (!written) await writeAndSend(db, now, institutionId, config, batchId, Number(batch?.attempts ?? 0), run);
    else await sendBatch(db, now, institutionId, config.smtpUrl!, batchId, { recipient: batch.recipient!, subject: batch.subject!, body: batch.body!, attempts: Number(batch.attempts) }, run);
  }
}
