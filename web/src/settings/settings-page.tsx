import { NavLink, Outlet } from 'react-router';
import { t } from '../i18n/translate.ts';

/** The supervisors' settings: a list of areas beside the one open. */
export function SettingsPage() {
  return (
    <div className="settings">
      <nav className="settings__nav" aria-label={t('settings.nav')}>
        <h1 className="settings__title">{t('settings.heading')}</h1>
        <NavLink to="/settings/overdue-fine-policies">{t('settings.finePolicies')}</NavLink>
      </nav>
      <div className="settings__area">
        <Outlet />
      </div>
    </div>
  );
}
