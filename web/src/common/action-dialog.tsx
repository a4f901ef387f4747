import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ModalDialog } from '../common/modal-dialog.tsx';
import { ErrorIcon } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';

interface ActionDialogProps {
  heading: string;
  confirmLabel: string;
  onConfirm(): Promise<void>;
  onClose(): void;
  /** The button that closes without doing anything (default "Cancel"). */
  cancelLabel?: string;
  /** False while a required field is empty. */
  canConfirm?: boolean;
  /** Field-level problems are shown by the fields; this frame shows the server's message under them. */
  children: (failure: unknown) => ReactNode;
}

/** The frame of a confirmation: what will happen, the fields it needs, and the server's answer if it refuses. */
export function ActionDialog({ heading, confirmLabel, onConfirm, onClose, cancelLabel, canConfirm = true, children }: ActionDialogProps) {
  const headingId = useId();
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (working) return;
    setWorking(true);
    setFailure(null);
    try {
      await onConfirm();
    } catch (error) {
      setFailure(error);
      setWorking(false);
    }
  }

  const message = failure instanceof Error ? failure.message || t('error.generic') : '';
  return (
    <ModalDialog labelledBy={headingId} onClose={onClose}>
      <form className="dialog__form" onSubmit={submit}>
        <h2 id={headingId}>{heading}</h2>
        {children(failure)}
        <p className="message message--error" role="alert">
          {message && (
            <>
              <ErrorIcon />
              {message}
            </>
          )}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {cancelLabel ?? t('dialog.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={working || !canConfirm}>
            {working ? t('dialog.working') : confirmLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
