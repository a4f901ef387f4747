import { DateTime } from 'luxon';
import type { FeeActionKind, PaymentMethod, RefundTarget } from '../../db/schema.ts';
import { describeCents } from './money.policy.ts';

/** The kinds of ledger action a patron is handed a receipt for. */
export const receiptKinds: readonly FeeActionKind[] = ['payment', 'waiver', 'refund'];

/** One action on one fee, with what the receipt needs to name it. */
export interface ReceiptSourceLine {
  actionId: string;
  kind: FeeActionKind;
  amountCents: number;
  balanceAfterCents: number;
  method: PaymentMethod | null;
  transactionReference: string | null;
  waiverReasonName: string | null;
  refundTo: RefundTarget | null;
  occurredAt: string;
  feeTypeName: string;
  feeDescription: string | null;
  itemTitle: string | null;
}

/** Everything a receipt is built from, already loaded and scoped to one institution. */
export interface ReceiptSource {
  receiptNumber: string;
  institutionName: string;
  currency: string;
  timeZone: string;
  servicePointName: string | null;
  staffUsername: string | null;
  patron: { firstName: string; preferredFirstName: string | null; lastName: string; barcode: string };
  lines: readonly ReceiptSourceLine[];
  /** What the patron owed on all fees once this receipt's actions were done. */
  patronBalanceCents: number;
}

export interface ReceiptLine {
  feeTypeName: string;
  description: string | null;
  itemTitle: string | null;
  amountCents: number;
  amountText: string;
  balanceAfterCents: number;
  balanceAfterText: string;
}

export interface Receipt {
  receiptNumber: string;
  kind: FeeActionKind;
  title: string;
  institutionName: string;
  servicePointName: string | null;
  occurredAt: string;
  /** The date and time in the library's time zone, as the patron would read it. */
  occurredAtText: string;
  staffUsername: string | null;
  patronName: string;
  /** Only the last four characters: a receipt can be left on the counter. */
  patronBarcodeText: string;
  lines: ReceiptLine[];
  totalCents: number;
  totalText: string;
  method: string | null;
  transactionReference: string | null;
  waiverReason: string | null;
  refundTarget: string | null;
  patronBalanceCents: number;
  patronBalanceText: string;
}

const titles: Record<FeeActionKind, string> = {
  payment: 'Payment receipt',
  waiver: 'Waiver receipt',
  refund: 'Refund receipt',
  transfer: 'Transfer receipt',
  cancellation: 'Cancellation receipt',
  adjustment: 'Adjustment receipt',
};

const methodNames: Record<PaymentMethod, string> = { cash: 'Cash', card: 'Card', check: 'Check', online: 'Online', credit: 'Patron credit' };

const refundTargetNames: Record<RefundTarget, string> = {
  patron: 'Refunded to the patron',
  credit: 'Kept as patron credit',
  balance: 'Returned to the fee balance',
};

export function maskBarcode(barcode: string): string {
  return barcode.length <= 4 ? barcode : `••••${barcode.slice(-4)}`;
}

export function receiptTime(occurredAt: string, timeZone: string): string {
  return DateTime.fromISO(occurredAt, { zone: 'utc' }).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm ZZZZ');
}

/** Build the receipt for one action, or for every action of one payment spread over several fees. */
export function buildReceipt(source: ReceiptSource): Receipt {
  const first = source.lines[0];
  if (!first) throw new Error('A receipt needs at least one action.');
  const money = (cents: number) => describeCents(cents, source.currency);
  const occurredAt = source.lines.map((line) => line.occurredAt).reduce((latest, at) => (at > latest ? at : latest));
  const totalCents = source.lines.reduce((sum, line) => sum + line.amountCents, 0);
  const firstName = source.patron.preferredFirstName ?? source.patron.firstName;
  return {
    receiptNumber: source.receiptNumber,
    kind: first.kind,
    title: titles[first.kind],
    institutionName: source.institutionName,
    servicePointName: source.servicePointName,
    occurredAt,
    occurredAtText: receiptTime(occurredAt, source.timeZone),
    staffUsername: source.staffUsername,
    patronName: `${firstName} ${source.patron.lastName}`.trim(),
    patronBarcodeText: maskBarcode(source.patron.barcode),
    lines: source.lines.map((line) => ({
      feeTypeName: line.feeTypeName,
      description: line.feeDescription,
      itemTitle: line.itemTitle,
      amountCents: line.amountCents,
      amountText: money(line.amountCents),
      balanceAfterCents: line.balanceAfterCents,
      balanceAfterText: money(line.balanceAfterCents),
    })),
    totalCents,
    totalText: money(totalCents),
    method: first.method ? methodNames[first.method] : null,
    transactionReference: first.transactionReference,
    waiverReason: first.waiverReasonName,
    refundTarget: first.refundTo ? refundTargetNames[first.refundTo] : null,
    patronBalanceCents: source.patronBalanceCents,
    patronBalanceText: money(source.patronBalanceCents),
  };
}

/** The receipt as plain text: the email body, and what the PDF and HTML say in the same order. */
export function receiptText(receipt: Receipt): string {
  const rows: string[] = [receipt.institutionName];
  if (receipt.servicePointName) rows.push(receipt.servicePointName);
  rows.push('', receipt.title, `Receipt no. ${receipt.receiptNumber}`, `Date: ${receipt.occurredAtText}`);
  if (receipt.staffUsername) rows.push(`Staff: ${receipt.staffUsername}`);
  rows.push(`Patron: ${receipt.patronName} (${receipt.patronBarcodeText})`, '');
  for (const line of receipt.lines) {
    rows.push(line.feeTypeName);
    if (line.itemTitle) rows.push(`  Item: ${line.itemTitle}`);
    if (line.description) rows.push(`  ${line.description}`);
    rows.push(`  Amount: ${line.amountText}`, `  Balance on this fee: ${line.balanceAfterText}`);
  }
  rows.push('', `Total: ${receipt.totalText}`);
  if (receipt.method) rows.push(`Method: ${receipt.method}`);
  if (receipt.transactionReference) rows.push(`Reference: ${receipt.transactionReference}`);
  if (receipt.waiverReason) rows.push(`Waiver reason: ${receipt.waiverReason}`);
  if (receipt.refundTarget) rows.push(`Refund: ${receipt.refundTarget}`);
  rows.push(`Remaining balance: ${receipt.patronBalanceText}`);
  return `${rows.join('\n')}\n`;
}
