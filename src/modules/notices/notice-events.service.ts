import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database, RequestStatus } from '../../db/schema.ts';
import { describeCents, loadReceipt } from '../fees/index.ts';
import { calendarOfServicePoint } from '../org/index.ts';
import { accountExpiringIsDue, feeChargeIsNoticed, holdExpiringIsDue, noticeEntryOf, openingHoursText, type NoticeKind } from './notice-kinds.policy.ts';
import type { NoticePolicies } from './notice-policies.service.ts';
import type { TemplateFields } from './notice-template.policy.ts';
import { feesChargedSince, holdsOnShelf, loansAgedToLostSince, lostFeesOfLoan, patronsExpiringBetween, receiptsSince, requestsClosedSince } from './notice-events.queries.ts';

/** One thing to tell a patron; events of one kind for one patron in one pass share an email. */
export interface NoticeEvent {
  kind: NoticeKind;
  /** Unique per institution: the same event never yields a second notice. */
  eventKey: string;
  patronId: string;
  loanId: string | null;
  templateCode: string | null;
  /** One element of the email's `items` list (amountCents is summed into `total`). */
  item: TemplateFields & { amountCents?: number };
  /** Fields for the whole email (a receipt's number, the account's expiry date). */
  top?: TemplateFields;
  /** The library the notice speaks for (the pickup desk's, the lending desk's); else the institution. */
  libraryName?: string | null;
}

/** Kinds announced right after the desk action that caused them, not only by the morning run. */
export const immediateKinds: readonly NoticeKind[] = ['hold-available', 'request-cancelled', 'fee-receipt'];

/**
 * How far back a pass looks for closed requests, charges, receipts and losses: an event older than
 * this when a pass first sees it is not announced, so switching a kind on does not email the past.
 */
export const lookBackDays = 3;

/** Why a request closed without the patron cancelling it, in the patron's words (status, or status:reason). */
const cancellationReasons: Partial<Record<RequestStatus | `${RequestStatus}:${string}`, string>> = {
  'closed-unfilled': 'No copy could be found for this request.',
  'closed-unfilled:not-needed-after': 'The request reached the date you said you no longer needed it by.',
  'closed-pickup-expired': 'The item was not collected from the hold shelf in time.',
};

function cancellationReasonOf(status: RequestStatus, reason: string | null): string {
  if (status === 'closed-cancelled') return `Cancelled: ${reason ?? 'no reason given'}`;
  return cancellationReasons[`${status}:${reason}`] ?? cancellationReasons[status] ?? 'The request was closed.';
}

interface PassContext {
  db: Kysely<Database>;
  institutionId: string;
  now: Date;
  timeZone: string;
  currency: string;
  policies: NoticePolicies;
}

