import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import type { Fee } from '../api/fee-queries.ts';
import { useInstitution, usePatronFees } from '../api/fee-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { formatDate, formatMoney, t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { ClosedFeesSection } from './closed-fees-section.tsx';
import { FeeHistory } from './fee-history.tsx';
import { minorDigitsOf } from './money-entry.ts';
import { PayDialog } from './pay-dialog.tsx';
import { RefundDialog, refundableCentsOf } from './refund-dialog.tsx';
import { TransferDialog } from './transfer-dialog.tsx';
import { WaiveDialog } from './waive-dialog.tsx';
import { ReceiptActions } from './receipt-actions.tsx';

type OpenDialog = { kind: 'pay'; fees: Fee[] } | { kind: 'waive' | 'refund' | 'transfer'; fee: Fee } | null;

/**
 * What the patron owes: the open fees, each one's history, and Pay, Waive, Refund and Transfer one step away;
 * under them, folded, the fees already closed (a full payment can still be refunded there).
 */
export function FeesPanel({ patronId }: { patronId: string }) {
  const { session } = useSession();
  const account = usePatronFees(patronId);
  const institution = useInstitution();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [announcement, setAnnouncement] = useState('');
  const [lastReceipt, setLastReceipt] = useState<{ message: string; receiptId: string } | null>(null);
  const currency = institution.data?.currency ?? 'USD';
  const minorDigits = minorDigitsOf(currency);
  const permissions = new Set(session.staff.permissions);
  const money = (cents: number) => formatMoney(cents, currency);

  const heading = (
    <h2 id="patron-fees" className="fees__heading">
      {t('fees.heading')}
    </h2>
  );
  if (!account.isSuccess) {
    return (
      <section className="panel" aria-labelledby="patron-fees">
        {heading}
        <QueryStatus query={account} />
      </section>
    );
  }

  const fees = account.data.fees.filter((fee) => fee.status === 'open' && fee.balanceCents > 0);
  const chosen = fees.filter((fee) => picked.has(fee.id));
  const toPay = chosen.length > 0 ? chosen : fees;

  function toggle(set: Set<string>, id: string): Set<string> {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }

  function finished(message: string, receiptId: string | null) {
    setDialog(null);
    setPicked(new Set());
    setAnnouncement(message);
    setLastReceipt(receiptId ? { message, receiptId } : null);
  }

  return (
    <section className="panel fees" aria-labelledby="patron-fees">
      <div className="fees__bar">
        {heading}
        <p className="fees__owed">
          <span>{t('fees.owed')}</span> <strong className="number">{money(account.data.balanceCents)}</strong>
          {account.data.creditCents > 0 && <span className="fees__credit">{t('fees.credit', { amount: money(account.data.creditCents) })}</span>}
        </p>
        {permissions.has('fees.pay') && fees.length > 0 && (
          <button type="button" className="button button--primary" onClick={() => setDialog({ kind: 'pay', fees: toPay })}>
            {chosen.length > 0 ? t('fees.paySelected', { count: chosen.length }) : t('fees.pay')}
          </button>
        )}
      </div>
      {fees.length === 0 ? (
        <p className="fees__none">{t('fees.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table fees__table" aria-label={t('fees.tableLabel')}>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('fees.pick')}</span>
                </th>
                <th scope="col">{t('fees.date')}</th>
                <th scope="col">{t('fees.type')}</th>
                <th scope="col">{t('fees.itemOrDescription')}</th>
                <th scope="col" className="cell--number">
                  {t('fees.original')}
                </th>
                <th scope="col" className="cell--number">
                  {t('fees.balance')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('fees.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {fees.map((fee) => {
                const label = t('fees.feeLabel', { type: fee.feeType.name, date: formatDate(fee.createdAt) });
                const open = expanded.has(fee.id);
                return (
                  <Fragment key={fee.id}>
                    <tr>
                      <td>
                        <input type="checkbox" aria-label={t('fees.pickFee', { fee: label })} checked={picked.has(fee.id)} onChange={() => setPicked(toggle(picked, fee.id))} />
                      </td>
                      <td>{formatDate(fee.createdAt)}</td>
                      <td>{fee.feeType.name}</td>
                      <td>{fee.description ?? (fee.itemId ? <Link to={`/items/${fee.itemId}`}>{fee.itemTitle ?? t('fees.viewItem')}</Link> : t('patron.none'))}</td>
                      <td className="cell--number">{money(fee.originalAmountCents)}</td>
                      <td className="cell--number">
                        <strong>{money(fee.balanceCents)}</strong>
                      </td>
                      <td className="fees__row-actions">
                        {fee.actions.length > 0 && (
                          <button
                            type="button"
                            className="button button--quiet"
                            aria-expanded={open}
                            aria-controls={`fee-history-${fee.id}`}
                            aria-label={t('fees.historyOf', { fee: label })}
                            onClick={() => setExpanded(toggle(expanded, fee.id))}
                          >
                            {t('fees.history')}
                          </button>
                        )}
                        {permissions.has('fees.pay') && (
                          <button type="button" className="button button--small" aria-label={t('fees.payFee', { fee: label })} onClick={() => setDialog({ kind: 'pay', fees: [fee] })}>
                            {t('fees.pay')}
                          </button>
                        )}
                        {permissions.has('fees.waive') && (
                          <button type="button" className="button button--small" aria-label={t('fees.waiveFee', { fee: label })} onClick={() => setDialog({ kind: 'waive', fee })}>
                            {t('fees.waive')}
                          </button>
                        )}
                        {permissions.has('fees.refund') && refundableCentsOf(fee) > 0 && (
                          <button type="button" className="button button--small" aria-label={t('fees.refundFee', { fee: label })} onClick={() => setDialog({ kind: 'refund', fee })}>
                            {t('fees.refund')}
                          </button>
                        )}
                        {permissions.has('fees.transfer') && (
                          <button type="button" className="button button--small" aria-label={t('fees.transferFee', { fee: label })} onClick={() => setDialog({ kind: 'transfer', fee })}>
                            {t('fees.transfer')}
                          </button>
                        )}
                      </td>
                    </tr>
                    {open && (
                      <tr id={`fee-history-${fee.id}`} className="fees__history">
                        <td />
                        <td colSpan={6}>
                          <FeeHistory fee={fee} currency={currency} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {lastReceipt && (
        <p className="fees__done">
          {lastReceipt.message} <ReceiptActions patronId={patronId} receiptId={lastReceipt.receiptId} />
        </p>
      )}
      <ClosedFeesSection patronId={patronId} currency={currency} mayRefund={permissions.has('fees.refund')} onRefund={(fee) => setDialog({ kind: 'refund', fee })} />
      {dialog?.kind === 'pay' && (
        <PayDialog
          patronId={patronId}
          fees={dialog.fees}
          owedCents={account.data.balanceCents}
          creditCents={account.data.creditCents}
          currency={currency}
          minorDigits={minorDigits}
          onPaid={finished}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'waive' && (
        <WaiveDialog fee={dialog.fee} owedCents={account.data.balanceCents} currency={currency} minorDigits={minorDigits} onWaived={finished} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'refund' && (
        <RefundDialog
          fee={dialog.fee}
          owedCents={account.data.balanceCents}
          creditCents={account.data.creditCents}
          currency={currency}
          minorDigits={minorDigits}
          onRefunded={finished}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'transfer' && (
        <TransferDialog fee={dialog.fee} owedCents={account.data.balanceCents} currency={currency} minorDigits={minorDigits} onTransferred={finished} onClose={() => setDialog(null)} />
      )}
    </section>
  );
}
