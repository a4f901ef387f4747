import { displayNameOf } from '../patrons/index.ts';
import { patronStandingRefusals } from '../circulation/index.ts';
import { fixedWidth, sipAmount, sipCount, sipFlag, sipLanguage } from './sip-codec.ts';
import type { SipHandler, SipMessage, SipReply, SipSessionContext } from './sip-contract.ts';
import { sipDateTime } from './sip-dates.ts';
import { requestedSummaryList, type SipSummaryList } from './sip-message-formats.ts';
import { identifyPatron, type IdentifiedPatron } from './sip-patron-identity.ts';
import { blockMessages, deniedPatronStatus, patronCounts, patronStatusOf } from './sip-patron-status.policy.ts';
import { holdItemsLimitOf, type SipPatronStanding } from './sip-patron.queries.ts';
import { screenMessageFor } from './sip-screen-messages.ts';

/** 23 patron status and 63 patron information: what a kiosk shows when a card is scanned. */

/** Without BP/BQ a list is sent whole, up to this many entries, so a reply stays a sensible size. */
const defaultListLength = 100;

/** Plain sentences for the kiosk screen: why the patron cannot be served, or why borrowing is stopped. */
export function patronScreenMessages(identified: IdentifiedPatron, now: Date, timeZone: string): string[] {
  if (!identified.vouched || !identified.standing) return [screenMessageFor(identified.refusal ?? 'SIP_PATRON_INVALID')];
  const refusals = patronStandingRefusals(identified.standing.patron, now, timeZone, 'borrowing');
  const sentences = refusals.filter((entry) => entry.code !== 'PATRON_BLOCKED').map((entry) => screenMessageFor(entry.code));
  const blocks = blockMessages(identified.standing, now);
  if (refusals.some((entry) => entry.code === 'PATRON_BLOCKED')) sentences.push(...(blocks.length > 0 ? blocks : [screenMessageFor('PATRON_BLOCKED')]));
  return sentences;
}

function nameOf(standing: SipPatronStanding): string {
  return displayNameOf(standing.patron);
}

/** The 24 patron status response; also the answer to 01 block patron. */
export function patronStatusReply(identified: IdentifiedPatron, session: SipSessionContext, now: Date): SipReply {
  const { standing, vouched } = identified;
  const known = vouched && standing !== undefined;
  return {
    command: '24',
    fixed: [known ? patronStatusOf(standing, now, session.timeZone) : deniedPatronStatus, sipLanguage, sipDateTime(now, session.timeZone)],
    fields: [
      ['AO', session.account!.institutionCode],
      ['AA', identified.barcode],
      ['AE', known ? nameOf(standing) : ''],
      ['BL', sipFlag(standing !== undefined)],
      ['CQ', identified.pinSent ? sipFlag(identified.pin === 'valid') : undefined],
      ['BH', known ? standing.currency : undefined],
      ['BV', known ? sipAmount(standing.feeBalanceCents) : undefined],
      ...patronScreenMessages(identified, now, session.timeZone).map((sentence): [string, string] => ['AF', sentence]),
    ],
  };
}

export const patronStatus: SipHandler = async (message, session) => {
  const identified = await identifyPatron(message, session);
  return patronStatusReply(identified, session, session.clock.now());
};

/** The entries of the one list a 63 summary asks for, numbered from 1 and cut to BP..BQ. */
function summaryEntries(list: SipSummaryList | undefined, standing: SipPatronStanding, now: Date, message: SipMessage): string[] {
  if (!list) return [];
  const all = listEntries(list, standing, now);
  const start = Math.max(1, Number.parseInt(message.fields.get('BP')?.[0] ?? '1', 10) || 1);
  const endField = Number.parseInt(message.fields.get('BQ')?.[0] ?? '', 10);
  const end = Number.isFinite(endField) && endField >= start ? endField : start + defaultListLength - 1;
  return all.slice(start - 1, end);
}

