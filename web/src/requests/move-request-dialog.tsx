import { useId, useState } from 'react';
import { moveRequest, useRequestChange, type RequestRecord } from '../api/request-queries.ts';
import { ActionDialog } from '../common/action-dialog.tsx';
import { t } from '../i18n/translate.ts';

/** Move a request not yet filled to another copy of the same title, scanned or typed. */
export function MoveRequestDialog({ request, onClose }: { request: RequestRecord; onClose(): void }) {
  const fieldId = useId();
  const [barcode, setBarcode] = useState('');
  const move = useRequestChange(moveRequest);

  async function confirm() {
    await move(request.id, barcode.trim());
    onClose();
  }

  return (
    <ActionDialog
      heading={t('requests.move.heading', { patron: patronName(request) })}
      confirmLabel={t('requests.move.submit')}
      canConfirm={barcode.trim() !== ''}
      onConfirm={confirm}
      onClose={onClose}
    >
      {(failure) => (
        <div className="field">
          <label htmlFor={fieldId}>{t('requests.move.itemBarcode')}</label>
          <input
            id={fieldId}
            className="input--barcode"
            autoComplete="off"
            value={barcode}
            onChange={(event) => setBarcode(event.target.value)}
            autoFocus
            aria-invalid={failure ? true : undefined}
          />
        </div>
      )}
    </ActionDialog>
  );
}

export function patronName(request: Pick<RequestRecord, 'patron'>): string {
  return `${request.patron.lastName}, ${request.patron.firstName}`;
}
