import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { portalApi, useAccountChanged, type PortalRequest } from '../api/portal-queries.ts';
import { ActionDialog } from '../common/action-dialog.tsx';
import { t } from '../i18n/translate.ts';
import type { PortalFormats } from './portal-formats.ts';

/** Open requests in plain words: where each one is, where to pick it up, and a way to cancel it. */
export function PortalRequestsSection({ requests, formats }: { requests: PortalRequest[]; formats: PortalFormats }) {
  const [cancelling, setCancelling] = useState<PortalRequest | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const [cancelledCount, setCancelledCount] = useState(0);

  // The Cancel button went with the request: continue from the section, once the dialog has closed.
  useEffect(() => {
    if (cancelledCount > 0) heading.current?.focus();
  }, [cancelledCount]);

  return (
    <section className="portal-section" aria-labelledby="portal-requests-heading">
      <h2 id="portal-requests-heading" ref={heading} tabIndex={-1}>
        {t('portal.requests.heading')}
      </h2>
      <p className="portal-section__result" role="status">
        {announcement}
      </p>
      {requests.length === 0 ? (
        <p>
          {t('portal.requests.none')} <Link to="/portal/search">{t('portal.requests.findSome')}</Link>
        </p>
      ) : (
        <ul className="portal-list" aria-label={t('portal.requests.list')}>
          {requests.map((request) => (
            <li key={request.id} className="portal-entry">
              <p className="portal-entry__title">{request.title}</p>
              {request.author && <p className="portal-entry__meta">{t('portal.loans.by', { author: request.author })}</p>}
              <RequestStatusLine request={request} formats={formats} />
              {request.status !== 'open-awaiting-pickup' && request.status !== 'open-in-transit' && (
                <p className="portal-entry__meta">{t('portal.requests.pickupAt', { desk: request.pickup.name })}</p>
              )}
              {request.notNeededAfter && <p className="portal-entry__meta">{t('portal.requests.notNeededAfter', { date: formats.calendarDate(request.notNeededAfter) })}</p>}
              <button type="button" className="portal-button" aria-label={t('portal.requests.cancelTitle', { title: request.title })} onClick={() => setCancelling(request)}>
                {t('portal.requests.cancel')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {cancelling && (
        <CancelRequestDialog
          request={cancelling}
          onClose={() => setCancelling(null)}
          onCancelled={() => {
            setCancelling(null);
            setAnnouncement(t('portal.requests.cancelled', { title: cancelling.title }));
            setCancelledCount((count) => count + 1);
          }}
        />
      )}
    </section>
  );
}

/** Where the request is, in words: no request type names, except what "fetching from the shelf" means for a page. */
function RequestStatusLine({ request, formats }: { request: PortalRequest; formats: PortalFormats }) {
  const desk = request.pickup.name;
  if (request.status === 'open-awaiting-pickup') {
    const text = request.holdShelfExpiresAt
      ? t('portal.requests.ready', { desk, date: formats.day(request.holdShelfExpiresAt) })
      : t('portal.requests.readyNoDate', { desk });
    return <p className="portal-entry__line portal-entry__line--ready">{text}</p>;
  }
  if (request.status === 'open-in-transit') return <p className="portal-entry__line">{t('portal.requests.onItsWay', { desk })}</p>;
  if (request.type === 'page') return <p className="portal-entry__line">{t('portal.requests.fetching')}</p>;
  return (
    <p className="portal-entry__line">
      {request.position ? t('portal.requests.waiting', { position: formats.number(request.position) }) : t('portal.requests.waitingNoPosition')}
    </p>
  );
}

function CancelRequestDialog({ request, onClose, onCancelled }: { request: PortalRequest; onClose(): void; onCancelled(): void }) {
  const accountChanged = useAccountChanged();
  const cancel = useMutation({ mutationFn: portalApi.cancelRequest });

  async function confirm() {
    await cancel.mutateAsync(request.id);
    await accountChanged();
    onCancelled();
  }

  return (
    <ActionDialog
      heading={t('portal.requests.cancelHeading', { title: request.title })}
      confirmLabel={t('portal.requests.cancelConfirm')}
      cancelLabel={t('portal.requests.keep')}
      onConfirm={confirm}
      onClose={onClose}
    >
      {() => <p>{t('portal.requests.cancelExplain')}</p>}
    </ActionDialog>
  );
}
