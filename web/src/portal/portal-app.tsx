import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { NavLink, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from '../api/api-client.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { PortalAccountPage } from './portal-account-page.tsx';
import { PortalSearchPage } from './portal-search-page.tsx';
import { PortalSessionProvider, useEndPortalSession, usePortalSession, usePortalSessionQuery, type SignedOutReason } from './portal-session.tsx';
import { PortalSignInPage } from './portal-sign-in-page.tsx';
import './portal.css';

/**
 * The patron portal at /portal: its own query client and session, so that nothing of the staff
 * client (session, cache, sign-out on 401) reaches it, and nothing of it reaches the staff client.
 */
export function PortalApp() {
  const sessionEnded = useRef<(reason: SignedOutReason) => void>(() => undefined);
  const [queryClient] = useState(() => {
    const onError = (error: Error) => {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') sessionEnded.current('session');
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        queries: {
          staleTime: 30_000,
          refetchOnWindowFocus: false,
          retry: (failures, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && failures < 2,
        },
      },
    });
  });
  return (
    <QueryClientProvider client={queryClient}>
      <PortalRoot sessionEnded={sessionEnded} />
    </QueryClientProvider>
  );
}

function PortalRoot({ sessionEnded }: { sessionEnded: { current: (reason: SignedOutReason) => void } }) {
  const [signedOutReason, setSignedOutReason] = useState<SignedOutReason | null>(null);
  const endSession = useEndPortalSession(setSignedOutReason);
  sessionEnded.current = endSession;
  const session = usePortalSessionQuery();

  if (session.isPending) return <p className="portal-loading">{t('portal.loading')}</p>;
  if (session.isError) {
    return (
      <main className="portal portal-sign-in">
        <QueryFailure error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) return <PortalSignInPage signedOutReason={signedOutReason} onSignedIn={() => setSignedOutReason(null)} />;
  return (
    <PortalSessionProvider patron={session.data.patron} endSession={endSession}>
      <PortalFrame />
    </PortalSessionProvider>
  );
}

function PortalFrame() {
  const { patron, signOut, signingOut } = usePortalSession();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();

  // After signing in or moving between screens, start reading at the new screen, as a page load would.
  useEffect(() => main.current?.focus(), [pathname]);

  return (
    <div className="portal">
      <a className="skip-link" href="#portal-main">
        {t('app.skipToContent')}
      </a>
      <header className="portal-header">
        <p className="portal-header__library">{patron.library.name}</p>
        <button type="button" className="portal-button portal-button--quiet" onClick={() => signOut()} disabled={signingOut}>
          {signingOut ? t('portal.signingOut') : t('portal.signOut')}
        </button>
      </header>
      <nav className="portal-nav" aria-label={t('portal.nav')}>
        <NavLink to="/portal" end>
          {t('portal.nav.account')}
        </NavLink>
        <NavLink to="/portal/search">{t('portal.nav.search')}</NavLink>
      </nav>
      <main className="portal-main" id="portal-main" ref={main} tabIndex={-1}>
        <Routes>
          <Route index element={<PortalAccountPage />} />
          <Route path="search" element={<PortalSearchPage />} />
          <Route path="*" element={<Navigate to="/portal" replace />} />
        </Routes>
      </main>
    </div>
  );
}
