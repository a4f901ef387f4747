/**
 * Every status an item can have, written once: the item table's column, the catalog's API filter, circulation's
 * status changes and the kiosk's SIP2 codes all take this union, so a new status is a compile error wherever it
 * needs a decision. The migration's CHECK constraint (0001) keeps its own copy, as migrations never change.
 */
export const itemStatuses = [
  'available', 'checked-out', 'in-transit', 'awaiting-pickup', 'paged', 'on-order', 'in-process',
  'missing', 'declared-lost', 'aged-to-lost', 'claimed-returned', 'lost-and-paid', 'withdrawn',
  'damaged', 'in-repair', 'unavailable',
] as const;

export type ItemStatus = (typeof itemStatuses)[number];
