/** What the CLI and the app may use of maintenance: export and import of the data, backup and restore, the integrity check. */
export { exportData } from './data-export.service.ts';
export { importData } from './data-import.service.ts';
export { backupDatabase, restoreDatabase } from './backup.service.ts';
export type { DatabaseTarget } from './backup.service.ts';
export { checkDatabaseIntegrity } from './integrity-check.service.ts';
