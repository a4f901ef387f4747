import { useMutation } from '@tanstack/react-query';
import { useRefreshSettings } from '../api/settings-area-queries.ts';
import { ActionDialog } from '../common/action-dialog.tsx';
import { t } from '../i18n/translate.ts';

interface DeleteDialogProps {
  /** What is deleted, in words: "the loan policy Standard loan". */
  named: string;
  /** What deleting does and does not touch, in one or two sentences. */
  effect: string;
  /** Deletes it (one typed call of its route). */
  remove(): Promise<unknown>;
  onDeleted(): void;
  onClose(): void;
}

/**
 * Asks before a setting is deleted, naming it. When the server refuses (a policy a rule or a loan
 * still uses) its sentence shows in the dialog and nothing changes.
 */
export function DeleteDialog({ named, effect, remove, onDeleted, onClose }: DeleteDialogProps) {
  const refresh = useRefreshSettings();
  const deletion = useMutation({ mutationFn: remove, onSuccess: () => refresh() });
  async function confirm() {
    await deletion.mutateAsync();
    onDeleted();
  }
  return (
    <ActionDialog heading={t('settingsArea.delete.heading', { named })} confirmLabel={t('settingsArea.delete.confirm')} onConfirm={confirm} onClose={onClose}>
      {() => <p>{effect}</p>}
    </ActionDialog>
  );
}
