import { Link } from 'react-router';
import { useInstitution } from '../api/fee-queries.ts';
import { usePatronLoans } from '../api/patron-account-queries.ts';
import { TableSection } from '../common/table-section.tsx';
import { formatDueDate } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';

/** Returned loans; the server keeps them with the patron only when the patron chose to keep their history. */
export function PatronLoanHistorySection({ patronId }: { patronId: string }) {
  const history = usePatronLoans(patronId, 'closed');
  const timeZone = useInstitution().data?.timeZone;
  return (
    <TableSection
      id="patron-history"
      heading={t('account.history')}
      query={history}
      rows={history.data?.items ?? []}
      emptyMessage={t('account.noHistory')}
      tableLabel={t('account.historyTable')}
      columns={[t('account.title'), t('account.barcode'), t('account.loanedAt'), t('account.returnedAt')]}
    >
      {(loan) => (
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
      )}
    </TableSection>
  );
}
