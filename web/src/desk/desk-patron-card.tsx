import { Link } from 'react-router';
import type { Patron } from '../api/queries.ts';
import { useInstitution, usePatronFees } from '../api/fee-queries.ts';
import { usePatronOpenLoans } from '../api/queries.ts';
import { usePatronRequests } from '../api/request-queries.ts';
import { ErrorIcon } from '../common/query-status.tsx';
import { formatMoney, formatNumber, t } from '../i18n/translate.ts';
import { PatronCard } from '../patrons/patron-card.tsx';
import { useSession } from '../session/session-context.tsx';

/** The patron card with what the desk counts: loans, overdues, open requests and those ready for pickup, and the balance. */
export function DeskPatronCard({ patron }: { patron: Patron }) {
  const loans = usePatronOpenLoans(patron.id);
  const fees = usePatronFees(patron.id);
  const currency = useInstitution().data?.currency ?? 'USD';
  const overdue = loans.data?.items.filter((loan) => loan.overdue).length ?? 0;
  const pending = t('app.loading');
  const mayReadRequests = useSession().session.staff.permissions.includes('requests.manage');
  return (
    <PatronCard patron={patron} headingLevel={2}>
      <div className="details__row">
        <dt>{t('checkOut.currentLoans')}</dt>
        <dd className="number">{loans.data ? formatNumber(loans.data.total) : loans.isError ? t('patron.none') : pending}</dd>
      </div>
      <div className="details__row">
        <dt>{t('checkOut.overdue')}</dt>
        <dd className="number">
          {loans.data ? (
            overdue > 0 ? (
              <span className="text-problem">
                <ErrorIcon />
                {formatNumber(overdue)}
              </span>
            ) : (
              formatNumber(0)
            )
          ) : loans.isError ? (
            t('patron.none')
          ) : (
            pending
          )}
        </dd>
      </div>
      {mayReadRequests && <RequestCountRow patronId={patron.id} />}
      {fees.data && (
        <div className="details__row">
          <dt>{t('fees.deskOwed')}</dt>
          <dd className="number">
            {fees.data.balanceCents > 0 ? (
              <Link to={`/patrons/${patron.id}`} className="text-problem">
                {formatMoney(fees.data.balanceCents, currency)}
              </Link>
            ) : (
              formatMoney(0, currency)
            )}
          </dd>
        </div>
      )}
    </PatronCard>
  );
}

/** Open requests, with how many wait on a hold shelf: the patron at the desk may want them now. */
function RequestCountRow({ patronId }: { patronId: string }) {
  const requests = usePatronRequests(patronId);
  const open = requests.data?.items.filter((request) => request.status.startsWith('open-')) ?? [];
  const ready = open.filter((request) => request.status === 'open-awaiting-pickup').length;
  return (
    <div className="details__row">
      <dt>{t('checkOut.requests')}</dt>
      <dd className="number">
        {requests.data ? (
          <>
            {formatNumber(open.length)}
            {ready > 0 && <strong className="text-note">{` · ${t('checkOut.requestsReady', { count: formatNumber(ready) })}`}</strong>}
          </>
        ) : requests.isError ? (
          t('patron.none')
        ) : (
          t('app.loading')
        )}
      </dd>
    </div>
  );
}
