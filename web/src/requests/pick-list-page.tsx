import { useState } from 'react';
import { Link } from 'react-router';
import { markNotFound, usePickList, useRequestChange, type PickListEntry } from '../api/request-queries.ts';
import { ActionFailure, QueryStatus, messageOfFailure } from '../common/query-status.tsx';
import { NoServicePoint } from '../desk/desk-controls.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { useCurrentServicePoint } from '../desk/desk-service-point.ts';
import { t } from '../i18n/translate.ts';

/**
 * The pages to fetch from the shelves this desk serves, in shelf order, printable on a receipt
 * printer or A4. "Not found" marks the copy missing and pages the next one (which then appears here).
 */
export function PickListPage() {
  const servicePoint = useCurrentServicePoint();
  const timeZone = servicePoint?.timeZone ?? undefined;
  const pickList = usePickList(servicePoint?.id);
  const markAsNotFound = useRequestChange(markNotFound);
  const [outcome, setOutcome] = useState('');
  const [failure, setFailure] = useState('');
  const entries = pickList.data?.items ?? [];

  async function notFound(entry: PickListEntry) {
    setFailure('');
    try {
      const { request } = await markAsNotFound(entry.requestId);
      setOutcome(
        request.status === 'open-not-yet-filled' && request.item
          ? t('requests.pick.movedTo', { barcode: entry.item.barcode, next: request.item.barcode })
          : t('requests.pick.unfilled', { barcode: entry.item.barcode }),
      );
    } catch (error) {
      setFailure(messageOfFailure(error));
    }
  }

  return (
    <section className="page pick-list" aria-labelledby="pick-list-heading">
      <div className="desk__bar">
        <h1 id="pick-list-heading">{t('requests.pick.heading', { desk: servicePoint?.name ?? '' })}</h1>
        <div className="desk__actions">
          <button type="button" className="button" onClick={() => window.print()} disabled={entries.length === 0}>
            {t('requests.pick.print')}
          </button>
        </div>
      </div>
      {!servicePoint && <NoServicePoint />}
      <p className="pick-list__printed-at">{t('requests.pick.printedAt', { when: formatDateTime(new Date().toISOString(), timeZone) })}</p>
      <p className="message" role="status">
        {outcome}
      </p>
      <ActionFailure message={failure} />
      <QueryStatus query={pickList} />
      {pickList.isSuccess && entries.length === 0 && <p className="account__empty">{t('requests.pick.empty')}</p>}
      {entries.length > 0 && (
        <div className="table-scroll">
          <table className="table pick-list__table" aria-label={t('requests.pick.table')}>
            <thead>
              <tr>
                <th scope="col">{t('requests.column.location')}</th>
                <th scope="col">{t('requests.column.callNumber')}</th>
                <th scope="col">{t('requests.column.title')}</th>
                <th scope="col">{t('requests.column.item')}</th>
                <th scope="col">{t('requests.column.pickup')}</th>
                <th scope="col" className="pick-list__screen-only">
                  {t('requests.column.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.requestId}>
                  <td>{entry.item.location}</td>
                  <td className="call-number">{entry.item.callNumber}</td>
                  <td>{entry.item.title}</td>
                  <td>
                    <Link to={`/items/${entry.item.id}`} className="barcode">
                      {entry.item.barcode}
                    </Link>
                  </td>
                  <td>{entry.pickupServicePoint}</td>
                  <td className="pick-list__screen-only">
                    <button type="button" className="button button--small" onClick={() => void notFound(entry)} aria-label={t('requests.pick.notFoundFor', { barcode: entry.item.barcode })}>
                      {t('requests.pick.notFound')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
