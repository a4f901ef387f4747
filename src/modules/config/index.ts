/** What the CLI and the demo seed may use of the library configuration: apply, export and the problems it reports. */
export { applyLibraryConfig, applyLibraryConfigWithin } from './library-config-apply.service.ts';
export type { LibraryConfigReport } from './library-config-apply.service.ts';
export { exportLibraryConfig } from './library-config-export.service.ts';
export { formatProblem } from './library-config.parse.ts';
