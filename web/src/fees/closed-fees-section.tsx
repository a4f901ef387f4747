import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import type { Fee } from '../api/fee-queries.ts';
import { usePatronClosedFees } from '../api/fee-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { formatDate, formatMoney, t } from '../i18n/translate.ts';
import { FeeHistory, howFeeClosed } from './fee-history.tsx';
import { refundableCentsOf } from './refund-dialog.tsx';

interface ClosedFeesSectionProps {
  patronId: string;
  currency: string;
  mayRefund: boolean;
  onRefund(fee: Fee): void;
}

/**
 * Fees that owe nothing any more, folded away under the open ones: a payment taken in full can still be
 * refunded from here, and each fee's history says how it closed.
 */
export function ClosedFeesSection({ patronId, currency, mayRefund, onRefund }: ClosedFeesSectionProps) {
  const closed = usePatronClosedFees(patronId);
  const [shown, setShown] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const fees = (closed.data?.fees ?? []).filter((fee) => fee.status === 'closed');
  const money = (cents: number) => formatMoney(cents, currency);

  function toggle(id: string) {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  }

  return (
    <div className="fees__closed">
      <h3>
        <button type="button" className="button button--quiet" aria-expanded={shown} aria-controls={`closed-fees-${patronId}`} onClick={() => setShown(!shown)}>
          <span aria-hidden="true">{shown ? '▾ ' : '▸ '}</span>
          {t('fees.closedHeading', { count: closed.isSuccess ? fees.length : '…' })}
        </button>
      </h3>
      <div id={`closed-fees-${patronId}`} hidden={!shown}>
        {shown && <QueryStatus query={closed} />}
        {shown && closed.isSuccess && fees.length === 0 && <p className="fees__none">{t('fees.closedNone')}</p>}
        {shown && fees.length > 0 && (
          <div className="table-scroll">
            <table className="table fees__table" aria-label={t('fees.closedTableLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('fees.date')}</th>
                  <th scope="col">{t('fees.type')}</th>
                  <th scope="col">{t('fees.itemOrDescription')}</th>
                  <th scope="col" className="cell--number">
                    {t('fees.original')}
                  </th>
                  <th scope="col">{t('fees.closedHow')}</th>
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
                        <td>{formatDate(fee.createdAt)}</td>
                        <td>{fee.feeType.name}</td>
                        <td>{fee.itemId ? <Link to={`/items/${fee.itemId}`}>{fee.itemTitle ?? t('fees.viewItem')}</Link> : (fee.description ?? t('patron.none'))}</td>
                        <td className="cell--number">{money(fee.originalAmountCents)}</td>
                        <td>{howFeeClosed(fee, currency)}</td>
                        <td className="fees__row-actions">
                          {fee.actions.length > 0 && (
                            <button
                              type="button"
                              className="button button--quiet"
                              aria-expanded={open}
                              aria-controls={`closed-fee-history-${fee.id}`}
                              aria-label={t('fees.historyOf', { fee: label })}
                              onClick={() => toggle(fee.id)}
                            >
                              {t('fees.history')}
                            </button>
                          )}
                          {mayRefund && refundableCentsOf(fee) > 0 && (
                            <button type="button" className="button button--small" aria-label={t('fees.refundFee', { fee: label })} onClick={() => onRefund(fee)}>
                              {t('fees.refund')}
                            </button>
                          )}
                        </td>
                      </tr>
                      {open && (
                        <tr id={`closed-fee-history-${fee.id}`} className="fees__history">
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
      </div>
    </div>
  );
}