const localTime = (iso: string, timeZone: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');

/** Every event of the given kinds due now, per the notice policy governing each. */
export async function collectNoticeEvents(context: PassContext, kinds: readonly NoticeKind[]): Promise<NoticeEvent[]> {
  const events: NoticeEvent[] = [];
  const since = new Date(context.now.getTime() - lookBackDays * 86_400_000).toISOString();
  if (kinds.includes('hold-available') || kinds.includes('hold-expiring')) events.push(...(await holdEvents(context, kinds)));
  if (kinds.includes('request-cancelled')) events.push(...(await cancellationEvents(context, since)));
  if (kinds.includes('aged-to-lost')) events.push(...(await agedToLostEvents(context, since)));
  if (kinds.includes('fee-charged')) events.push(...(await feeChargedEvents(context, since)));
  if (kinds.includes('fee-receipt')) events.push(...(await receiptEvents(context, since)));
  if (kinds.includes('account-expiring')) events.push(...(await accountEvents(context)));
  return events;
}

async function holdEvents({ db, institutionId, now, timeZone, policies }: PassContext, kinds: readonly NoticeKind[]): Promise<NoticeEvent[]> {
  const events: NoticeEvent[] = [];
  const calendars = new Map<string, Awaited<ReturnType<typeof calendarOfServicePoint>>>();
  for (const hold of await holdsOnShelf(db, institutionId)) {
    const policy = await policies.forPatronAndItem(hold.patron_group_id, hold.item_id);
    const expiresAt = new Date(hold.hold_shelf_expires_at as string);
    const available = kinds.includes('hold-available') ? noticeEntryOf(policy, 'hold-available') : null;
    const expiring = kinds.includes('hold-expiring') ? noticeEntryOf(policy, 'hold-expiring') : null;
    const wanted = [
      available ? { kind: 'hold-available' as const, entry: available, key: `hold-available:${hold.id}:${hold.awaiting_pickup_at}` } : null,
      expiring && holdExpiringIsDue(expiresAt, expiring, now, timeZone) ? { kind: 'hold-expiring' as const, entry: expiring, key: `hold-expiring:${hold.id}:${expiresAt.toISOString()}` } : null,
    ];
    for (const notice of wanted) {
      if (!notice) continue;
      let calendar = calendars.get(hold.pickup_id);
      if (!calendar) calendars.set(hold.pickup_id, (calendar = await calendarOfServicePoint(db, institutionId, hold.pickup_id)));
      events.push({
        kind: notice.kind,
        eventKey: notice.key,
        patronId: hold.patron_id,
        libraryName: hold.library_name,
        loanId: null,
        templateCode: notice.entry.templateCode,
        item: {
          title: hold.title,
          barcode: hold.barcode,
          callNumber: hold.call_number ?? '',
          pickupLocation: hold.pickup_name,
          pickupDeadline: localTime(expiresAt.toISOString(), calendar.timeZone),
          pickupHours: openingHoursText(calendar, now, expiresAt),
        },
      });
    }
  }
  return events;
}

async function cancellationEvents({ db, institutionId, policies }: PassContext, since: string): Promise<NoticeEvent[]> {
  const events: NoticeEvent[] = [];
  for (const request of await requestsClosedSince(db, institutionId, since)) {
    const entry = noticeEntryOf(await policies.forPatronAndItem(request.patron_group_id, request.item_id), 'request-cancelled');
    if (!entry) continue;
    const reason = cancellationReasonOf(request.status, request.cancel_reason);
    events.push({
      kind: 'request-cancelled',
      eventKey: `request-cancelled:${request.id}`,
      patronId: request.patron_id,
      libraryName: request.library_name,
      loanId: null,
      templateCode: entry.templateCode,
      item: { title: request.title, barcode: request.barcode ?? '', callNumber: request.call_number ?? '', pickupLocation: request.pickup_name, requestType: request.type, reason },
    });
  }
  return events;
}

async function agedToLostEvents({ db, institutionId, timeZone, currency, policies }: PassContext, since: string): Promise<NoticeEvent[]> {
  const events: NoticeEvent[] = [];
  for (const loss of await loansAgedToLostSince(db, institutionId, since)) {
    const entry = noticeEntryOf(policies.forLoanRule(loss.circulation_rule_id), 'aged-to-lost');
    if (!entry) continue;
    const fees = await lostFeesOfLoan(db, loss.loan_id);
    const sum = (kind: string) => fees.filter((fee) => fee.kind === kind).reduce((total, fee) => total + Number(fee.original_amount_cents), 0);
    events.push({
      kind: 'aged-to-lost',
      eventKey: `aged-to-lost:${loss.id}`,
      patronId: loss.patron_id!,
      loanId: loss.loan_id,
      templateCode: entry.templateCode,
      item: {
        title: loss.title,
        barcode: loss.barcode,
        callNumber: loss.call_number ?? '',
        dueDate: localTime(loss.due_at, timeZone),
        replacementFee: describeCents(sum('lost-item-replacement'), currency),
        processingFee: describeCents(sum('lost-item-processing'), currency),
      },
    });
  }
  return events;
}

async function feeChargedEvents({ db, institutionId, currency, policies }: PassContext, since: string): Promise<NoticeEvent[]> {
  const events: NoticeEvent[] = [];
  for (const fee of await feesChargedSince(db, institutionId, since)) {
    const policy = fee.circulation_rule_id ? policies.forLoanRule(fee.circulation_rule_id) : await policies.forPatronAndItem(fee.patron_group_id, fee.item_id);
    const entry = noticeEntryOf(policy, 'fee-charged');
    if (!entry || !feeChargeIsNoticed(entry, fee.fee_kind)) continue;
    const amountCents = Number(fee.original_amount_cents);
    events.push({
      kind: 'fee-charged',
      eventKey: `fee-charged:${fee.id}`,
      patronId: fee.patron_id,
      loanId: fee.loan_id,
      templateCode: entry.templateCode,
      item: { feeType: fee.fee_type_name, description: fee.description ?? '', title: fee.title ?? '', amount: describeCents(amountCents, currency), amountCents },
    });
  }
  return events;
}

/** The receipt's event key: the same one staff use when they email a receipt by hand, so it never goes twice. */
export const receiptEventKey = (receiptId: string) => `fee-receipt:${receiptId}`;

async function receiptEvents({ db, institutionId, policies }: PassContext, since: string): Promise<NoticeEvent[]> {
  const events: NoticeEvent[] = [];
  for (const row of await receiptsSince(db, institutionId, since)) {
    const policy = row.circulation_rule_id ? policies.forLoanRule(row.circulation_rule_id) : await policies.forPatronAndItem(row.patron_group_id, row.item_id);
    const entry = noticeEntryOf(policy, 'fee-receipt');
    if (!entry) continue;
    const { receipt } = await loadReceipt(db, institutionId, row.receiptId);
    // one receipt is one email: its lines are the items, its totals the top fields
    const item = { feeType: '', description: '', title: '', amount: '', balanceAfter: '' };
    events.push({
      kind: 'fee-receipt',
      eventKey: receiptEventKey(row.receiptId),
      patronId: row.patron_id,
      loanId: null,
      templateCode: entry.templateCode,
      item: { ...item, lines: receipt.lines.map((line) => ({ feeType: line.feeTypeName, description: line.description ?? '', title: line.itemTitle ?? '', amount: line.amountText, balanceAfter: line.balanceAfterText })) },
      top: {
        receipt: {
          title: receipt.title,
          number: receipt.receiptNumber,
          date: receipt.occurredAtText,
          total: receipt.totalText,
          method: receipt.method ? `(${receipt.method})` : '',
          reference: receipt.transactionReference ?? '',
          waiverReason: receipt.waiverReason ? `(waived: ${receipt.waiverReason})` : '',
          refundTarget: receipt.refundTarget ? `(${receipt.refundTarget})` : '',
        },
      },
    });
  }
  return events;
}

async function accountEvents({ db, institutionId, now, timeZone, policies }: PassContext): Promise<NoticeEvent[]> {
  const events: NoticeEvent[] = [];
  const today = DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
  const horizon = DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 120 }).toISODate()!;
  for (const patron of await patronsExpiringBetween(db, institutionId, today, horizon)) {
    const entry = noticeEntryOf(policies.forPatron(patron.patron_group_id), 'account-expiring');
    if (!entry || !patron.expires_on || !accountExpiringIsDue(patron.expires_on, entry, now, timeZone)) continue;
    events.push({
      kind: 'account-expiring',
      eventKey: `account-expiring:${patron.id}:${patron.expires_on}`,
      patronId: patron.id,
      loanId: null,
      templateCode: entry.templateCode,
      item: {},
      top: { account: { expiresOn: patron.expires_on } },
    });
  }
  return events;
}
