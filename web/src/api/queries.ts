import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './api-client.ts';
import type { CatalogResult, CheckInReply, CheckOutReply, Instance, ItemRecord, Loan, Page, Patron, ServicePoint } from './api-types.ts';

export const catalogPageSize = 20;

export interface CatalogSearch {
  q: string;
  format: string;
  availableOnly: boolean;
  page: number;
}

export function useCatalogSearch(search: CatalogSearch) {
  return useQuery({
    queryKey: ['catalog-search', search],
    queryFn: ({ signal }) =>
      api.get<Page<CatalogResult>>(
        '/catalog/search',
        {
          q: search.q,
          format: search.format,
          available: search.availableOnly ? true : undefined,
          limit: catalogPageSize,
          offset: (search.page - 1) * catalogPageSize,
        },
        signal,
      ),
    enabled: search.q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useInstance(id: string) {
  return useQuery({ queryKey: ['instance', id], queryFn: ({ signal }) => api.get<Instance>(`/instances/${encodeURIComponent(id)}`, undefined, signal) });
}

export function useItem(id: string) {
  return useQuery({ queryKey: ['item', id], queryFn: ({ signal }) => api.get<ItemRecord>(`/items/${encodeURIComponent(id)}`, undefined, signal) });
}

export function findItemsByBarcode(barcode: string) {
  return api.get<Page<ItemRecord>>('/items', { barcode });
}

export const patronPageSize = 25;

export function usePatronSearch(q: string, page: number) {
  return useQuery({
    queryKey: ['patron-search', q, page],
    queryFn: ({ signal }) => api.get<Page<Patron>>('/patrons', { q, limit: patronPageSize, offset: (page - 1) * patronPageSize }, signal),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export function findPatronsByBarcode(barcode: string) {
  return api.get<Page<Patron>>('/patrons', { barcode });
}

export function usePatron(id: string) {
  return useQuery({ queryKey: ['patron', id], queryFn: ({ signal }) => api.get<Patron>(`/patrons/${encodeURIComponent(id)}`, undefined, signal) });
}

export function useServicePoints(enabled: boolean) {
  return useQuery({
    queryKey: ['service-points'],
    queryFn: ({ signal }) => api.get<Page<ServicePoint>>('/service-points', { limit: 200 }, signal),
    enabled,
    staleTime: 10 * 60_000,
  });
}

/** A patron's current loans, for the counts on the desk's patron card. */
export function usePatronOpenLoans(patronId: string | undefined) {
  return useQuery({
    queryKey: ['patron-open-loans', patronId],
    queryFn: ({ signal }) => api.get<Page<Loan>>('/circulation/loans', { patronId, status: 'open', limit: 500 }, signal),
    enabled: Boolean(patronId),
    staleTime: 0,
  });
}

export interface CheckOutInput {
  patronBarcode: string;
  itemBarcode: string;
  servicePointId: string;
  override?: { reason: string };
}

export function checkOutItem(input: CheckOutInput) {
  return api.post<CheckOutReply>('/circulation/check-out', input);
}

export function checkInItem(input: { itemBarcode: string; servicePointId: string; returnedAt?: string; makeAvailable?: boolean }) {
  return api.post<CheckInReply>('/circulation/check-in', input);
}
