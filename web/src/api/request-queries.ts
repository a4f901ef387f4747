import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client.ts';
import type { Page } from './api-types.ts';

// Requests, the pick list, the hold shelf and the desk summary: what they read from /api/v1 and what they change.

export type RequestType = 'hold' | 'recall' | 'page';
export type RequestStatus =
  | 'open-not-yet-filled'
  | 'open-in-transit'
  | 'open-awaiting-pickup'
  | 'closed-filled'
  | 'closed-cancelled'
  | 'closed-unfilled'
  | 'closed-pickup-expired';

export interface RequestRecord {
  id: string;
  type: RequestType;
  level: 'item' | 'title';
  status: RequestStatus;
  queuePosition: number;
  patron: { id: string; barcode: string; lastName: string; firstName: string };
  item: { id: string; barcode: string; status: string } | null;
  instance: { id: string; title: string };
  pickupServicePoint: { id: string; name: string };
  notNeededAfter: string | null;
  holdShelfExpiresAt: string | null;
  awaitingPickupAt: string | null;
  cancelReason: string | null;
  filledLoanId: string | null;
  createdAt: string;
}

export interface HoldSlip {
  requestId: string;
  patron: string;
  itemBarcode: string;
  title: string;
  pickupServicePoint: string;
  holdShelfExpiresAt: string;
}

export interface HoldShelfEntry {
  requestId: string;
  patron: { id: string; barcode: string; lastName: string; firstName: string };
  item: { id: string; barcode: string; title: string; callNumber: string | null };
  slipName: string;
  awaitingPickupAt: string | null;
  holdShelfExpiresAt: string;
  expired: boolean;
  expiresToday: boolean;
  /** The hold expired and its request is closed; the item waits to be taken off and scanned at check-in. */
  clearFromShelf: boolean;
}

export interface PickListEntry {
  requestId: string;
  item: { id: string; barcode: string; title: string; callNumber: string | null; location: string };
  pickupServicePoint: string;
  requestedAt: string;
}

export interface DeskSummary {
  holdShelf: { awaitingPickup: number; expiringToday: number; expiredAwaitingClearing: number };
  pickList: number;
  inTransitHere: { total: number; items: { item: { id: string; barcode: string; title: string; callNumber: string | null }; requestId: string | null; since: string }[] };
  overdueRecalls: {
    total: number;
    items: { loanId: string; item: { id: string; barcode: string; title: string }; patron: { id: string; barcode: string; lastName: string; firstName: string }; dueAt: string; recalledAt: string }[];
  };
}

export interface PlaceRequestInput {
  type: RequestType;
  patronBarcode: string;
  itemBarcode?: string;
  instanceId?: string;
  pickupServicePointId: string;
  notNeededAfter?: string;
}

export const openRequestStatuses: ReadonlySet<RequestStatus> = new Set(['open-not-yet-filled', 'open-in-transit', 'open-awaiting-pickup']);

const requestsKey = ['requests'] as const;

export function usePatronRequests(patronId: string) {
  return useQuery({ queryKey: [...requestsKey, 'patron', patronId], queryFn: ({ signal }) => api.get<Page<RequestRecord>>('/requests', { patronId, limit: 200 }, signal) });
}

export function useItemRequests(itemId: string) {
  return useQuery({ queryKey: [...requestsKey, 'item', itemId], queryFn: ({ signal }) => api.get<Page<RequestRecord>>('/requests', { itemId, limit: 200 }, signal) });
}

export function useTitleRequests(instanceId: string) {
  return useQuery({ queryKey: [...requestsKey, 'instance', instanceId], queryFn: ({ signal }) => api.get<Page<RequestRecord>>('/requests', { instanceId, limit: 200 }, signal) });
}

export function usePickList(servicePointId: string | undefined) {
  return useQuery({
    queryKey: [...requestsKey, 'pick-list', servicePointId],
    queryFn: ({ signal }) => api.get<Page<PickListEntry>>(`/service-points/${servicePointId}/pick-list`, undefined, signal),
    enabled: Boolean(servicePointId),
  });
}

export function useHoldShelf(servicePointId: string | undefined) {
  return useQuery({
    queryKey: [...requestsKey, 'hold-shelf', servicePointId],
    queryFn: ({ signal }) => api.get<Page<HoldShelfEntry>>(`/service-points/${servicePointId}/hold-shelf`, undefined, signal),
    enabled: Boolean(servicePointId),
  });
}

export function useDeskSummary(servicePointId: string | undefined) {
  return useQuery({
    queryKey: [...requestsKey, 'desk-summary', servicePointId],
    queryFn: ({ signal }) => api.get<DeskSummary>(`/service-points/${servicePointId}/desk-summary`, undefined, signal),
    enabled: Boolean(servicePointId),
    refetchInterval: 60_000,
  });
}

/** After any change to a request every list that shows requests may be stale: queues, the shelf, the pick list. */
export function useRequestsChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (query) => ['requests', 'title-requests', 'patron-requests'].includes(String(query.queryKey[0])) });
}

export const placeRequest = (input: PlaceRequestInput) => api.post<{ request: RequestRecord }>('/requests', input);
export const cancelRequest = (requestId: string, reason: string) => api.post<{ request: RequestRecord }>(`/requests/${requestId}/cancel`, { reason });
export const moveRequest = (requestId: string, itemBarcode: string) => api.post<{ request: RequestRecord }>(`/requests/${requestId}/move`, { itemBarcode });
export const markNotFound = (requestId: string) => api.post<{ request: RequestRecord }>(`/requests/${requestId}/not-found`);
export const fetchHoldSlip = (requestId: string) => api.get<{ holdSlip: HoldSlip }>(`/requests/${requestId}/hold-slip`);
export const reorderQueue = (queue: { itemId: string } | { instanceId: string }, requestIds: string[]) =>
  api.put<{ items: RequestRecord[] }>('itemId' in queue ? `/items/${queue.itemId}/request-queue` : `/instances/${queue.instanceId}/request-queue`, { requestIds });

export type HoldSlipFormat = 'initials-and-last-four' | 'full-name' | 'last-name-first-initial' | 'barcode-only-last-four';
export const holdSlipFormats: HoldSlipFormat[] = ['initials-and-last-four', 'last-name-first-initial', 'full-name', 'barcode-only-last-four'];

export function useRequestSettings() {
  return useQuery({ queryKey: [...requestsKey, 'settings'], queryFn: ({ signal }) => api.get<{ holdSlipFormat: HoldSlipFormat }>('/request-settings', undefined, signal) });
}

export const saveRequestSettings = (settings: { holdSlipFormat: HoldSlipFormat }) => api.put<{ holdSlipFormat: HoldSlipFormat }>('/request-settings', settings);
