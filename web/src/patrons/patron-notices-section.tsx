import { usePatronNotices } from '../api/patron-account-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';

/** What the library told the patron, when, and whether it got through. */
export function PatronNoticesSection({ patronId }: { patronId: string }) {
  const notices = usePatronNotices(patronId);
  const items = notices.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="patron-notices">
      <h2 id="patron-notices">{t('account.notices')}</h2>
      <QueryStatus query={notices} />
      {notices.isSuccess && items.length === 0 && <p className="account__empty">{t('account.noNotices')}</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label={t('account.noticesTable')}>
            <thead>
              <tr>
                <th scope="col">{t('account.noticeKind')}</th>
                <th scope="col">{t('account.noticeSentAt')}</th>
                <th scope="col">{t('account.noticeStatus')}</th>
                <th scope="col">{t('account.noticeSubject')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((notice) => (
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
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
