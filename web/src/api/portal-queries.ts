import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client.ts';

// The patron portal: what it reads from /api/v1/portal and what it changes (contract: .scratch/portal-api.md).
// Every query key starts with 'portal': the portal runs its own query client, cleared at each sign-in and sign-out.

export interface PortalLibrary {
  code: string;
  name: string;
  currency: string;
  locale: string;
  timeZone: string;
}

export interface PortalPatron {
  displayName: string;
  library: PortalLibrary;
}

export interface PortalSession {
  patron: PortalPatron;
  csrfToken: string;
}

export interface PortalLoan {
  id: string;
  title: string;
  author: string | null;
  itemBarcode: string;
  callNumber: string | null;
  loanedAt: string;
  dueAt: string;
  overdue: boolean;
  recalled: boolean;
  renewals: number;
}

export interface PortalRequest {
  id: string;
  type: 'hold' | 'page' | 'recall';
  status: string;
  title: string;
  author: string | null;
  position: number | null;
  pickup: { id: string; name: string };
  holdShelfExpiresAt: string | null;
  requestedAt: string;
  notNeededAfter: string | null;
}

export interface PortalFee {
  id: string;
  feeType: string;
  title: string | null;
  amountCents: number;
  remainingCents: number;
  createdAt: string;
}

export interface PortalAccount {
  patron: { displayName: string; email: string | null; expiresOn: string | null; group: string };
  library: PortalLibrary;
  borrowingBlocked: boolean;
  /** What staff wrote for the patron on their blocks. */
  blockMessages: string[];
  loans: PortalLoan[];
  requests: PortalRequest[];
  fees: { balanceCents: number; items: PortalFee[] };
}

export interface PortalTitle {
  instanceId: string;
  title: string;
  author: string | null;
  publicationYear: string | null;
  copies: number;
  available: number;
}

export interface RenewAllResult {
  renewed: PortalLoan[];
  refused: { loanId: string; title: string; message: string }[];
}

export const portalKeys = {
  session: ['portal', 'session'] as const,
  libraries: ['portal', 'libraries'] as const,
  account: ['portal', 'account'] as const,
  catalog: (q: string, offset: number) => ['portal', 'catalog', q, offset] as const,
  pickupLocations: ['portal', 'pickup-locations'] as const,
};

export const catalogPageSize = 20;

export function usePortalLibraries() {
  return useQuery({ queryKey: portalKeys.libraries, queryFn: () => api.get<{ items: { code: string; name: string }[] }>('/portal/libraries'), staleTime: Infinity });
}

export function usePortalAccount() {
  return useQuery({ queryKey: portalKeys.account, queryFn: () => api.get<PortalAccount>('/portal/account') });
}

export function usePortalCatalog(q: string, offset: number) {
  return useQuery({
    queryKey: portalKeys.catalog(q, offset),
    queryFn: ({ signal }) => api.get<{ items: PortalTitle[]; total: number }>('/portal/catalog', { q, limit: catalogPageSize, offset }, signal),
    enabled: q !== '',
  });
}

export function usePickupLocations() {
  return useQuery({ queryKey: portalKeys.pickupLocations, queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/portal/pickup-locations'), staleTime: 300_000 });
}

/** Re-reads the account after a change, so loans, requests and the summary agree with the server. */
export function useAccountChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: portalKeys.account });
}

export const portalApi = {
  signIn: (credentials: { library: string; barcode: string; pin: string }) => api.post<PortalSession>('/portal/sign-in', credentials),
  session: () => api.get<PortalSession>('/portal/session'),
  signOut: () => api.post<{ signedOut: true }>('/portal/sign-out'),
  renew: (loanId: string) => api.post<{ loan: PortalLoan }>(`/portal/loans/${encodeURIComponent(loanId)}/renew`),
  renewAll: () => api.post<RenewAllResult>('/portal/loans/renew-all'),
  placeRequest: (input: { instanceId: string; pickupServicePointId: string; notNeededAfter?: string }) => api.post<{ request: PortalRequest }>('/portal/requests', input),
  cancelRequest: (requestId: string) => api.post<{ request: PortalRequest }>(`/portal/requests/${encodeURIComponent(requestId)}/cancel`),
  changePin: (change: { currentPin: string; newPin: string }) => api.put<{ changed: true }>('/portal/pin', change),
};
