import { useState } from 'react';
import { Link } from 'react-router';
import { usePatron } from '../api/queries.ts';
import { openRequestStatuses, usePatronRequests, type RequestRecord } from '../api/request-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { formatDate, t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { CancelRequestDialog } from './cancel-request-dialog.tsx';
import { PlaceRequestDialog } from './place-request-dialog.tsx';
import { RequestStatusText } from './request-status.tsx';

/**
 * The patron's requests on their account: open ones first with their place in the queue and a
 * Cancel (with a reason), closed ones below; "Place request" asks for the item.
 */
export function PatronRequestsSection({ patronId }: { patronId: string }) {
  const { session } = useSession();
  const allowed = session.staff.permissions.includes('requests.manage');
  const patron = usePatron(patronId);
  const requests = usePatronRequests(patronId);
  const [placing, setPlacing] = useState(false);
  const [cancelling, setCancelling] = useState<RequestRecord | null>(null);
  const items = requests.data?.items ?? [];
  const open = items.filter((request) => openRequestStatuses.has(request.status));
  const closed = items.filter((request) => !openRequestStatuses.has(request.status));
  if (!allowed) {
    return (
      <section className="panel" aria-labelledby="patron-requests">
        <h2 id="patron-requests">{t('requests.patron.heading')}</h2>
        <p className="hint">{t('requests.needsPermission')}</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="patron-requests">
      <div className="requests__bar">
        <h2 id="patron-requests">{t('requests.patron.heading')}</h2>
        <button type="button" className="button button--primary" onClick={() => setPlacing(true)} disabled={!patron.data}>
          {t('requests.place.action')}
        </button>
      </div>
      <QueryStatus query={requests} />
      {requests.isSuccess && items.length === 0 && <p className="account__empty">{t('requests.patron.none')}</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label={t('requests.patron.table')}>
            <thead>
              <tr>
                <th scope="col">{t('requests.column.title')}</th>
                <th scope="col">{t('requests.column.type')}</th>
                <th scope="col">{t('requests.column.status')}</th>
                <th scope="col">{t('requests.column.pickup')}</th>
                <th scope="col">{t('requests.column.notNeededAfter')}</th>
                <th scope="col">{t('requests.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {[...open, ...closed].map((request) => (
                <tr key={request.id}>
                  <td>
                    <Link to={request.item ? `/items/${request.item.id}` : `/instances/${request.instance.id}`}>{request.instance.title}</Link>
                    {request.item && <span className="barcode requests__meta">{request.item.barcode}</span>}
                  </td>
                  <td>{t(`requests.type.${request.type}`)}</td>
                  <td>
                    <RequestStatusText request={request} />
                  </td>
                  <td>{request.pickupServicePoint.name}</td>
                  <td>{formatDate(request.notNeededAfter)}</td>
                  <td>
                    {openRequestStatuses.has(request.status) && (
                      <button type="button" className="button button--small" onClick={() => setCancelling(request)} aria-label={t('requests.cancel.actionFor', { title: request.instance.title })}>
                        {t('requests.cancel.action')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {placing && patron.data && <PlaceRequestDialog patronBarcode={patron.data.barcode} onPlaced={() => setPlacing(false)} onClose={() => setPlacing(false)} />}
      {cancelling && <CancelRequestDialog request={cancelling} onClose={() => setCancelling(null)} />}
    </section>
  );
}
