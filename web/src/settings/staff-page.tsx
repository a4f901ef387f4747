import { useId, useState, type FormEvent } from 'react';
import { addStaffAccount, changeStaffAccount, useSettingsList, type PermissionName, type StaffAccount, type StaffRole } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';
import { RoleChangeDialog } from './role-change-dialog.tsx';
import { SaveActions, useMay, useSave } from './settings-save.tsx';
import { ChoiceSetting, TextSetting } from './setting-fields.tsx';

/**
 * Staff accounts: who they are, their role (changed in place once the permissions gained and lost are confirmed),
 * unlock after failed sign-ins, and a form for a new account.
 */
export function StaffPage() {
  const staff = useSettingsList<StaffAccount>('/staff', { limit: 200 });
  const roles = useSettingsList<StaffRole>('/roles');
  const permissions = useSettingsList<PermissionName>('/permissions');
  const [pending, setPending] = useState<{ account: StaffAccount; to: StaffRole } | null>(null);
  const mayManage = useMay('staff.manage');
  const saving = useSave();
  const headingId = useId();
  if (staff.isError) return <QueryFailure error={staff.error} onRetry={() => void staff.refetch()} />;
  const roleItems = roles.data?.items ?? [];
  const roleChoices = roleItems.map((role): [string, string] => [role.code, role.name]);

  function askToChange(account: StaffAccount, roleCode: string) {
    const to = roleItems.find((role) => role.code === roleCode);
    if (to && roleCode !== account.roleCode) setPending({ account, to });
  }

  async function changeRole(account: StaffAccount, to: StaffRole) {
    await saving.save(() => changeStaffAccount(account.id, { roleCode: to.code }), t('settingsArea.staff.roleChanged', { name: account.displayName }));
    setPending(null);
  }

  const now = new Date().toISOString();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settingsArea.nav.staff')}</h2>
      <div className="table-scroll">
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">{t('settingsArea.staff.displayName')}</th>
              <th scope="col">{t('settingsArea.staff.username')}</th>
              <th scope="col">{t('settingsArea.staff.role')}</th>
              <th scope="col">{t('settingsArea.staff.lastSignIn')}</th>
              <th scope="col">{t('settingsArea.staff.state')}</th>
            </tr>
          </thead>
          <tbody>
            {(staff.data?.items ?? []).map((account) => {
              const locked = Boolean(account.lockedUntil && account.lockedUntil > now);
              return (
                <tr key={account.id}>
                  <th scope="row">{account.displayName}</th>
                  <td>{account.username}</td>
                  <td>
                    {mayManage ? (
                      <select
                        aria-label={t('settingsArea.staff.roleOf', { name: account.displayName })}
                        value={account.roleCode}
                        onChange={(event) => askToChange(account, event.target.value)}
                      >
                        {roleChoices.map(([code, name]) => (
                          <option key={code} value={code}>
                            {name}
                          </option>
                        ))}
                      </select>
                    ) : (
                      account.roleName
                    )}
                  </td>
                  <td>{account.lastSignInAt ? formatDateTime(account.lastSignInAt) : ''}</td>
                  <td>
                    {!account.active ? t('settingsArea.staff.inactive') : locked ? t('settingsArea.staff.locked') : t('settingsArea.staff.active')}{' '}
                    {mayManage && locked && (
                      <button type="button" className="button button--quiet" onClick={() => void saving.save(() => changeStaffAccount(account.id, { unlock: true }), t('settingsArea.staff.unlocked', { name: account.displayName }))}>
                        {t('settingsArea.staff.unlock', { name: account.displayName })}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p role="status" className="policy-editor__saved">
        {saving.note || saving.failure}
      </p>
      {pending && (
        <RoleChangeDialog
          account={pending.account}
          from={roleItems.find((role) => role.code === pending.account.roleCode)}
          to={pending.to}
          permissions={permissions.data?.items ?? []}
          onConfirm={() => changeRole(pending.account, pending.to)}
          onClose={() => setPending(null)}
        />
      )}
      {mayManage ? <NewStaffForm roleChoices={roleChoices} /> : <p className="policy-editor__read-only">{t('settingsArea.readOnlyStaff')}</p>}
    </section>
  );
}

function NewStaffForm({ roleChoices }: { roleChoices: [string, string][] }) {
  const headingId = useId();
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roleCode, setRoleCode] = useState('technician');
  const saving = useSave();

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = { displayName: displayName.trim(), username: username.trim(), password, roleCode, ...(email.trim() ? { email: email.trim() } : {}) };
    if (await saving.save(() => addStaffAccount(body), t('settings.saved', { name: body.displayName }))) {
      setDisplayName('');
      setUsername('');
      setEmail('');
      setPassword('');
    }
  }

  return (
    <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{t('settingsArea.staff.new')}</h3>
      <TextSetting id="staff-display-name" label={t('settingsArea.staff.displayName')} value={displayName} onValue={setDisplayName} problem={saving.problemOf('displayName')} />
      <TextSetting id="staff-username" label={t('settingsArea.staff.username')} value={username} onValue={setUsername} problem={saving.problemOf('username')} />
      <TextSetting id="staff-email" type="email" label={t('settingsArea.staff.email')} value={email} onValue={setEmail} problem={saving.problemOf('email')} />
      <TextSetting id="staff-password" type="password" label={t('settingsArea.staff.password')} value={password} onValue={setPassword} problem={saving.problemOf('password')} hint={t('settingsArea.staff.passwordHint')} />
      <ChoiceSetting id="staff-role" label={t('settingsArea.staff.role')} value={roleCode} onValue={setRoleCode} choices={roleChoices} problem={saving.problemOf('roleCode')} />
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} label={t('settingsArea.staff.create')} permission="staff.manage" />
    </form>
  );
}
