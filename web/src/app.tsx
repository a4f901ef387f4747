import { Link, Navigate, Route, Routes } from 'react-router';
import { DeskDashboardPage } from './dashboard/desk-dashboard-page.tsx';
import { HoldShelfPage } from './requests/hold-shelf-page.tsx';
import { HoldSlipSettingsPage } from './requests/hold-slip-settings-page.tsx';
import { AuditLogSettingsPage } from './settings/audit-log-settings-page.tsx';
import { PickListPage } from './requests/pick-list-page.tsx';
import { ItemRequestQueuePage, TitleRequestQueuePage } from './requests/request-queue-page.tsx';
import { CatalogSearchPage } from './catalog/catalog-search-page.tsx';
import { InstancePage } from './catalog/instance-page.tsx';
import { QueryFailure } from './common/query-status.tsx';
import { CheckInPage } from './desk/check-in-page.tsx';
import { CheckOutPage } from './desk/check-out-page.tsx';
import { AppFrame } from './frame/app-frame.tsx';
import { t } from './i18n/translate.ts';
import { ItemLookupPage } from './items/item-lookup-page.tsx';
import { ItemPage } from './items/item-page.tsx';
import { PatronPage } from './patrons/patron-page.tsx';
import { PatronSearchPage } from './patrons/patron-search-page.tsx';
import { FinePoliciesPage } from './settings/fine-policies-page.tsx';
import { BlockLimitsPage } from './settings/block-limits-page.tsx';
import { BursarTransferPage } from './settings/bursar-transfer-page.tsx';
import { CalendarPage } from './settings/calendar-page.tsx';
import { CirculationRulesPage } from './settings/circulation-rules-page.tsx';
import { FeeTypesPage } from './settings/fee-types-page.tsx';
import { NoticeTemplatesPage } from './settings/notice-templates-page.tsx';
import { PoliciesPage } from './settings/policies-page.tsx';
import { RolesPage } from './settings/roles-page.tsx';
import { ServicePointsPage } from './settings/service-points-page.tsx';
import { SettingsPage } from './settings/settings-page.tsx';
import { StaffPage } from './settings/staff-page.tsx';
import { VocabularyPage } from './settings/vocabulary-page.tsx';
import { SessionProvider, useSessionQuery } from './session/session-context.tsx';
import { SignInPage } from './session/sign-in-page.tsx';

export function App() {
  const session = useSessionQuery();
  if (session.isPending) return <p className="page-loading">{t('app.loading')}</p>;
  if (session.isError) return <QueryFailure error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <SignInPage />;
  return (
    <SessionProvider session={session.data}>
      <Routes>
        <Route element={<AppFrame />}>
          <Route index element={<Navigate to="/check-out" replace />} />
          <Route path="check-out" element={<CheckOutPage />} />
          <Route path="check-in" element={<CheckInPage />} />
          <Route path="catalog" element={<CatalogSearchPage />} />
          <Route path="instances/:id" element={<InstancePage />} />
          <Route path="items" element={<ItemLookupPage />} />
          <Route path="items/:id" element={<ItemPage />} />
          <Route path="patrons" element={<PatronSearchPage />} />
          <Route path="dashboard" element={<DeskDashboardPage />} />
          <Route path="hold-shelf" element={<HoldShelfPage />} />
          <Route path="pick-list" element={<PickListPage />} />
          <Route path="items/:id/requests" element={<ItemRequestQueuePage />} />
          <Route path="instances/:id/requests" element={<TitleRequestQueuePage />} />
          <Route path="patrons/:id" element={<PatronPage />} />
          <Route path="settings" element={<SettingsPage />}>
            <Route index element={<Navigate to="/settings/overdue-fine-policies" replace />} />
            <Route path="hold-slips" element={<HoldSlipSettingsPage />} />
            <Route path="audit-log" element={<AuditLogSettingsPage />} />
            <Route path="overdue-fine-policies" element={<FinePoliciesPage />} />
            <Route path="service-points" element={<ServicePointsPage />} />
            <Route path="calendars" element={<CalendarPage />} />
            <Route path="patron-groups" element={<VocabularyPage key="patron-groups" path="/patron-groups" heading="settingsArea.nav.patronGroups" newLabel="settingsArea.newPatronGroup" />} />
            <Route path="material-types" element={<VocabularyPage key="material-types" path="/material-types" heading="settingsArea.nav.materialTypes" newLabel="settingsArea.newMaterialType" />} />
            <Route path="loan-types" element={<VocabularyPage key="loan-types" path="/loan-types" heading="settingsArea.nav.loanTypes" newLabel="settingsArea.newLoanType" />} />
            <Route path="loan-policies" element={<PoliciesPage key="loan-policy" kind="loan-policy" />} />
            <Route path="request-policies" element={<PoliciesPage key="request-policy" kind="request-policy" />} />
            <Route path="lost-item-policies" element={<PoliciesPage key="lost-item-policy" kind="lost-item-policy" />} />
            <Route path="notice-policies" element={<PoliciesPage key="notice-policy" kind="notice-policy" />} />
            <Route path="fixed-due-date-schedules" element={<PoliciesPage key="fixed-due-date-schedule" kind="fixed-due-date-schedule" />} />
            <Route path="bursar-transfer" element={<BursarTransferPage />} />
            <Route path="notice-templates" element={<NoticeTemplatesPage />} />
            <Route path="circulation-rules" element={<CirculationRulesPage />} />
            <Route path="patron-block-limits" element={<BlockLimitsPage />} />
            <Route path="fee-types" element={<FeeTypesPage />} />
            <Route path="staff" element={<StaffPage />} />
            <Route path="roles" element={<RolesPage />} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}

function NotFound() {
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <Link to="/catalog">{t('app.backToCatalog')}</Link>
    </section>
  );
}
