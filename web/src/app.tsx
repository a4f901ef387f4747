import { Link, Navigate, Route, Routes } from 'react-router';
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
import { SettingsPage } from './settings/settings-page.tsx';
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
          <Route path="patrons/:id" element={<PatronPage />} />
          <Route path="settings" element={<SettingsPage />}>
            <Route index element={<Navigate to="/settings/overdue-fine-policies" replace />} />
            <Route path="overdue-fine-policies" element={<FinePoliciesPage />} />
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
