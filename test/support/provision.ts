import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findPostgresBinaries } from './postgres-cluster.ts';

/**
 * The test suite needs a PostgreSQL server and Chromium. When one is missing it is installed from
 * Debian's packages if we are root; otherwise the run fails with the exact command to type.
 * Never skip silently.
 */
export const chromiumPath = '/usr/bin/chromium';

function aptInstall(packages: string[]): void {
  console.log(`Installing ${packages.join(' ')} from Debian packages…`);
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  if (update.status !== 0) throw new Error('apt-get update failed');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (install.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
}

export function ensureTestPrerequisites(): void {
  const missing: string[] = [];
  if (!findPostgresBinaries()) missing.push('postgresql');
  if (!fs.existsSync(chromiumPath)) missing.push('chromium');
  if (missing.length === 0) return;
  if (process.getuid?.() === 0) {
    aptInstall(missing);
    return;
  }
  throw new Error(`The test suite needs ${missing.join(' and ')}. Install with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
}
