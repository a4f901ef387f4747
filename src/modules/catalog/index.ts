/** What other modules may use of the catalogue: searching titles and naming their authors. */
export { firstAuthorsOfTitles, searchTitles } from './catalog.reads.ts';
export type { InstanceSummary } from './search.queries.ts';
export { itemStatuses, type ItemStatus } from './item-status.ts';
/** Rebuild an institution's keyword index after a bulk load (the index is derived, never exported). */
export { rebuildSearchIndex } from './search-index.ts';
/** A title's copies as the request queue reads them, and an item's status change in the caller's transaction. */
export { copiesOfTitle, copyByBarcode, copyById, titleExists, type CopyOfTitle } from './copies.reads.ts';
export { changeItemStatus } from './item-status-change.queries.ts';
