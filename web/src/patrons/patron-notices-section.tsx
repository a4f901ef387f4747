import { usePatronNotices } from '../api/patron-account-queries.ts';
import { TableSection } from '../common/table-section.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';

/** What the library told the patron, when, and whether it got through. */
export function PatronNoticesSection({ patronId }: { patronId: string }) {
  const notices = usePatronNotices(patronId);
  return (
    <TableSection
      id="patron-notices"
      heading={t('account.notices')}
      query={notices}
      rows={notices.data?.items ?? []}
      emptyMessage={t('account.noNotices')}
      tableLabel={t('account.noticesTable')}
      columns={[t('account.noticeKind'), t('account.noticeSentAt'), t('account.noticeStatus'), t('account.noticeSubject')]}
    >
      {(notice) => (
        <tr key={notice.id}>
          <td>{notice.kind.replace(/-/g, ' ')}</td>
          <td>{formatDateTime(notice.sentAt ?? notice.createdAt)}</td>
          <td className={notice.status === 'failed' ? 'text-problem' : undefined}>
            {t(`account.notice.${notice.status}`)}
            {notice.status === 'failed' && notice.lastError && <span className="account-list__meta">{notice.lastError}</span>}
          </td>
          <td>
            {notice.subject ?? ''}
            {notice.recipient && <span className="account-list__meta">{notice.recipient}</span>}
          </td>
        </tr>
      )}
    </TableSection>
  );
}
