import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { ReplyOf, RequestStatus, Schemas } from './api-shapes.ts';

// Requests, the pick list, the hold shelf and the desk summary: what they read from /api/v1 and what they change.

export type RequestType = 'hold' | 'recall' | 'page';
export type { RequestStatus };

export type RequestRecord = Schemas['Request'];

export type HoldSlip = ReplyOf<'/requests/{id}/hold-slip', 'get'>['holdSlip'];

export type HoldShelfEntry = Schemas['HoldShelfEntry'];

export type PickListEntry = Schemas['PickListEntry'];

export type DeskSummary = Schemas['DeskSummary'];

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
  return useQuery({ queryKey: [...requestsKey, 'patron', patronId], queryFn: ({ signal }) => replyOf(carrelApi.GET('/requests', { params: { query: { patronId, limit: 200 } }, signal })) });
}

export function useItemRequests(itemId: string) {
  return useQuery({ queryKey: [...requestsKey, 'item', itemId], queryFn: ({ signal }) => replyOf(carrelApi.GET('/requests', { params: { query: { itemId, limit: 200 } }, signal })) });
}

export function useTitleRequests(instanceId: string) {
  return useQuery({ queryKey: [...requestsKey, 'instance', instanceId], queryFn: ({ signal }) => replyOf(carrelApi.GET('/requests', { params: { query: { instanceId, limit: 200 } }, signal })) });
}

export function usePickList(servicePointId: string | undefined) {
  return useQuery({
    queryKey: [...requestsKey, 'pick-list', servicePointId],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/service-points/{id}/pick-list', { params: { path: { id: servicePointId ?? '' } }, signal })),
    enabled: Boolean(servicePointId),
  });
}

export function useHoldShelf(servicePointId: string | undefined) {
  return useQuery({
    queryKey: [...requestsKey, 'hold-shelf', servicePointId],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/service-points/{id}/hold-shelf', { params: { path: { id: servicePointId ?? '' } }, signal })),
    enabled: Boolean(servicePointId),
  });
}

export function useDeskSummary(servicePointId: string | undefined) {
  return useQuery({
    queryKey: [...requestsKey, 'desk-summary', servicePointId],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/service-points/{id}/desk-summary', { params: { path: { id: servicePointId ?? '' } }, signal })),
    enabled: Boolean(servicePointId),
    refetchInterval: 60_000,
  });
}

/** After any change to a request every list that shows requests may be stale: queues, the shelf, the pick list. */
export function useRequestsChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (query) => ['requests', 'title-requests', 'patron-requests'].includes(String(query.queryKey[0])) });
}

/** A change to requests as a mutation: when it succeeds, every list that shows requests is read again. */
export function useRequestChange<Args extends unknown[], Reply>(change: (...args: Args) => Promise<Reply>): (...args: Args) => Promise<Reply> {
  const changed = useRequestsChanged();
  const mutation = useMutation({ mutationFn: (args: Args) => change(...args), onSuccess: () => changed() });
  return (...args: Args) => mutation.mutateAsync(args);
}

export const placeRequest = (input: PlaceRequestInput) => replyOf(carrelApi.POST('/requests', { body: input }));
export const cancelRequest = (requestId: string, reason: string) => replyOf(carrelApi.POST('/requests/{id}/cancel', { params: { path: { id: requestId } }, body: { reason } }));
export const moveRequest = (requestId: string, itemBarcode: string) => replyOf(carrelApi.POST('/requests/{id}/move', { params: { path: { id: requestId } }, body: { itemBarcode } }));
export const markNotFound = (requestId: string) => replyOf(carrelApi.POST('/requests/{id}/not-found', { params: { path: { id: requestId } }, body: {} }));
export const fetchHoldSlip = (requestId: string) => replyOf(carrelApi.GET('/requests/{id}/hold-slip', { params: { path: { id: requestId } } }));
export const reorderQueue = (queue: { itemId: string } | { instanceId: string }, requestIds: string[]) =>
  replyOf<{ items: RequestRecord[] }>(
    'itemId' in queue
      ? carrelApi.PUT('/items/{id}/request-queue', { params: { path: { id: queue.itemId } }, body: { requestIds } })
      : carrelApi.PUT('/instances/{id}/request-queue', { params: { path: { id: queue.instanceId } }, body: { requestIds } }),
  );

export type HoldSlipFormat = 'initials-and-last-four' | 'full-name' | 'last-name-first-initial' | 'barcode-only-last-four';
export const holdSlipFormats: HoldSlipFormat[] = ['initials-and-last-four', 'last-name-first-initial', 'full-name', 'barcode-only-last-four'];

export function useRequestSettings() {
  return useQuery({ queryKey: [...requestsKey, 'settings'], queryFn: ({ signal }) => replyOf(carrelApi.GET('/request-settings', { signal })) });
}

export const saveRequestSettings = (settings: { holdSlipFormat: HoldSlipFormat }) => replyOf(carrelApi.PUT('/request-settings', { body: settings }));
