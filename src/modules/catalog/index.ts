/** What other modules may use of the catalogue: searching titles and naming their authors. */
export { firstAuthorsOfTitles, searchTitles } from './catalog.reads.ts';
export type { InstanceSummary } from './search.queries.ts';
export { itemStatuses, type ItemStatus } from './item-status.ts';
