import { Link } from 'react-router';
import type { Patron } from '../api/api-types.ts';
import { useInstitution, usePatronFees } from '../api/fee-queries.ts';
import { usePatronOpenLoans } from '../api/queries.ts';
import { ErrorIcon } from '../common/query-status.tsx';
import { formatMoney, formatNumber, t } from '../i18n/translate.ts';
import { PatronCard } from '../patrons/patron-card.tsx';

/** The patron card with what the desk counts: current loans and how many are overdue. */
export function DeskPatronCard({ patron }: { patron: Patron }) {
  const loans = usePatronOpenLoans(patron.id);
  const fees = usePatronFees(patron.id);
  const currency = useInstitution().data?.currency ?? 'USD';
  const overdue = loans.data?.items.filter((loan) => loan.overdue).length ?? 0;
  const pending = t('app.loading');
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
