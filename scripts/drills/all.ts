// `npm run drills`: every failure drill, one after the other (each starts and stops what it needs, on its own fresh
// database), then one line per drill: passed or failed, and how long it took. Exits non-zero when any failed.
// `npm run drills -- kill-9 slow-clients` runs only those.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from './lib';

const DRILLS = ['database-outage', 'kill-9', 'two-instances', 'hanging-dependencies', 'slow-clients', 'standalone'];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DRILLS;
const unknown = chosen.filter((name) => !DRILLS.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown drill ${unknown.join(', ')}; the drills are ${DRILLS.join(', ')}\n`);
  process.exit(2);
}

const results: Array<{ name: string; ok: boolean; seconds: number }> = [];
for (const name of chosen) {
  const started = performance.now();
  const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join('scripts', 'drills', `${name}.ts`)], { cwd: root, stdio: 'inherit' });
  results.push({ name, ok: run.status === 0, seconds: (performance.now() - started) / 1000 });
}

const lines = ['', '| Drill | Result | Duration |', '| --- | --- | ---: |'];
for (const result of results) lines.push(`| ${result.name} | ${result.ok ? 'passed' : 'FAILED'} | ${result.seconds.toFixed(0)} s |`);
const failed = results.filter((result) => !result.ok).length;
lines.push('', `drills: ${results.length - failed} passed, ${failed} failed`, '');
process.stdout.write(lines.join('\n'));
process.exit(failed > 0 ? 1 : 0);
