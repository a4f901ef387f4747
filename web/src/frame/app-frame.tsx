import { NavLink, Outlet } from 'react-router';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { ServicePointPicker } from './service-point-picker.tsx';
import { useSlipSizeOnPage } from './slip-size.ts';

export function AppFrame() {
  const { session, signOut, signingOut } = useSession();
  const { staff } = session;
  useSlipSizeOnPage();
  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="frame__header">
        <div className="frame__identity">
          <span className="brand">{t('app.name')}</span>
          <span className="frame__institution" title={t('frame.institution')}>
            {staff.institution.name}
          </span>
        </div>
        <ServicePointPicker />
        <div className="frame__user">
          <span>{t('frame.signedInAs', { name: staff.displayName })}</span>
          <button type="button" className="button button--quiet" onClick={signOut} disabled={signingOut}>
            {t('frame.signOut')}
          </button>
        </div>
      </header>
      <nav className="frame__nav" aria-label={t('frame.mainNav')}>
        <NavLink to="/check-out">{t('nav.checkOut')}</NavLink>
        <NavLink to="/check-in">{t('nav.checkIn')}</NavLink>
        <NavLink to="/catalog">{t('nav.catalog')}</NavLink>
        <NavLink to="/items">{t('nav.items')}</NavLink>
        <NavLink to="/patrons">{t('nav.patrons')}</NavLink>
        {staff.permissions.includes('requests.manage') && <NavLink to="/dashboard">{t('nav.dashboard')}</NavLink>}
        {staff.permissions.includes('requests.manage') && <NavLink to="/hold-shelf">{t('nav.holdShelf')}</NavLink>}
        {staff.permissions.includes('requests.manage') && <NavLink to="/pick-list">{t('nav.pickList')}</NavLink>}
        {staff.permissions.includes('settings.read') && <NavLink to="/settings">{t('nav.settings')}</NavLink>}
      </nav>
      <main className="frame__main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
