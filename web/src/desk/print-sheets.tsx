import type { CheckedOutLoan, RoutingSlip } from '../api/desk-queries.ts';
import type { DeskCheckInReply } from '../api/desk-queries.ts';
import type { HoldSlip } from '../api/request-queries.ts';
import { t } from '../i18n/translate.ts';
import { formatDateTime, formatDueDate } from './desk-formats.ts';

// Hidden on screen; the print stylesheet shows only .print-sheet, sized for an 80 mm receipt
// printer and still readable on Letter or A4.

export function CheckOutReceipt({ institution, desk, patronName, loans, timeZone }: { institution: string; desk: string; patronName: string; loans: CheckedOutLoan[]; timeZone: string | undefined }) {
  return (
    <div className="print-sheet" aria-hidden="true">
      <p className="print-sheet__institution">{institution}</p>
      <p>{desk}</p>
      <p>{formatDateTime(new Date().toISOString(), timeZone)}</p>
      <h2>{t('receipt.heading')}</h2>
      <p>{patronName}</p>
      <ol className="print-sheet__list">
        {loans.map((loan) => (
          <li key={loan.id}>
            <strong>{loan.item.title}</strong>
            <span className="barcode">{loan.item.barcode}</span>
            <span>{t('receipt.due', { date: formatDueDate(loan.dueAt, timeZone) })}</span>
          </li>
        ))}
      </ol>
      <p>{t('receipt.count', { count: loans.length })}</p>
    </div>
  );
}

export function RoutingSlipSheet({ slip, timeZone }: { slip: RoutingSlip; timeZone: string | undefined }) {
  return (
    <div className="print-sheet" aria-hidden="true">
      <p className="print-sheet__label">{t('slip.to')}</p>
      <p className="print-sheet__destination">{slip.to}</p>
      <p>{t('slip.from', { from: slip.from })}</p>
      <p>{formatDateTime(slip.date, timeZone)}</p>
      <hr />
      <p>
        <strong>{slip.title}</strong>
      </p>
      {slip.callNumber && <p className="call-number">{slip.callNumber}</p>}
      <p className="barcode print-sheet__barcode">{slip.itemBarcode}</p>
    </div>
  );
}

/** The slip on its way to the printer: a routing slip for an item in transit, a hold slip for a held one. */
export type PrintedSlip = { kind: 'routing'; slip: RoutingSlip } | { kind: 'hold'; slip: HoldSlip };

/** The slip a check-in calls for, if any: the hold slip first (the item waits here), else the routing slip. */
export function slipOfCheckIn(reply: DeskCheckInReply): PrintedSlip | null {
  if (reply.holdSlip) return { kind: 'hold', slip: reply.holdSlip };
  if (reply.routingSlip) return { kind: 'routing', slip: reply.routingSlip };
  return null;
}
