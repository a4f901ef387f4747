import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { ApiError, rememberPortalCsrfToken } from '../api/api-client.ts';
import { portalApi, portalKeys, type PortalPatron, type PortalSession } from '../api/portal-queries.ts';

/** Why the sign-in form is showing again: the server ended the session, the page sat idle, or the patron signed out. */
export type SignedOutReason = 'session' | 'idle' | 'signedOut';

/** Public computers: a page left alone this long signs its patron out. */
export const idleLimitMs = 10 * 60_000;

async function loadPortalSession(): Promise<PortalSession | null> {
  try {
    const session = await portalApi.session();
    rememberPortalCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return null;
    throw error;
  }
}

export function usePortalSessionQuery() {
  return useQuery({ queryKey: portalKeys.session, queryFn: loadPortalSession, staleTime: Infinity, retry: false });
}

/**
 * Forgets everything the portal knew about the patron (so the next person at a shared computer sees
 * nothing of theirs) and shows the sign-in form with the reason.
 */
export function useEndPortalSession(onEnded: (reason: SignedOutReason) => void): (reason: SignedOutReason) => void {
  const queryClient = useQueryClient();
  return (reason) => {
    rememberPortalCsrfToken(undefined);
    forgetPatronData(queryClient);
    queryClient.setQueryData(portalKeys.session, null);
    onEnded(reason);
  };
}

/** Every cached answer but the session itself, whose query the page is watching and which is replaced, not removed. */
function forgetPatronData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[1] !== portalKeys.session[1] });
}

export function usePortalSignIn(onSignedIn: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: portalApi.signIn,
    onSuccess: (session) => {
      rememberPortalCsrfToken(session.csrfToken);
      forgetPatronData(queryClient);
      queryClient.setQueryData(portalKeys.session, session);
      onSignedIn();
    },
  });
}

interface PortalSessionValue {
  patron: PortalPatron;
  signOut(reason?: SignedOutReason): void;
  signingOut: boolean;
}

const PortalSessionContext = createContext<PortalSessionValue | undefined>(undefined);

export function usePortalSession(): PortalSessionValue {
  const value = useContext(PortalSessionContext);
  if (!value) throw new Error('usePortalSession is used outside the signed-in portal');
  return value;
}

export function PortalSessionProvider({ patron, endSession, children }: { patron: PortalPatron; endSession(reason: SignedOutReason): void; children: ReactNode }) {
  const signOut = useMutation({
    mutationFn: (_reason: SignedOutReason) => portalApi.signOut(),
    // Whether or not the server still knew the session, this page is signed out now.
    onSettled: (_reply, _error, reason) => endSession(reason),
  });
  useIdleSignOut(() => signOut.mutate('idle'));
  return (
    <PortalSessionContext.Provider value={{ patron, signOut: (reason = 'signedOut') => signOut.mutate(reason), signingOut: signOut.isPending }}>
      {children}
    </PortalSessionContext.Provider>
  );
}

const activityEvents = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;

/**
 * Signs out after `idleLimitMs` without a touch, key or scroll in the page. Checks the time every
 * few seconds rather than trusting one long timer, which a sleeping phone or tab would stretch.
 */
function useIdleSignOut(signOut: () => void): void {
  const lastActivity = useRef(Date.now());
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;
  useEffect(() => {
    const touched = () => {
      lastActivity.current = Date.now();
    };
    let done = false;
    const check = () => {
      if (done || Date.now() - lastActivity.current < idleLimitMs) return;
      done = true;
      signOutRef.current();
    };
    for (const name of activityEvents) document.addEventListener(name, touched, { passive: true, capture: true });
    document.addEventListener('visibilitychange', check);
    const timer = window.setInterval(check, 5_000);
    return () => {
      for (const name of activityEvents) document.removeEventListener(name, touched, { capture: true });
      document.removeEventListener('visibilitychange', check);
      window.clearInterval(timer);
    };
  }, []);
}
