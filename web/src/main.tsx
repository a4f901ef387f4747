import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from './api/api-client.ts';
import { t } from './i18n/translate.ts';
import { sessionQueryKey } from './session/session-context.tsx';
import './styles.css';

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ended on the server (timeout, sign-out elsewhere) returns this desk to sign-in.
    // The portal has its own client and session; its keys are checked too, so a patron's 401 never signs staff out.
    onError: (error, query) => {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && query.queryKey[0] !== 'portal') queryClient.setQueryData(sessionQueryKey, null);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && failures < 2,
    },
  },
});

// The patron portal and the staff client load on their own (the portal with its own session and query client):
// a patron's phone never downloads the staff screens' code.
const PortalApp = lazy(() => import('./portal/portal-app.tsx').then((module) => ({ default: module.PortalApp })));
const App = lazy(() => import('./app.tsx').then((module) => ({ default: module.App })));
const loading = <p className="page-loading">{t('app.loading')}</p>;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route
            path="/portal/*"
            element={
              <Suspense fallback={loading}>
                <PortalApp />
              </Suspense>
            }
          />
          <Route
            path="*"
            element={
              <Suspense fallback={loading}>
                <App />
              </Suspense>
            }
          />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
