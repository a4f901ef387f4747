import { useId, useState } from 'react';
import { cancelRequest, useRequestChange, type RequestRecord } from '../api/request-queries.ts';
import { ActionDialog } from '../common/action-dialog.tsx';
import { t } from '../i18n/translate.ts';

/** Cancel a request, saying why; a held item passes to the next patron in line. */
export function CancelRequestDialog({ request, onClose }: { request: RequestRecord; onClose(): void }) {
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const cancel = useRequestChange(cancelRequest);

  async function confirm() {
    await cancel(request.id, reason.trim());
    onClose();
  }

  return (
    <ActionDialog
      heading={t('requests.cancel.heading', { title: request.instance.title })}
      confirmLabel={t('requests.cancel.submit')}
      cancelLabel={t('requests.keep')}
      canConfirm={reason.trim() !== ''}
      onConfirm={confirm}
      onClose={onClose}
    >
      {() => (
        <div className="field">
          <label htmlFor={reasonId}>{t('requests.cancel.reason')}</label>
          <input id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} autoFocus required maxLength={1000} />
        </div>
      )}
    </ActionDialog>
  );
}