function listEntries(list: SipSummaryList, standing: SipPatronStanding, now: Date): string[] {
  const overdue = (dueAt: string) => new Date(dueAt).getTime() < now.getTime();
  switch (list) {
    case 'holdItems':
      return standing.requests.filter((request) => request.status === 'open-awaiting-pickup').map((request) => request.itemBarcode ?? request.title);
    case 'unavailableHolds':
      return standing.requests.filter((request) => request.status !== 'open-awaiting-pickup').map((request) => request.itemBarcode ?? request.title);
    case 'overdueItems':
      return standing.loans.filter((loan) => loan.state === 'checked-out' && overdue(loan.dueAt)).map((loan) => loan.itemBarcode);
    case 'chargedItems':
      return standing.loans.map((loan) => loan.itemBarcode);
    case 'recallItems':
      return standing.loans.filter((loan) => loan.recalledAt !== null).map((loan) => loan.itemBarcode);
    case 'fineItems':
      return standing.fees.map((fee) => `${sipAmount(fee.balanceCents)} ${fee.description ?? fee.feeType.name}`.trim());
  }
}

const listField: Record<SipSummaryList, string> = {
  holdItems: 'AS',
  overdueItems: 'AT',
  chargedItems: 'AU',
  fineItems: 'AV',
  recallItems: 'BU',
  unavailableHolds: 'CD',
};

/** 'YYYY-MM-DD' → 'YYYYMMDD', the form the PB and PA extension fields take. */
function compactDate(date: string | null): string | undefined {
  return date ? date.replaceAll('-', '') : undefined;
}

export const patronInformation: SipHandler = async (message, session) => {
  const now = session.clock.now();
  const identified = await identifyPatron(message, session);
  const { standing } = identified;
  const account = session.account!;
  const date = sipDateTime(now, session.timeZone);
  if (!identified.vouched || !standing) {
    return {
      command: '64',
      fixed: [deniedPatronStatus, sipLanguage, date, ...Array(6).fill(sipCount(0))],
      fields: [
        ['AO', account.institutionCode],
        ['AA', identified.barcode],
        ['AE', ''],
        ['BL', sipFlag(standing !== undefined)],
        ['CQ', identified.pinSent ? sipFlag(identified.pin === 'valid') : undefined],
        ...patronScreenMessages(identified, now, session.timeZone).map((sentence): [string, string] => ['AF', sentence]),
      ],
    };
  }
  const counts = patronCounts(standing, now);
  const limits = standing.patron.groupLimits;
  const list = requestedSummaryList(message.fixed.summary);
  // Addresses, email, phone and birth date identify a person: by default only a patron who typed the right PIN sees them.
  const details = account.seesPatronDetails && (identified.pin === 'valid' || !account.patronDetailsNeedPin);
  const limit = (value: number | null | undefined) => (value === null || value === undefined ? undefined : sipCount(value));
  const holdItemsLimit = await holdItemsLimitOf(session.db, account.institutionId, standing.patron);
  return {
    command: '64',
    fixed: [
      patronStatusOf(standing, now, session.timeZone),
      sipLanguage,
      date,
      sipCount(counts.availableHolds),
      sipCount(counts.overdue),
      sipCount(counts.charged),
      sipCount(standing.fees.length),
      sipCount(counts.recalled),
      sipCount(counts.unavailableHolds),
    ].map((value, index) => (index === 0 ? fixedWidth(value, 14) : value)),
    fields: [
      ['AO', account.institutionCode],
      ['AA', identified.barcode],
      ['AE', nameOf(standing)],
      ['BZ', limit(holdItemsLimit)],
      ['CA', limit(limits?.maxOverdueItems)],
      ['CB', limit(limits?.maxLoans)],
      ['BL', 'Y'],
      ['CQ', identified.pinSent ? sipFlag(identified.pin === 'valid') : undefined],
      ['BH', standing.currency],
      ['BV', sipAmount(standing.feeBalanceCents)],
      ['CC', limits?.maxFeeBalanceCents === null || limits?.maxFeeBalanceCents === undefined ? undefined : sipAmount(limits.maxFeeBalanceCents)],
      ...summaryEntries(list, standing, now, message).map((entry): [string, string] => [listField[list!], entry]),
      ['BD', details ? (standing.details.address ?? undefined) : undefined],
      ['BE', details ? (standing.details.email ?? undefined) : undefined],
      ['BF', details ? (standing.details.phone ?? undefined) : undefined],
      ['PB', details ? compactDate(standing.details.birthDate) : undefined],
      ['PC', standing.details.groupCode],
      ['PI', sipFlag(standing.details.internetPrivileges)],
      ['AQ', standing.institutionCode],
      ['PA', compactDate(standing.patron.expiresOn)],
      ...patronScreenMessages(identified, now, session.timeZone).map((sentence): [string, string] => ['AF', sentence]),
    ],
  };
};
