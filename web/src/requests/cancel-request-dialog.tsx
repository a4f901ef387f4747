import { useId, useState, type FormEvent } from 'react';
import { cancelRequest, useRequestsChanged, type RequestRecord } from '../api/request-queries.ts';
import { ModalDialog } from '../common/modal-dialog.tsx';
import { ErrorIcon } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';

/** Cancel a request, saying why; a held item passes to the next patron in line. */
export function CancelRequestDialog({ request, onClose }: { request: RequestRecord; onClose(): void }) {
  const headingId = useId();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState('');
  const [working, setWorking] = useState(false);
  const changed = useRequestsChanged();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim() || working) return;
    setWorking(true);
    try {
      await cancelRequest(request.id, reason.trim());
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
        <h2 id={headingId}>{t('requests.cancel.heading', { title: request.instance.title })}</h2>
        <div className="field">
          <label htmlFor={reasonId}>{t('requests.cancel.reason')}</label>
          <input id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} autoFocus required maxLength={1000} />
        </div>
        <p className="message message--error" role="alert">
          {failure && (
            <>
              <ErrorIcon />
              {failure}
            </>
          )}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('requests.keep')}
          </button>
          <button type="submit" className="button button--primary" disabled={!reason.trim() || working}>
            {working ? t('requests.working') : t('requests.cancel.submit')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
