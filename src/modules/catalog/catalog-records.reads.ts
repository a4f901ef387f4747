import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { findInstanceDetail, findItemView, listItems, listReferenceTypes, type ItemFilter, type ItemView } from './catalog.queries.ts';
import { searchCatalog, type CatalogSearch, type InstanceSummary } from './search.queries.ts';

/** What the catalogue screens read: search, one title with its copies, items, and the type lists. */

export async function searchInstances(db: Kysely<Database>, search: CatalogSearch): Promise<{ items: InstanceSummary[]; total: number }> {
  return searchCatalog(db, search);
}

/** One title of the institution with its holdings and items; a missing one is refused. */
export async function requireInstanceDetail(db: Kysely<Database>, institutionId: string, instanceId: string) {
  const instance = await findInstanceDetail(db, institutionId, instanceId);
  if (!instance) throw new DomainError('INSTANCE_NOT_FOUND', 'There is no such instance.', { instanceId });
  return instance;
}

export async function itemsPage(db: Kysely<Database>, filter: Omit<ItemFilter, 'itemId'>): Promise<{ items: ItemView[]; total: number }> {
  return listItems(db, filter);
}

/** One item of the institution as the desk sees it; a missing one is refused. */
export async function requireItemView(db: Kysely<Database>, institutionId: string, itemId: string): Promise<ItemView> {
  const item = await findItemView(db, institutionId, itemId);
  if (!item) throw new DomainError('ITEM_NOT_FOUND', 'There is no item with that id.', { itemId });
  return item;
}

export async function referenceTypesOf(db: Kysely<Database>, table: 'material_type' | 'loan_type', institutionId: string) {
  return listReferenceTypes(db, table, institutionId);
}
