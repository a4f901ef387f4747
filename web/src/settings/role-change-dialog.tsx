import type { PermissionName, StaffAccount, StaffRole } from '../api/settings-area-queries.ts';
import { ActionDialog } from '../common/action-dialog.tsx';
import { t } from '../i18n/translate.ts';

interface RoleChangeDialogProps {
  account: StaffAccount;
  from: StaffRole | undefined;
  to: StaffRole;
  permissions: PermissionName[];
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** What a staff member's new role would let them do that the old one did not, and what it would take away. */
export function permissionChanges(from: readonly string[], to: readonly string[]): { gained: string[]; lost: string[] } {
  return { gained: to.filter((name) => !from.includes(name)), lost: from.filter((name) => !to.includes(name)) };
}

/**
 * Asks before a role changes, naming each permission gained and lost: a role picked by mistake in the
 * table would otherwise hand out (or take away) refunds or staff management without anyone noticing.
 */
export function RoleChangeDialog({ account, from, to, permissions, onConfirm, onClose }: RoleChangeDialogProps) {
  const { gained, lost } = permissionChanges(from?.permissions ?? [], to.permissions);
  const described = new Map(permissions.map((permission) => [permission.name, permission.description]));
  const named = (names: string[]) => (
    <ul>
      {names.map((name) => (
        <li key={name}>
          {described.get(name) ?? name} <span className="field__hint">({name})</span>
        </li>
      ))}
    </ul>
  );
  return (
    <ActionDialog
      heading={t('settingsArea.staff.confirmRoleHeading', { name: account.displayName, from: from?.name ?? account.roleName, to: to.name })}
      confirmLabel={t('settingsArea.staff.confirmRoleChange')}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      {() => (
        <>
          <p>{gained.length > 0 ? t('settingsArea.staff.gains') : t('settingsArea.staff.gainsNothing')}</p>
          {gained.length > 0 && named(gained)}
          <p>{lost.length > 0 ? t('settingsArea.staff.loses') : t('settingsArea.staff.losesNothing')}</p>
          {lost.length > 0 && named(lost)}
        </>
      )}
    </ActionDialog>
  );
}
