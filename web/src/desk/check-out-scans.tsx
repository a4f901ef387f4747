import type { CheckOutReply, Refusal } from '../api/desk-queries.ts';
import { ErrorIcon } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { formatDueDate } from './desk-formats.ts';

/**
 * One scan at the check-out desk: on its way, lent, refused with the reasons, or lent and then
 * taken back with Undo. A loan remembers when the desk heard of it (for the minute Undo is offered)
 * and, if an undo was refused, the sentence why.
 */
export type CheckOutScan =
  | { key: string; itemBarcode: string; state: 'pending' }
  | { key: string; itemBarcode: string; state: 'loaned'; reply: CheckOutReply; lentAtMs: number; undoRefusal?: string }
  | { key: string; itemBarcode: string; state: 'undone'; reply: CheckOutReply }
  | { key: string; itemBarcode: string; state: 'refused'; refusals: Refusal[]; overridable: boolean };

export type LoanedCheckOutScan = CheckOutScan & { state: 'loaned' };

interface ScanListProps {
  scans: CheckOutScan[];
  timeZone: string | undefined;
  mayOverride: boolean;
  onOverride(scan: CheckOutScan & { state: 'refused' }): void;
  /** The newest loan while it may still be undone; null when none may. */
  undoableKey: string | null;
  undoing: boolean;
  onUndo(scan: LoanedCheckOutScan): void;
}

/** Newest first; a refusal sits in the same list, in the error colour, with Override for those who may. */
export function CheckOutScanList({ scans, timeZone, mayOverride, onOverride, undoableKey, undoing, onUndo }: ScanListProps) {
  if (scans.length === 0) return <p className="hint">{t('checkOut.emptyList')}</p>;
  return (
    <ol className="scans" aria-label={t('checkOut.listLabel')}>
      {scans.map((scan) => (
        <li key={scan.key} className={`scan${scan.state === 'refused' ? ' scan--refused' : ''}`}>
          {scan.state === 'pending' && (
            <div className="scan__main">
              <span className="barcode">{scan.itemBarcode}</span>
              <span className="scan__status">{t('checkOut.working')}</span>
            </div>
          )}
          {scan.state === 'loaned' && (
            <>
              <LoanedScan scan={scan} timeZone={timeZone} />
              {scan.key === undoableKey && (
                <button type="button" className="button button--small" disabled={undoing} onClick={() => onUndo(scan)} aria-label={t('checkOut.undoLabel', { title: scan.reply.loan.item.title })}>
                  {t('checkOut.undo')}
                </button>
              )}
            </>
          )}
          {scan.state === 'undone' && (
            <div className="scan__main">
              <p className="scan__title">{t('checkOut.undone')}</p>
              <p className="scan__meta">
                <span>{scan.reply.loan.item.title}</span>
                <span className="barcode">{scan.itemBarcode}</span>
              </p>
            </div>
          )}
          {scan.state === 'refused' && (
            <>
              <div className="scan__main">
                <p className="scan__title">
                  <ErrorIcon />
                  {t('checkOut.refused')}
                  <span className="barcode scan__barcode">{scan.itemBarcode}</span>
                </p>
                <ul className="scan__reasons">
                  {scan.refusals.map((refusal, index) => (
                    <li key={`${refusal.code}-${index}`}>{refusal.message}</li>
                  ))}
                </ul>
              </div>
              {mayOverride && scan.overridable && (
                <button type="button" className="button button--small" onClick={() => onOverride(scan)} aria-label={t('checkOut.overrideLabel', { barcode: scan.itemBarcode })}>
                  {t('checkOut.override')}
                </button>
              )}
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

function LoanedScan({ scan, timeZone }: { scan: CheckOutScan & { state: 'loaned' }; timeZone: string | undefined }) {
  const { loan, warnings } = scan.reply;
  return (
    <>
      <div className="scan__main">
        <p className="scan__title">{loan.item.title}</p>
        <p className="scan__meta">
          <span className="barcode">{loan.item.barcode}</span>
          {loan.item.callNumber && <span className="call-number">{loan.item.callNumber}</span>}
          <span>{loan.loanPolicy.name}</span>
        </p>
        {warnings.map((warning) => (
          <p key={warning.code} className="scan__warning">
            {warning.message}
          </p>
        ))}
        {scan.undoRefusal && (
          <p className="scan__warning" role="alert">
            {scan.undoRefusal}
          </p>
        )}
      </div>
      <p className="scan__due">
        <span className="scan__due-label">{t('checkOut.due')}</span>
        <time dateTime={loan.dueAt}>{formatDueDate(loan.dueAt, timeZone)}</time>
      </p>
    </>
  );
}
