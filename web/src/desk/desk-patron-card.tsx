import type { Patron } from '../api/api-types.ts';
import { usePatronOpenLoans } from '../api/queries.ts';
import { ErrorIcon } from '../common/query-status.tsx';
import { formatNumber, t } from '../i18n/translate.ts';
import { PatronCard } from '../patrons/patron-card.tsx';

/** The patron card with what the desk counts: current loans and how many are overdue. */
export function DeskPatronCard({ patron }: { patron: Patron }) {
  const loans = usePatronOpenLoans(patron.id);
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
    </PatronCard>
  );
}
