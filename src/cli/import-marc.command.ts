import type { Command } from 'commander';

export function registerImportMarcCommand(_program: Command): void {}
