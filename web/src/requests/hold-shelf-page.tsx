import { useState } from 'react';
import { flushSync } from 'react-dom';
import { Link } from 'react-router';
import { fetchHoldSlip, useHoldShelf, type HoldShelfEntry, type HoldSlip } from '../api/request-queries.ts';
import { ActionFailure, QueryStatus, messageOfFailure } from '../common/query-status.tsx';
import { NoServicePoint } from '../desk/desk-controls.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { useCurrentServicePoint } from '../desk/desk-service-point.ts';
import { t } from '../i18n/translate.ts';
import { HoldSlipSheet } from './hold-slip-sheet.tsx';

type Section = 'expired' | 'today' | 'waiting';

/**
 * The desk's hold shelf: expired holds to clear first, then those whose last day is today, then
 * the rest, soonest deadline first. An expired item stays listed until it is taken off the shelf
 * and scanned at check-in, which says where it goes next; a slip can be printed again.
 */
export function HoldShelfPage() {
  const servicePoint = useCurrentServicePoint();
  const timeZone = servicePoint?.timeZone ?? undefined;
  const shelf = useHoldShelf(servicePoint?.id);
  const [slip, setSlip] = useState<HoldSlip | null>(null);
  const [failure, setFailure] = useState('');
  const entries = shelf.data?.items ?? [];
  const sections: [Section, HoldShelfEntry[]][] = [
    ['expired', entries.filter((entry) => entry.expired)],
    ['today', entries.filter((entry) => entry.expiresToday)],
    ['waiting', entries.filter((entry) => !entry.expired && !entry.expiresToday)],
  ];

  function print(holdSlip: HoldSlip) {
    flushSync(() => setSlip(holdSlip));
    window.print();
  }

  async function reprint(entry: HoldShelfEntry) {
    setFailure('');
    try {
      print((await fetchHoldSlip(entry.requestId)).holdSlip);
    } catch (error) {
      setFailure(messageOfFailure(error));
    }
  }

  return (
    <section className="desk page" aria-labelledby="hold-shelf-heading">
      <div className="desk__bar">
        <h1 id="hold-shelf-heading">{t('requests.shelf.heading', { desk: servicePoint?.name ?? '' })}</h1>
      </div>
      {!servicePoint && <NoServicePoint />}
      <ActionFailure message={failure} />
      <QueryStatus query={shelf} />
      {shelf.isSuccess && entries.length === 0 && <p className="account__empty">{t('requests.shelf.empty')}</p>}
      {sections.map(([section, list]) =>
        list.length === 0 ? null : (
          <section key={section} className="panel" aria-labelledby={`hold-shelf-${section}`}>
            <h2 id={`hold-shelf-${section}`}>{t(`requests.shelf.section.${section}`, { count: list.length })}</h2>
            {section === 'expired' && (
              <p className="hint">
                {t('requests.shelf.clearHint')} <Link to="/check-in">{t('requests.shelf.goToCheckIn')}</Link>
              </p>
            )}
            <div className="table-scroll">
              <table className="table" aria-label={t(`requests.shelf.section.${section}`, { count: list.length })}>
                <thead>
                  <tr>
                    <th scope="col">{t('requests.column.slipName')}</th>
                    <th scope="col">{t('requests.column.title')}</th>
                    <th scope="col">{t('requests.column.item')}</th>
                    <th scope="col">{t('requests.column.deadline')}</th>
                    <th scope="col">{t('requests.column.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((entry) => (
                    <tr key={entry.requestId} className={entry.expired ? 'requests__row--expired' : undefined}>
                      <td>
                        <strong className="requests__slip-name">{entry.slipName}</strong>
                        <Link to={`/patrons/${entry.patron.id}`} className="requests__meta">{`${entry.patron.lastName}, ${entry.patron.firstName}`}</Link>
                      </td>
                      <td>{entry.item.title}</td>
                      <td>
                        <Link to={`/items/${entry.item.id}`} className="barcode">
                          {entry.item.barcode}
                        </Link>
                        {entry.item.callNumber && <span className="call-number requests__meta">{entry.item.callNumber}</span>}
                      </td>
                      <td>
                        <time dateTime={entry.holdShelfExpiresAt}>{formatDateTime(entry.holdShelfExpiresAt, timeZone)}</time>
                        {entry.expired && <span className="requests__expired">{t('requests.shelf.expired')}</span>}
                        {entry.clearFromShelf && <span className="requests__meta">{t('requests.shelf.requestClosed')}</span>}
                      </td>
                      <td className="requests__actions">
                        {!entry.clearFromShelf && (
                          <button type="button" className="button button--small" onClick={() => void reprint(entry)} aria-label={t('requests.shelf.reprintFor', { barcode: entry.item.barcode })}>
                            {t('requests.shelf.reprint')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ),
      )}
      {slip && <HoldSlipSheet slip={slip} timeZone={timeZone} />}
    </section>
  );
}
