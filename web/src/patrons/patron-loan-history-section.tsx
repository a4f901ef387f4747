import { Link } from 'react-router';
import { useInstitution } from '../api/fee-queries.ts';
import { usePatronLoans } from '../api/patron-account-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { formatDueDate } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';

/** Returned loans; the server keeps them with the patron only when the patron chose to keep their history. */
export function PatronLoanHistorySection({ patronId }: { patronId: string }) {
  const history = usePatronLoans(patronId, 'closed');
  const timeZone = useInstitution().data?.timeZone;
  const items = history.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="patron-history">
      <h2 id="patron-history">{t('account.history')}</h2>
      <QueryStatus query={history} />
      {history.isSuccess && items.length === 0 && <p className="account__empty">{t('account.noHistory')}</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label={t('account.historyTable')}>
            <thead>
              <tr>
                <th scope="col">{t('account.title')}</th>
                <th scope="col">{t('account.barcode')}</th>
                <th scope="col">{t('account.loanedAt')}</th>
                <th scope="col">{t('account.returnedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((loan) => (
                <tr key={loan.id}>
                  <td>
                    <Link to={`/items/${loan.item.id}`}>{loan.item.title}</Link>
                  </td>
                  <td className="barcode">{loan.item.barcode}</td>
                  <td>{formatDueDate(loan.loanedAt, timeZone)}</td>
                  <td className={loan.overdue ? 'text-problem' : undefined}>
                    {loan.returnedAt ? formatDueDate(loan.returnedAt, timeZone) : ''}
                    {loan.overdue && ` (${t('account.returnedLate')})`}
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
