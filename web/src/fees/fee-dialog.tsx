import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorIcon, messageOfFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { ModalDialog } from '../common/modal-dialog.tsx';

interface FeeDialogProps {
  heading: string;
  confirmLabel: string;
  /** What the action would do, from the server's dry run; confirming waits for it. */
  preview: ReactNode;
  canConfirm: boolean;
  /** Why the server refuses (or the form cannot be sent), in its words. */
  problem: string;
  onConfirm(): Promise<void>;
  onClose(): void;
  children: ReactNode;
}

/**
 * The frame of the pay and waive dialogs: a native modal dialog (the page behind is inert, focus
 * stays inside, Escape closes it) that shows the effect before the desk confirms.
 */
export function FeeDialog({ heading, confirmLabel, preview, canConfirm, problem, onConfirm, onClose, children }: FeeDialogProps) {
  const [failure, setFailure] = useState('');
  const [working, setWorking] = useState(false);
  const headingId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canConfirm || working) return;
    setWorking(true);
    setFailure('');
    try {
      await onConfirm();
    } catch (error) {
      setFailure(messageOfFailure(error));
      setWorking(false);
    }
  }

  const said = failure || problem;
  return (
    <ModalDialog labelledBy={headingId} onClose={onClose}>
      <form onSubmit={submit} className="dialog__form">
        <h2 id={headingId}>{heading}</h2>
        {children}
        <div className="fee-preview" aria-live="polite">
          {preview}
        </div>
        <p className="message message--error" role="alert">
          {said && (
            <>
              <ErrorIcon />
              {said}
            </>
          )}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('fees.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={!canConfirm || working}>
            {working ? t('fees.working') : confirmLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** A value that settles a moment after the desk stops typing, so the dry run is not sent per keystroke. */
export function useSettled<T>(value: T, delayMs = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** Asks the server what an action would do (dryRun), again whenever its input changes. */
export function useDryRun<T>(key: readonly unknown[], ask: () => Promise<T>, enabled: boolean) {
  return useQuery({ queryKey: ['fee-dry-run', ...key], queryFn: ask, enabled, retry: false, staleTime: 0, gcTime: 0 });
}
