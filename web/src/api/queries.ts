import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { carrelApi, replyOf } from './api-client.ts';
import type { Schemas } from './api-shapes.ts';
import type { paths } from './carrel-api.ts';

export const catalogPageSize = 20;

export interface Named {
  id?: string;
  code?: string;
  name: string;
}

export type Contributor = string | { name: string; role?: string | null };

export type CatalogResult = Schemas['InstanceSummary'];

export type Holding = NonNullable<Schemas['Instance']['holdings']>[number];

export type InstanceItem = Schemas['InstanceItem'];

export type Instance = Schemas['Instance'];

export type ItemRecord = Schemas['Item'];

export type Patron = Schemas['Patron'];

export type ServicePoint = Schemas['ServicePoint'];

export type Loan = Schemas['Loan'];

/** The formats the catalog search can narrow to ('' for any). */
export type CatalogFormat = NonNullable<NonNullable<paths['/catalog/search']['get']['parameters']['query']>['format']>;

export interface CatalogSearch {
  q: string;
  /** As typed in the address: the server refuses a format it does not know. */
  format: string;
  availableOnly: boolean;
  page: number;
}

export function contributorNames(contributors: Contributor[] | undefined): string[] {
  return (contributors ?? []).map((contributor) => (typeof contributor === 'string' ? contributor : contributor.name)).filter(Boolean);
}

export function useCatalogSearch(search: CatalogSearch) {
  return useQuery({
    queryKey: ['catalog-search', search],
    queryFn: ({ signal }) =>
      replyOf(
        carrelApi.GET('/catalog/search', {
          params: {
            query: {
              q: search.q,
              format: (search.format || undefined) as CatalogFormat | undefined,
              available: search.availableOnly ? 'true' : undefined,
              limit: catalogPageSize,
              offset: (search.page - 1) * catalogPageSize,
            },
          },
          signal,
        }),
      ),
    enabled: search.q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useInstance(id: string) {
  return useQuery({ queryKey: ['instance', id], queryFn: ({ signal }) => replyOf(carrelApi.GET('/instances/{id}', { params: { path: { id } }, signal })) });
}

export function useItem(id: string) {
  return useQuery({ queryKey: ['item', id], queryFn: ({ signal }) => replyOf(carrelApi.GET('/items/{id}', { params: { path: { id } }, signal })) });
}

export function findItemsByBarcode(barcode: string) {
  return replyOf(carrelApi.GET('/items', { params: { query: { barcode } } }));
}

export const patronPageSize = 25;

export function usePatronSearch(q: string, page: number) {
  return useQuery({
    queryKey: ['patron-search', q, page],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/patrons', { params: { query: { q, limit: patronPageSize, offset: (page - 1) * patronPageSize } }, signal })),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export function findPatronsByBarcode(barcode: string) {
  return replyOf(carrelApi.GET('/patrons', { params: { query: { barcode } } }));
}

export function usePatron(id: string) {
  return useQuery({ queryKey: ['patron', id], queryFn: ({ signal }) => replyOf(carrelApi.GET('/patrons/{id}', { params: { path: { id } }, signal })) });
}

export function useServicePoints(enabled: boolean) {
  return useQuery({
    queryKey: ['service-points'],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/service-points', { params: { query: { limit: 200 } }, signal })),
    enabled,
    staleTime: 10 * 60_000,
  });
}

/** A patron's current loans, for the counts on the desk's patron card. */
export function usePatronOpenLoans(patronId: string | undefined) {
  return useQuery({
    queryKey: ['patron-open-loans', patronId],
    queryFn: ({ signal }) => replyOf(carrelApi.GET('/circulation/loans', { params: { query: { patronId, status: 'open', limit: 500 } }, signal })),
    enabled: Boolean(patronId),
    staleTime: 0,
  });
}
