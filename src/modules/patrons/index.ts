/** What other modules may use of patrons: names and standing, blocks, the PIN, and finding a patron by card. */
export { displayNameOf, isBlockActive, isPatronExpired, localDateOf } from './patron.policy.ts';
export { addPatronBlock, liftKioskBlocks } from './patron-block.service.ts';
export { checkPatronPin, type PinCheck } from './patron-pin.service.ts';
export { setPatronPin } from './patron.service.ts';
export { patronIdOfBarcode, patronOwnView, requirePatron, type PatronOwnView } from './patron.reads.ts';
/** The blocks that stop a patron's requests, for the request queue's placement rules. */
export { requestBlocksOfPatron } from './request-blocks.reads.ts';
export { importPatronsCsv } from './patron-import.service.ts';
export type { PatronImportReport } from './patron-import.service.ts';
export { nameKeyOf, searchTextOf } from './patron.policy.ts';
