import { useQuery, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { ReplyOf, Schemas } from './api-shapes.ts';

// The patron portal: what it reads from /api/v1/portal and what it changes (contract: .scratch/portal-api.md).
// Every query key starts with 'portal': the portal runs its own query client, cleared at each sign-in and sign-out.

export type PortalLibrary = Schemas['PortalLibrary'];

export type PortalPatron = Schemas['PortalSession']['patron'];

export type PortalSession = Schemas['PortalSession'];

export type PortalLoan = Schemas['PortalLoan'];

export type PortalRequest = Schemas['PortalRequest'];

export type PortalFee = Schemas['PortalAccount']['fees']['items'][number];

export type PortalAccount = Schemas['PortalAccount'];

export type PortalTitle = Schemas['PortalTitle'];

export type RenewAllResult = ReplyOf<'/portal/loans/renew-all', 'post'>;

export const portalKeys = {
  session: ['portal', 'session'] as const,
  libraries: ['portal', 'libraries'] as const,
  account: ['portal', 'account'] as const,
  catalog: (q: string, offset: number) => ['portal', 'catalog', q, offset] as const,
  pickupLocations: ['portal', 'pickup-locations'] as const,
};

export const catalogPageSize = 20;

export function usePortalLibraries() {
  return useQuery({ queryKey: portalKeys.libraries, queryFn: () => replyOf(carrelApi.GET('/portal/libraries')), staleTime: Infinity });
}

export function usePortalAccount() {
  return useQuery({ queryKey: portalKeys.account, queryFn: () => replyOf(carrelApi.GET('/portal/account')) });
}

export function usePortalCatalog(q: string, offset: number) {
  return useQuery({
    queryKey: portalKeys.catalog(q, offset),
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/portal/catalog', { params: { query: { q, limit: catalogPageSize, offset } }, signal })),
    enabled: q !== '',
  });
}

export function usePickupLocations() {
  return useQuery({ queryKey: portalKeys.pickupLocations, queryFn: () => replyOf(carrelApi.GET('/portal/pickup-locations')), staleTime: 300_000 });
}

/** Re-reads the account after a change, so loans, requests and the summary agree with the server. */
export function useAccountChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: portalKeys.account });
}

export const portalApi = {
  signIn: (credentials: { library: string; barcode: string; pin: string }) => replyOf(carrelApi.POST('/portal/sign-in', { body: credentials })),
  session: () => replyOf(carrelApi.GET('/portal/session')),
  signOut: () => replyOf(carrelApi.POST('/portal/sign-out', { body: {} })),
  renew: (loanId: string) => replyOf(carrelApi.POST('/portal/loans/{id}/renew', { params: { path: { id: loanId } }, body: {} })),
  renewAll: () => replyOf(carrelApi.POST('/portal/loans/renew-all', { body: {} })),
  placeRequest: (input: { instanceId: string; pickupServicePointId: string; notNeededAfter?: string }) => replyOf(carrelApi.POST('/portal/requests', { body: input })),
  cancelRequest: (requestId: string) => replyOf(carrelApi.POST('/portal/requests/{id}/cancel', { params: { path: { id: requestId } }, body: {} })),
  changePin: (change: { currentPin: string; newPin: string }) => replyOf(carrelApi.PUT('/portal/pin', { body: change })),
};
