import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Refusal } from '../api/desk-queries.ts';
import { ErrorIcon } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { ModalDialog } from '../common/modal-dialog.tsx';

interface OverrideDialogProps {
  itemBarcode: string;
  refusals: Refusal[];
  /** Resolves when the override went through; rejects with the server's reason otherwise. */
  onOverride(reason: string): Promise<void>;
  onClose(): void;
}

/**
 * Asks why the desk overrides a refusal. A native modal dialog: the page behind is inert (focus
 * stays inside) and Escape closes it.
 */
export function OverrideDialog({ itemBarcode, refusals, onOverride, onClose }: OverrideDialogProps) {
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [working, setWorking] = useState(false);
  const headingId = useId();
  const reasonId = useId();

  useEffect(() => reasonField.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const said = reason.trim();
    if (!said) {
      setError(t('override.reasonRequired'));
      reasonField.current?.focus();
      return;
    }
    setWorking(true);
    setError('');
    try {
      await onOverride(said);
    } catch (failure) {
      setError(failure instanceof Error && failure.message ? failure.message : t('error.generic'));
      setWorking(false);
      reasonField.current?.focus();
    }
  }

  return (
    <ModalDialog labelledBy={headingId} onClose={onClose}>
      <form onSubmit={submit} className="dialog__form">
        <h2 id={headingId}>{t('override.heading', { barcode: itemBarcode })}</h2>
        <ul className="dialog__reasons">
          {refusals.map((refusal) => (
            <li key={refusal.code}>{refusal.message}</li>
          ))}
        </ul>
        <div className="field">
          <label htmlFor={reasonId}>{t('override.reason')}</label>
          <textarea
            id={reasonId}
            ref={reasonField}
            value={reason}
            rows={3}
            maxLength={1000}
            aria-describedby={error ? `${reasonId}-error` : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
        <p id={`${reasonId}-error`} className="message message--error" role="alert">
          {error && (
            <>
              <ErrorIcon />
              {error}
            </>
          )}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('override.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={working}>
            {working ? t('override.working') : t('override.submit')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
