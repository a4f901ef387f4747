import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { ApiError, carrelApi, rememberCsrfToken, replyOf } from '../api/api-client.ts';
import type { Schemas } from '../api/api-shapes.ts';

export type StaffSession = Schemas['StaffSession'];

export const sessionQueryKey = ['session'] as const;

async function loadSession(): Promise<StaffSession | null> {
  try {
    const session = await replyOf(carrelApi.GET('/auth/session'));
    rememberCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return null;
    throw error;
  }
}

interface SessionValue {
  session: StaffSession;
  signOut(): void;
  signingOut: boolean;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

/** The signed-in staff member; only used inside the signed-in frame. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is used outside the signed-in frame');
  return value;
}

export function useSessionQuery() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: loadSession, staleTime: Infinity, retry: false });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) => replyOf(carrelApi.POST('/auth/sign-in', { body: credentials })),
    onSuccess: (session) => {
      rememberCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}

export function SessionProvider({ session, children }: { session: StaffSession; children: ReactNode }) {
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => replyOf(carrelApi.POST('/auth/sign-out', { body: {} })),
    // Whether or not the server still knew the session, this desk is signed out now.
    onSettled: () => {
      rememberCsrfToken(undefined);
      queryClient.clear();
      queryClient.setQueryData(sessionQueryKey, null);
    },
  });
  return (
    <SessionContext.Provider value={{ session, signOut: () => signOut.mutate(), signingOut: signOut.isPending }}>{children}</SessionContext.Provider>
  );
}
