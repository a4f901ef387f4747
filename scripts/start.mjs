// npm start: build the staff client when its sources are newer than the build, then serve,
// creating the demo college on first run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'web/dist/index.html');

function newestChange(folder) {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
if (built < newestChange(path.join(root, 'web/src')) || built < fs.statSync(path.join(root, 'web/index.html')).mtimeMs) {
  console.log('Building the staff client…');
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const serve = spawnSync(process.execPath, [path.join(root, 'bin/carrel.mjs'), 'serve', '--seed-demo-if-empty', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(serve.status ?? 1);
