import { NavLink, Outlet } from 'react-router';
import type { MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';

/** Each settings area with the permission needed to read it; the list hides what the role may not read. */
export const settingsAreas: { path: string; label: MessageKey; needs: string[] }[] = [
  { path: 'service-points', label: 'settingsArea.nav.servicePoints', needs: ['org.read'] },
  { path: 'calendars', label: 'settingsArea.nav.calendars', needs: ['org.read'] },
  { path: 'patron-groups', label: 'settingsArea.nav.patronGroups', needs: ['patrons.read'] },
  { path: 'material-types', label: 'settingsArea.nav.materialTypes', needs: ['catalog.read'] },
  { path: 'loan-types', label: 'settingsArea.nav.loanTypes', needs: ['catalog.read'] },
  { path: 'loan-policies', label: 'settingsArea.nav.loanPolicies', needs: ['settings.read'] },
  { path: 'fixed-due-date-schedules', label: 'settingsArea.nav.fixedDueDateSchedules', needs: ['settings.read'] },
  { path: 'request-policies', label: 'settingsArea.nav.requestPolicies', needs: ['settings.read'] },
  { path: 'overdue-fine-policies', label: 'settings.finePolicies', needs: ['settings.read'] },
  { path: 'lost-item-policies', label: 'settingsArea.nav.lostItemPolicies', needs: ['settings.read'] },
  { path: 'notice-policies', label: 'settingsArea.nav.noticePolicies', needs: ['settings.read'] },
  { path: 'notice-templates', label: 'settingsArea.nav.noticeTemplates', needs: ['settings.read'] },
  { path: 'circulation-rules', label: 'settingsArea.nav.circulationRules', needs: ['settings.read', 'patrons.read', 'catalog.read', 'org.read'] },
  { path: 'patron-block-limits', label: 'settingsArea.nav.blockLimits', needs: ['settings.read', 'patrons.read'] },
  { path: 'fee-types', label: 'settingsArea.nav.feeTypes', needs: ['fees.read'] },
  // The bursar rules API is for staff who may transfer fees; the patron groups name its rows.
  { path: 'bursar-transfer', label: 'settingsArea.nav.bursarTransfer', needs: ['fees.transfer', 'patrons.read'] },
  { path: 'staff', label: 'settingsArea.nav.staff', needs: ['staff.read'] },
  { path: 'roles', label: 'settingsArea.nav.roles', needs: ['staff.read'] },
  { path: 'audit-log', label: 'settingsArea.nav.auditLog', needs: ['audit.read'] },
];

/** The supervisors' settings: a list of areas beside the one open. */
export function SettingsPage() {
  const granted = useSession().session.staff.permissions;
  return (
    <div className="settings">
      <nav className="settings__nav" aria-label={t('settings.nav')}>
        <h1 className="settings__title">{t('settings.heading')}</h1>
        <ul className="settings__areas">
          {settingsAreas
            .filter((area) => area.needs.every((permission) => granted.includes(permission)))
            .map((area) => (
              <li key={area.path}>
                <NavLink to={`/settings/${area.path}`}>{t(area.label)}</NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <div className="settings__area">
        <Outlet />
      </div>
    </div>
  );
}
