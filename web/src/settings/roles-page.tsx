import { useId, useState, type FormEvent } from 'react';
import { saveRole, useSettingsList, type PermissionName, type StaffRole } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { SaveActions, useSave } from './settings-save.tsx';
import { CheckSetting, ChoiceSetting, TextSetting } from './setting-fields.tsx';

/** Roles with their permissions as checkboxes; built-in roles are shown but only custom roles change. */
export function RolesPage() {
  const roles = useSettingsList<StaffRole>('/roles');
  const permissions = useSettingsList<PermissionName>('/permissions');
  const [chosen, setChosen] = useState('');
  const [formKey, setFormKey] = useState('');
  const choose = (id: string) => {
    setChosen(id);
    setFormKey(id);
  };
  const headingId = useId();
  if (roles.isError) return <QueryFailure error={roles.error} onRetry={() => void roles.refetch()} />;
  const items = roles.data?.items ?? [];
  const roleId = chosen || items[0]?.id || '';
  const role = items.find((candidate) => candidate.id === roleId);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settingsArea.nav.roles')}</h2>
      <ChoiceSetting id="role-choice" label={t('settingsArea.roles.role')} value={roleId} onValue={choose} choices={[...items.map((item): [string, string] => [item.id, item.name]), ['new', t('settingsArea.roles.new')]]} />
      {permissions.data && (role || roleId === 'new') && (
        <RoleForm key={formKey || roleId} role={role} permissions={permissions.data.items} onCreated={setChosen} />
      )}
    </section>
  );
}

function RoleForm({ role, permissions, onCreated }: { role: StaffRole | undefined; permissions: PermissionName[]; onCreated(id: string): void }) {
  const headingId = useId();
  const [name, setName] = useState(role?.name ?? '');
  const [code, setCode] = useState(role?.code ?? '');
  const [granted, setGranted] = useState<string[]>(role?.permissions ?? []);
  const saving = useSave();
  const fixed = Boolean(role?.builtIn);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (fixed) return;
    const saved = await saving.save(
      () => saveRole(role?.id, { code: code.trim(), name: name.trim(), permissions: granted }),
      t('settings.saved', { name: name.trim() }),
    );
    if (saved && !role) onCreated(saved.id);
  }

  return (
    <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{role ? role.name : t('settingsArea.roles.new')}</h3>
      {fixed && <p className="field__hint">{t('settingsArea.roles.builtIn')}</p>}
      <TextSetting id="role-name" label={t('settingsArea.name')} value={name} onValue={setName} problem={saving.problemOf('name')} readOnly={fixed} />
      {!role && <TextSetting id="role-code" label={t('settingsArea.code')} value={code} onValue={setCode} problem={saving.problemOf('code')} hint={t('settingsArea.roles.codeHint')} />}
      <fieldset className="policy-form__choices role-permissions" disabled={fixed}>
        <legend>{t('settingsArea.roles.permissions')}</legend>
        {permissions.map((permission) => (
          <CheckSetting
            key={permission.name}
            id={`permission-${permission.name}`}
            label={`${permission.description} (${permission.name})`}
            checked={granted.includes(permission.name)}
            onChecked={(on) => setGranted(on ? [...granted, permission.name] : granted.filter((other) => other !== permission.name))}
          />
        ))}
      </fieldset>
      {!fixed && <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} permission="staff.manage" />}
    </form>
  );
}
