import type { RequestRecord } from '../api/request-queries.ts';
import { t } from '../i18n/translate.ts';

/** Where a request stands, in words; an open request also says its place in the queue. */
export function RequestStatusText({ request }: { request: RequestRecord }) {
  return (
    <>
      <span className={`request-status request-status--${request.status.startsWith('open-') ? 'open' : 'closed'}`}>{t(`requests.status.${request.status}`)}</span>
      {request.status === 'open-not-yet-filled' && <span className="account-list__meta">{t('requests.queuePosition', { position: request.queuePosition })}</span>}
    </>
  );
}
