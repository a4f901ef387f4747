/** What other modules may use of the catalogue: searching titles and naming their authors. */
export { firstAuthorsOfTitles, instanceIdsOfItems, instanceIdsWithTitle, searchTitles } from './catalog.reads.ts';
export type { InstanceSummary } from './search.queries.ts';
export { itemStatuses, type ItemStatus } from './item-status.ts';
/** Rebuild an institution's keyword index after a bulk load (the index is derived, never exported). */
export { rebuildSearchIndex } from './search-index.ts';
/** SIP2 19: what a kiosk or sorter stores with an item (the caller audits it, in its transaction). */
export { saveSipItemProperties } from './item.queries.ts';
/** A title's copies as the request queue reads them, and an item's status change in the caller's transaction. */
export { copiesOfTitle, copyByBarcode, copyById, titleExists, type CopyOfTitle } from './copies.reads.ts';
export { changeItemStatus } from './item-status-change.queries.ts';
export { importMarcFile } from './marc-import.service.ts';
export type { MarcImportReport } from './marc-import.service.ts';
export { searchCatalog } from './search.queries.ts';
export { shelvingOrderOf } from './call-number.ts';
