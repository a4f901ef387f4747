import { useId, useState, type FormEvent } from 'react';
import { moveRequest, useRequestsChanged, type RequestRecord } from '../api/request-queries.ts';
import { ModalDialog } from '../common/modal-dialog.tsx';
import { ErrorIcon } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';

/** Move a request not yet filled to another copy of the same title, scanned or typed. */
export function MoveRequestDialog({ request, onClose }: { request: RequestRecord; onClose(): void }) {
  const headingId = useId();
  const fieldId = useId();
  const [barcode, setBarcode] = useState('');
  const [failure, setFailure] = useState('');
  const [working, setWorking] = useState(false);
  const changed = useRequestsChanged();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!barcode.trim() || working) return;
    setWorking(true);
    try {
      await moveRequest(request.id, barcode.trim());
      await changed();
      onClose();
    } catch (error) {
      setFailure(error instanceof Error && error.message ? error.message : t('error.generic'));
      setWorking(false);
    }
  }

  return (
    <ModalDialog labelledBy={headingId} onClose={onClose}>
      <form onSubmit={submit} className="dialog__form">
        <h2 id={headingId}>{t('requests.move.heading', { patron: patronName(request) })}</h2>
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
            aria-describedby={failure ? `${fieldId}-problem` : undefined}
          />
          {failure && (
            <span className="field__problem" id={`${fieldId}-problem`} role="alert">
              <ErrorIcon />
              {failure}
            </span>
          )}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('requests.cancelDialog')}
          </button>
          <button type="submit" className="button button--primary" disabled={!barcode.trim() || working}>
            {working ? t('requests.working') : t('requests.move.submit')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

export function patronName(request: Pick<RequestRecord, 'patron'>): string {
  return `${request.patron.lastName}, ${request.patron.firstName}`;
}
