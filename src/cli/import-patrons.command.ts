import type { Command } from 'commander';

export function registerImportPatronsCommand(_program: Command): void {}
