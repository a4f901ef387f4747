import { Link } from 'react-router';
import { useDeskSummary } from '../api/request-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { NoServicePoint } from '../desk/desk-controls.tsx';
import { formatDateTime, formatDueDate } from '../desk/desk-formats.ts';
import { useCurrentServicePoint } from '../desk/desk-service-point.ts';
import { formatNumber, t } from '../i18n/translate.ts';

/**
 * What the desk looks at first: hold shelf expiries, the pick list, what is coming in, recalls to
 * chase. Each count leads to its list; the last two lists are on this page.
 */
export function DeskDashboardPage() {
  const servicePoint = useCurrentServicePoint();
  const timeZone = servicePoint?.timeZone ?? undefined;
  const summary = useDeskSummary(servicePoint?.id);
  const data = summary.data;
  return (
    <section className="page dashboard" aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">{t('dashboard.heading', { desk: servicePoint?.name ?? '' })}</h1>
      {!servicePoint && <NoServicePoint />}
      <QueryStatus query={summary} />
      {data && (
        <>
          <ul className="dashboard__tiles" aria-label={t('dashboard.counts')}>
            <Tile to="/hold-shelf#hold-shelf-today" count={data.holdShelf.expiringToday} label={t('dashboard.expiringToday')} />
            <Tile to="/hold-shelf#hold-shelf-expired" count={data.holdShelf.expiredAwaitingClearing} label={t('dashboard.expiredToClear')} tone={data.holdShelf.expiredAwaitingClearing > 0 ? 'problem' : undefined} />
            <Tile to="/pick-list" count={data.pickList} label={t('dashboard.pickList')} />
            <Tile to="#dashboard-in-transit" count={data.inTransitHere.total} label={t('dashboard.inTransit')} />
            <Tile to="#dashboard-recalls" count={data.overdueRecalls.total} label={t('dashboard.overdueRecalls')} tone={data.overdueRecalls.total > 0 ? 'problem' : undefined} />
          </ul>
          <section className="panel" aria-labelledby="dashboard-in-transit" id="dashboard-in-transit-list">
            <h2 id="dashboard-in-transit" tabIndex={-1}>
              {t('dashboard.inTransit')}
            </h2>
            {data.inTransitHere.items.length === 0 ? (
              <p className="account__empty">{t('dashboard.nothingInTransit')}</p>
            ) : (
              <ul className="dashboard__list">
                {data.inTransitHere.items.map((entry) => (
                  <li key={entry.item.id}>
                    <Link to={`/items/${entry.item.id}`}>{entry.item.title}</Link> <span className="barcode">{entry.item.barcode}</span>{' '}
                    <span className="requests__meta">{entry.requestId ? t('dashboard.forRequest') : t('dashboard.goingHome')}</span>{' '}
                    <span className="requests__meta">{t('dashboard.since', { when: formatDateTime(entry.since, timeZone) })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel" aria-labelledby="dashboard-recalls">
            <h2 id="dashboard-recalls" tabIndex={-1}>
              {t('dashboard.overdueRecalls')}
            </h2>
            {data.overdueRecalls.items.length === 0 ? (
              <p className="account__empty">{t('dashboard.noOverdueRecalls')}</p>
            ) : (
              <ul className="dashboard__list">
                {data.overdueRecalls.items.map((entry) => (
                  <li key={entry.loanId}>
                    <Link to={`/items/${entry.item.id}`}>{entry.item.title}</Link> <span className="barcode">{entry.item.barcode}</span>{' '}
                    <Link to={`/patrons/${entry.patron.id}`}>{`${entry.patron.lastName}, ${entry.patron.firstName}`}</Link>{' '}
                    <span className="text-problem">{t('dashboard.wasDue', { when: formatDueDate(entry.dueAt, timeZone) })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </section>
  );
}

function Tile({ to, count, label, tone }: { to: string; count: number; label: string; tone?: 'problem' | undefined }) {
  return (
    <li className={tone ? `dashboard__tile dashboard__tile--${tone}` : 'dashboard__tile'}>
      {to.startsWith('#') ? (
        <a href={to}>
          <span className="dashboard__count">{formatNumber(count)}</span>
          <span className="dashboard__label">{label}</span>
        </a>
      ) : (
        <Link to={to}>
          <span className="dashboard__count">{formatNumber(count)}</span>
          <span className="dashboard__label">{label}</span>
        </Link>
      )}
    </li>
  );
}
