import { useState } from 'react';
import { Link } from 'react-router';
import type { RequestType } from '../api/request-queries.ts';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { PlaceRequestDialog } from './place-request-dialog.tsx';

interface RequestActionsProps {
  /** A copy: the request goes to it and its queue is at /items/:id/requests. */
  item?: { id: string; barcode: string; status: string } | undefined;
  /** A title: a title-level request, filled by the first copy back; its queue is at /instances/:id/requests. */
  instance?: { id: string; title: string } | undefined;
  /** Off on the queue page itself. */
  queueLink?: boolean;
}

/** "Place request" and the way to the queue, for the item and instance pages. */
export function RequestActions({ item, instance, queueLink = true }: RequestActionsProps) {
  const { session } = useSession();
  const [placing, setPlacing] = useState(false);
  const [placed, setPlaced] = useState('');
  if (!session.staff.permissions.includes('requests.manage')) return null;
  const suggestedType: RequestType = item?.status === 'available' ? 'page' : 'hold';
  const queuePath = item ? `/items/${item.id}/requests` : instance ? `/instances/${instance.id}/requests` : null;
  return (
    <div className="requests__bar requests__bar--actions">
      <button type="button" className="button button--primary" onClick={() => setPlacing(true)}>
        {item ? t('requests.place.action') : t('requests.place.titleAction')}
      </button>
      {queueLink && queuePath && <Link to={queuePath}>{item ? t('requests.queue.itemLink') : t('requests.queue.titleLink')}</Link>}
      <p className="message" role="status">
        {placed}
      </p>
      {placing && (
        <PlaceRequestDialog
          itemBarcode={item?.barcode}
          instanceId={item ? undefined : instance?.id}
          what={item ? item.barcode : instance?.title}
          suggestedType={suggestedType}
          onPlaced={(request) => {
            setPlacing(false);
            setPlaced(t('requests.place.placed', { patron: request.patron.barcode, position: request.queuePosition }));
          }}
          onClose={() => setPlacing(false)}
        />
      )}
    </div>
  );
}
