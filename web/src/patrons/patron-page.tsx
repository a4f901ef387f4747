import { useParams, useSearchParams } from 'react-router';
import { usePatron } from '../api/queries.ts';
import { QueryStatus } from '../common/query-status.tsx';
import { FeesPanel } from '../fees/fees-panel.tsx';
import { PatronRequestsSection } from '../requests/patron-requests-section.tsx';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { AccountTabs, type AccountTab } from './account-tabs.tsx';
import { AuditTrailSection } from './audit-trail-section.tsx';
import { PatronBlocksSection } from './patron-blocks-section.tsx';
import { PatronCard } from './patron-card.tsx';
import { PatronDetailsSection } from './patron-details-section.tsx';
import { PatronLoanHistorySection } from './patron-loan-history-section.tsx';
import { PatronLoansSection } from './patron-loans-section.tsx';
import { PatronNotesSection } from './patron-notes-section.tsx';
import { PatronNoticesSection } from './patron-notices-section.tsx';

/** The patron account: the card on the left, each part of the account one tab away (?section= keeps the place). */
export function PatronPage() {
  const { id = '' } = useParams();
  const patron = usePatron(id);
  const [params, setParams] = useSearchParams();
  const permissions = new Set(useSession().session.staff.permissions);
  if (!patron.isSuccess) return <QueryStatus query={patron} />;

  const tabs: AccountTab[] = [
    { id: 'loans', label: t('account.loans') },
    { id: 'fees', label: t('account.fees') },
    { id: 'requests', label: t('account.requests') },
    { id: 'details', label: t('account.details') },
    { id: 'blocks', label: t('account.blocks') },
    { id: 'notes', label: t('account.notes') },
    { id: 'notices', label: t('account.notices') },
    ...(patron.data.keepLoanHistory ? [{ id: 'history', label: t('account.history') }] : []),
    ...(permissions.has('audit.read') ? [{ id: 'audit', label: t('account.audit') }] : []),
  ];
  const wanted = params.get('section') ?? 'loans';
  const current = tabs.some((tab) => tab.id === wanted) ? wanted : 'loans';
  const patronId = patron.data.id;

  return (
    <div className="patron-layout">
      <PatronCard patron={patron.data} />
      <div className="patron-layout__work">
        <AccountTabs label={t('account.sections')} tabs={tabs} current={current} onChoose={(section) => setParams({ section }, { replace: true })} />
        <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} className="account__panel">
          {current === 'loans' && <PatronLoansSection patron={patron.data} />}
          {current === 'fees' && <FeesPanel patronId={patronId} />}
          {current === 'requests' && <PatronRequestsSection patronId={patronId} />}
          {current === 'details' && <PatronDetailsSection patron={patron.data} />}
          {current === 'blocks' && <PatronBlocksSection patronId={patronId} />}
          {current === 'notes' && <PatronNotesSection patronId={patronId} />}
          {current === 'notices' && <PatronNoticesSection patronId={patronId} />}
          {current === 'history' && <PatronLoanHistorySection patronId={patronId} />}
          {current === 'audit' && <AuditTrailSection entityType="patron" entityId={patronId} />}
        </div>
      </div>
    </div>
  );
}
