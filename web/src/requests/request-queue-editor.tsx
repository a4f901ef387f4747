import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { reorderQueue, useRequestChange, type RequestRecord } from '../api/request-queries.ts';
import { ActionFailure, messageOfFailure } from '../common/query-status.tsx';
import { formatDate, t } from '../i18n/translate.ts';
import { MoveRequestDialog, patronName } from './move-request-dialog.tsx';
import { RequestStatusText } from './request-status.tsx';

interface RequestQueueEditorProps {
  queue: { itemId: string } | { instanceId: string };
  /** The open requests of the queue, in queue order. */
  requests: RequestRecord[];
  label: string;
}

/**
 * A queue staff put in order with Move up / Move down (buttons, so the keyboard does it as well as
 * the mouse; focus follows the moved request) and move a request to another copy.
 */
export function RequestQueueEditor({ queue, requests, label }: RequestQueueEditorProps) {
  const [failure, setFailure] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [moving, setMoving] = useState<RequestRecord | null>(null);
  const [working, setWorking] = useState(false);
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());
  const reorder = useRequestChange(reorderQueue);
  // the button to focus once the new order has rendered (and the buttons are enabled again)
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    const button = pendingFocus.current ? buttons.current.get(pendingFocus.current) : null;
    if (button && !button.disabled) {
      button.focus();
      pendingFocus.current = null;
    }
  });

  async function shift(index: number, by: -1 | 1) {
    const target = index + by;
    if (working || target < 0 || target >= requests.length) return;
    const order = requests.map((request) => request.id);
    [order[index], order[target]] = [order[target]!, order[index]!];
    setWorking(true);
    setFailure('');
    try {
      await reorder(queue, order);
      const moved = requests[index]!;
      setAnnouncement(t('requests.queue.moved', { patron: patronName(moved), position: target + 1 }));
      const atEdge = (by === -1 && target === 0) || (by === 1 && target === requests.length - 1);
      pendingFocus.current = `${moved.id}:${atEdge ? -by : by}`;
    } catch (error) {
      setFailure(messageOfFailure(error));
    } finally {
      setWorking(false);
    }
  }

  return (
    <>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <ActionFailure message={failure} />
      <div className="table-scroll">
        <table className="table" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">{t('requests.column.position')}</th>
              <th scope="col">{t('requests.column.patron')}</th>
              <th scope="col">{t('requests.column.type')}</th>
              <th scope="col">{t('requests.column.status')}</th>
              <th scope="col">{t('requests.column.pickup')}</th>
              <th scope="col">{t('requests.column.notNeededAfter')}</th>
              <th scope="col">{t('requests.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((request, index) => (
              <tr key={request.id}>
                <td className="cell--number">{index + 1}</td>
                <td>
                  <Link to={`/patrons/${request.patron.id}`}>{patronName(request)}</Link>
                  <span className="barcode requests__meta">{request.patron.barcode}</span>
                </td>
                <td>{t(`requests.type.${request.type}`)}</td>
                <td>
                  <RequestStatusText request={request} />
                </td>
                <td>{request.pickupServicePoint.name}</td>
                <td>{formatDate(request.notNeededAfter)}</td>
                <td className="requests__actions">
                  <button
                    type="button"
                    className="button button--small"
                    ref={(element) => void buttons.current.set(`${request.id}:-1`, element)}
                    disabled={index === 0 || working}
                    onClick={() => void shift(index, -1)}
                    aria-label={t('requests.queue.upFor', { patron: patronName(request) })}
                  >
                    {t('requests.queue.up')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    ref={(element) => void buttons.current.set(`${request.id}:1`, element)}
                    disabled={index === requests.length - 1 || working}
                    onClick={() => void shift(index, 1)}
                    aria-label={t('requests.queue.downFor', { patron: patronName(request) })}
                  >
                    {t('requests.queue.down')}
                  </button>
                  {request.status === 'open-not-yet-filled' && (
                    <button type="button" className="button button--small" onClick={() => setMoving(request)} aria-label={t('requests.move.actionFor', { patron: patronName(request) })}>
                      {t('requests.move.action')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {moving && <MoveRequestDialog request={moving} onClose={() => setMoving(null)} />}
    </>
  );
}
