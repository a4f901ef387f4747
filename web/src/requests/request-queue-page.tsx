import { Link, useParams } from 'react-router';
import { useInstance, useItem } from '../api/queries.ts';
import { openRequestStatuses, useItemRequests, useTitleRequests } from '../api/request-queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { RequestActions } from './request-actions.tsx';
import { RequestQueueEditor } from './request-queue-editor.tsx';

/** An item's queue of item-level requests, to reorder or move to another copy. */
export function ItemRequestQueuePage() {
  const { id = '' } = useParams();
  const item = useItem(id);
  const requests = useItemRequests(id);
  const queue = (requests.data?.items ?? []).filter((request) => request.level === 'item' && openRequestStatuses.has(request.status)).sort((a, b) => a.queuePosition - b.queuePosition);
  return (
    <section className="page" aria-labelledby="item-queue-heading">
      <h1 id="item-queue-heading">{t('requests.queue.itemHeading', { barcode: item.data?.barcode ?? '' })}</h1>
      {item.data?.instance && (
        <p>
          <Link to={`/items/${id}`}>{item.data.instance.title}</Link> · <Link to={`/instances/${item.data.instance.id}/requests`}>{t('requests.queue.titleLink')}</Link>
        </p>
      )}
      {item.data && <RequestActions item={{ id: item.data.id, barcode: item.data.barcode, status: item.data.status }} queueLink={false} />}
      <QueryStatus query={requests} />
      {requests.isSuccess && queue.length === 0 && <p className="account__empty">{t('requests.queue.empty')}</p>}
      {queue.length > 0 && <RequestQueueEditor queue={{ itemId: id }} requests={queue} label={t('requests.queue.table')} />}
    </section>
  );
}

/** A title's queue of title-level requests (filled by whichever copy comes back first). */
export function TitleRequestQueuePage() {
  const { id = '' } = useParams();
  const instance = useInstance(id);
  const requests = useTitleRequests(id);
  const queue = (requests.data?.items ?? []).filter((request) => request.level === 'title' && openRequestStatuses.has(request.status)).sort((a, b) => a.queuePosition - b.queuePosition);
  const title = instance.data?.title ?? '';
  return (
    <section className="page" aria-labelledby="title-queue-heading">
      <h1 id="title-queue-heading">{t('requests.queue.titleHeading', { title })}</h1>
      <p>
        <Link to={`/instances/${id}`}>{title}</Link>
      </p>
      {instance.data && <RequestActions instance={{ id, title }} queueLink={false} />}
      <QueryStatus query={requests} />
      {requests.isSuccess && queue.length === 0 && <p className="account__empty">{t('requests.queue.empty')}</p>}
      {queue.length > 0 && <RequestQueueEditor queue={{ instanceId: id }} requests={queue} label={t('requests.queue.table')} />}
    </section>
  );
}
