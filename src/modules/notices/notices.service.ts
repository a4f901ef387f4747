import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { noticePolicySettingsSchema, type NoticePolicySettings } from '../circulation/policy-settings.ts';
import { displayNameOf } from '../patrons/patron.policy.ts';
import { senderOf, transportFor } from './mail-transport.ts';
import { dueLoanNotices, nextAttemptAfterFailure, type LoanNoticeKind } from './notice-schedule.policy.ts';
import { defaultNoticeTemplates, renderNoticeTemplate, type NoticeTemplateText } from './notice-template.policy.ts';
import {
  claimBatchForRetry, findBatch, findBatchesToRetry, findLoansForNotices, findTemplate, insertDeliveryIfAbsent, recordBatchOutcome, type LoanNoticeFacts,
} from './notices.queries.ts';

export interface NoticesConfig {
  smtpUrl?: string | undefined;
}

export interface NoticesRun {
  /** Emails sent this run (new notices and retries). */
  sent: number;
  failed: number;
  /** Emails left waiting because email is not set up. */
  queued: number;
  /** New notice events recorded this run (one per loan notice). */
  deliveries: number;
}

const notConfigured = 'Email is not set up for this Carrel server (SMTP_URL is not set); sent once it is.';
const noEmail = 'The patron has no email address on file.';
const leaseMinutes = 60;
const language = 'en';

interface Batch {
  batchId: string;
  kind: LoanNoticeKind;
  templateCode: string | null;
  loans: LoanNoticeFacts[];
}

/**
 * Send the loan notices due now for one institution: courtesy, overdue and recall notices per the
 * loans' notice policies, one email per patron and kind listing all their items. Each notice event
 * is recorded before it is sent and only the run that recorded it sends it, so reruns and other app
 * nodes never send it again. Earlier emails that failed (or waited for SMTP) are retried when due.
 */
export async function runNotices(db: Kysely<Database>, clock: Clock, institutionId: string, config: NoticesConfig): Promise<NoticesRun> {
  const now = clock.now();
  const run: NoticesRun = { sent: 0, failed: 0, queued: 0, deliveries: 0 };
  const institution = await db.selectFrom('institution').select(['name', 'time_zone']).where('id', '=', institutionId).executeTakeFirstOrThrow();
  if (config.smtpUrl) await retryDueBatches(db, now, institutionId, config.smtpUrl, run);

  const policies = new Map<string, NoticePolicySettings>();
  const batches = new Map<string, Batch>();
  for (const loan of await findLoansForNotices(db, institutionId)) {
    let policy = policies.get(loan.noticePolicyId);
    if (!policy) {
      policy = noticePolicySettingsSchema.parse(JSON.parse(loan.noticeSettings));
      policies.set(loan.noticePolicyId, policy);
    }
    const due = dueLoanNotices({ loanId: loan.loanId, dueAt: new Date(loan.dueAt), recalledAt: loan.recalledAt ? new Date(loan.recalledAt) : null }, policy, now, institution.time_zone);
    for (const notice of due) {
      const groupKey = `${loan.patronId}|${notice.kind}|${notice.templateCode ?? ''}`;
      let batch = batches.get(groupKey);
      if (!batch) {
        batch = { batchId: newId(), kind: notice.kind, templateCode: notice.templateCode, loans: [] };
        batches.set(groupKey, batch);
      }
      const inserted = await insertDeliveryIfAbsent(db, {
        id: newId(),
        institutionId,
        patronId: loan.patronId,
        loanId: loan.loanId,
        kind: notice.kind,
        eventKey: notice.eventKey,
        batchId: batch.batchId,
        createdAt: now.toISOString(),
        leaseUntil: new Date(now.getTime() + leaseMinutes * 60_000).toISOString(),
      });
      if (inserted) {
        batch.loans.push(loan);
        run.deliveries += 1;
      }
    }
  }

  for (const batch of batches.values()) {
    if (batch.loans.length === 0) continue;
    const first = batch.loans[0]!;
    const template = await templateFor(db, institutionId, batch);
    const fields = {
      patron: { name: displayNameOf(first.patron) },
      library: { name: first.libraryName ?? institution.name },
      items: batch.loans.map((loan) => ({
        title: loan.title,
        barcode: loan.barcode,
        callNumber: loan.callNumber ?? '',
        dueDate: DateTime.fromISO(loan.dueAt, { zone: institution.time_zone }).toFormat('yyyy-MM-dd HH:mm'),
      })),
    };
    const mail = { recipient: first.patron.email, subject: renderNoticeTemplate(template.subject, fields), body: renderNoticeTemplate(template.body, fields) };
    if (!mail.recipient) {
      await recordBatchOutcome(db, institutionId, batch.batchId, { status: 'failed', lastError: noEmail, nextAttemptAt: null, ...mail });
      run.failed += 1;
    } else if (!config.smtpUrl) {
      await recordBatchOutcome(db, institutionId, batch.batchId, { status: 'queued', lastError: notConfigured, nextAttemptAt: now.toISOString(), ...mail });
      run.queued += 1;
    } else {
      await sendBatch(db, now, institutionId, config.smtpUrl, batch.batchId, { ...mail, recipient: mail.recipient, attempts: 0 }, run);
    }
  }
  return run;
}

async function templateFor(db: Kysely<Database>, institutionId: string, batch: Batch): Promise<NoticeTemplateText> {
  const stored = await findTemplate(db, institutionId, batch.templateCode ?? batch.kind, language);
  return stored ?? defaultNoticeTemplates[batch.kind]!;
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
    const institution = await db.selectFrom('institution').select('name').where('id', '=', institutionId).executeTakeFirstOrThrow();
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

async function retryDueBatches(db: Kysely<Database>, now: Date, institutionId: string, smtpUrl: string, run: NoticesRun): Promise<void> {
  const nowText = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMinutes * 60_000).toISOString();
  for (const { batchId } of await findBatchesToRetry(db, institutionId, nowText)) {
    if (!(await claimBatchForRetry(db, institutionId, batchId, nowText, leaseUntil))) continue;
    const batch = await findBatch(db, institutionId, batchId);
    // a run that died before rendering leaves nothing to resend; its events stay recorded, unsent
    if (!batch?.recipient || batch.subject === null || batch.body === null) {
      await recordBatchOutcome(db, institutionId, batchId, { status: 'failed', lastError: 'The notice was not written before its run stopped.', nextAttemptAt: null });
      continue;
    }
    await sendBatch(db, now, institutionId, smtpUrl, batchId, { recipient: batch.recipient, subject: batch.subject, body: batch.body, attempts: Number(batch.attempts) }, run);
  }
}
