import { Link } from 'react-router';
import { useInstitution } from '../api/fee-queries.ts';
import { useItemLoans, useTitleRequests, type AccountLoan } from '../api/patron-account-queries.ts';
import { ErrorIcon, QueryStatus } from '../common/query-status.tsx';
import { formatDueDate } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';

interface ItemSectionProps {
  itemId: string;
  permissions: Set<string>;
}

/** Who has the item and until when, with the rest of its loans below when the role may see them. */
export function ItemLoansSection({ itemId, permissions }: ItemSectionProps) {
  const allowed = permissions.has('circulation.read');
  const loans = useItemLoans(itemId, allowed);
  const timeZone = useInstitution().data?.timeZone;
  if (!allowed) {
    return (
      <section className="panel" aria-labelledby="item-current-loan">
        <h2 id="item-current-loan">{t('itemRecord.currentLoan')}</h2>
        <p className="hint">{t('account.needsPermission', { permission: 'circulation.read' })}</p>
      </section>
    );
  }
  const items = loans.data?.items ?? [];
  const current = items.find((loan) => loan.status === 'open');
  const past = items.filter((loan) => loan.status === 'closed');
  return (
    <>
      <section className="panel" aria-labelledby="item-current-loan">
        <h2 id="item-current-loan">{t('itemRecord.currentLoan')}</h2>
        <QueryStatus query={loans} />
        {loans.isSuccess && !current && <p className="account__empty">{t('itemRecord.notOnLoan')}</p>}
        {current && <CurrentLoan loan={current} timeZone={timeZone} />}
      </section>
      <section className="panel" aria-labelledby="item-history">
        <h2 id="item-history">{t('itemRecord.history')}</h2>
        {loans.isSuccess && past.length === 0 && <p className="account__empty">{t('itemRecord.noHistory')}</p>}
        {past.length > 0 && (
          <div className="table-scroll">
            <table className="table" aria-label={t('itemRecord.historyTable')}>
              <thead>
                <tr>
                  <th scope="col">{t('account.loanedAt')}</th>
                  <th scope="col">{t('account.returnedAt')}</th>
                  <th scope="col">{t('itemRecord.patron')}</th>
                </tr>
              </thead>
              <tbody>
                {past.map((loan) => (
                  <tr key={loan.id}>
                    <td>{formatDueDate(loan.loanedAt, timeZone)}</td>
                    <td>{loan.returnedAt ? formatDueDate(loan.returnedAt, timeZone) : ''}</td>
                    <td>{loan.patron ? <Link to={`/patrons/${loan.patron.id}`}>{loan.patron.displayName}</Link> : <span className="account-list__meta">{t('itemRecord.anonymous')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function CurrentLoan({ loan, timeZone }: { loan: AccountLoan; timeZone: string | undefined }) {
  return (
    <dl className="details">
      <div className="details__row">
        <dt>{t('itemRecord.patron')}</dt>
        <dd>{loan.patron ? <Link to={`/patrons/${loan.patron.id}`}>{loan.patron.displayName}</Link> : ''}</dd>
      </div>
      <div className="details__row">
        <dt>{t('account.due')}</dt>
        <dd className={loan.overdue ? 'text-problem' : undefined}>
          <time dateTime={loan.dueAt}>{formatDueDate(loan.dueAt, timeZone)}</time>
          {loan.overdue && (
            <span className="loan-line__overdue">
              <ErrorIcon />
              {t('account.overdue')}
            </span>
          )}
        </dd>
      </div>
      <div className="details__row">
        <dt>{t('account.renewals')}</dt>
        <dd>{loan.renewalCount}</dd>
      </div>
      <div className="details__row">
        <dt>{t('itemRecord.loanPolicy')}</dt>
        <dd>{loan.loanPolicy.name}</dd>
      </div>
    </dl>
  );
}

const openStatuses = new Set(['open-not-yet-filled', 'open-in-transit', 'open-awaiting-pickup']);

/** The requests this item could fill, in queue order; reordering is on the requests screens. */
export function ItemRequestQueue({ itemId, instanceId, permissions }: ItemSectionProps & { instanceId: string | undefined }) {
  const allowed = permissions.has('requests.manage');
  const requests = useTitleRequests(instanceId, allowed);
  const queue = (requests.data?.items ?? []).filter((request) => openStatuses.has(request.status) && (!request.item || request.item.id === itemId));
  return (
    <section className="panel" aria-labelledby="item-requests">
      <h2 id="item-requests">{t('itemRecord.requests')}</h2>
      {!allowed ? (
        <p className="hint">{t('account.needsPermission', { permission: 'requests.manage' })}</p>
      ) : (
        <>
          <QueryStatus query={requests} />
          {requests.isSuccess && queue.length === 0 && <p className="account__empty">{t('itemRecord.noRequests')}</p>}
          {queue.length > 0 && (
            <ol className="request-queue" aria-label={t('itemRecord.queue')}>
              {queue.map((request) => (
                <li key={request.id}>
                  <Link to={`/patrons/${request.patron.id}`} className="barcode">
                    {request.patron.barcode}
                  </Link>
                  <span>{t('itemRecord.requestLine', { type: request.type, level: request.level, pickup: request.pickupServicePoint.name })}</span>
                  <span className="account-list__meta">{request.status.replace(/-/g, ' ')}</span>
                </li>
              ))}
            </ol>
          )}
          {queue.length > 1 && (
            <p>
              <Link to={`/items/${itemId}/requests`}>{t('itemRecord.reorder')}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
