import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-client.ts';
import { useRefreshSettings } from '../api/settings-area-queries.ts';
import { ErrorIcon, messageOfFailure } from '../common/query-status.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { problemsOfReply, type FieldProblem } from './fine-policy-draft.ts';

/** Whether the signed-in staff member holds a permission (settings.edit unless said otherwise). */
export function useMay(permission = 'settings.edit'): boolean {
  return useSession().session.staff.permissions.includes(permission);
}

/**
 * One save at a time, with the server's refusal kept: its message, and each field it names so the
 * form can show the problem beside that field. Every settings list is refreshed after a save.
 */
export function useSave() {
  const refresh = useRefreshSettings();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [note, setNote] = useState('');
  // Every settings save is one mutation: the action is the route's typed call; success refreshes the settings lists.
  const mutation = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSuccess: () => refresh(),
  });
  const failure = mutation.error ? messageOfFailure(mutation.error) : '';

  async function save<T>(action: () => Promise<T>, savedNote: string): Promise<T | undefined> {
    if (mutation.isPending) return undefined;
    setProblems([]);
    setNote('');
    try {
      const result = (await mutation.mutateAsync(action)) as T;
      setNote(savedNote);
      return result;
    } catch (error) {
      const message = messageOfFailure(error);
      // A refusal naming one field without words of its own (DUPLICATE_CODE) shows its message there.
      setProblems(error instanceof ApiError ? problemsOfReply(error.details).map((problem) => ({ ...problem, message: problem.message || message })) : []);
      return undefined;
    }
  }

  /** The server's words for these fields (prefix match: 'settings.renewals' covers its parts). */
  function problemOf(...fields: string[]): string {
    return problems
      .filter((problem) => fields.some((field) => problem.field === field || problem.field.startsWith(`${field}.`)))
      .map((problem) => problem.message)
      .join(' ');
  }

  function clear() {
    mutation.reset();
    setProblems([]);
  }

  return { save, saving: mutation.isPending, failure, problems, problemOf, note, clear };
}

const readOnlyReason: Record<string, MessageKey> = {
  'settings.edit': 'settings.readOnly',
  'org.edit': 'settingsArea.readOnlyOrg',
  'staff.manage': 'settingsArea.readOnlyStaff',
};

interface SaveActionsProps {
  failure: string;
  saving: boolean;
  note: string;
  disabled?: boolean;
  label?: string;
  permission?: string;
  /** Why there is no save button, when the permission's usual sentence does not fit the screen. */
  readOnlyReason?: MessageKey;
}

/** The save button (or why there is none), the refusal in the server's words, and the saved note. */
export function SaveActions({ failure, saving, note, disabled, label, permission = 'settings.edit', readOnlyReason: reason }: SaveActionsProps) {
  const may = useMay(permission);
  return (
    <>
      <div className="policy-editor__problems" role="alert">
        {failure && (
          <p className="message message--error">
            <ErrorIcon />
            {t('settings.notSaved')} {failure}
          </p>
        )}
      </div>
      {may ? (
        <div className="policy-editor__actions">
          <button type="submit" className="button button--primary" disabled={saving || disabled}>
            {saving ? t('fees.working') : (label ?? t('settings.save'))}
          </button>
        </div>
      ) : (
        <p className="policy-editor__read-only">{t(reason ?? readOnlyReason[permission] ?? 'settings.readOnly')}</p>
      )}
      <p role="status" className="policy-editor__saved">
        {note}
      </p>
    </>
  );
}
