// CI: fail on high or critical advisories in the production dependencies (`npm audit --omit=dev`).
// When the advisory service cannot be reached (a closed network), say so plainly instead of passing in silence.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout || '{}');
} catch {
  report = {};
}

if (!report.metadata) {
  const reason = report.message ?? run.stderr?.trim() ?? 'no answer';
  console.log(`npm audit: NOT CHECKED — the advisory service could not be reached (${reason}). Run \`npm audit --omit=dev\` where the registry allows it.`);
  process.exit(0);
}

const { high = 0, critical = 0, moderate = 0, low = 0 } = report.metadata.vulnerabilities ?? {};
console.log(`npm audit (production dependencies): ${critical} critical, ${high} high, ${moderate} moderate, ${low} low`);
if (high + critical > 0) {
  for (const [name, advisory] of Object.entries(report.vulnerabilities ?? {})) {
    if (advisory.severity === 'high' || advisory.severity === 'critical') console.log(`  ${advisory.severity}: ${name} ${advisory.range ?? ''}`);
  }
  process.exit(1);
}
