// Production is explicit (issue 13): no demo account, and no embedded database unless the operator opts in by name;
// the embedded database's folder and files are the owner's only.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from '@/db';
import { startupPlan } from '@/lib/server/startup';

const secrets = { AUTH_SECRET: randomBytes(32).toString('base64'), CREDENTIALS_KEY: randomBytes(32).toString('base64') };

/** The real start-up in a child process (tests/support/start-server.ts), with exactly this environment. */
function start(env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './tests/support/no-server-only.mjs', path.join('tests', 'support', 'start-server.ts')],
    {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
      // PATH only from the parent: no DATABASE_URL or NODE_ENV of the test run leaks in.
      env: { PATH: process.env.PATH ?? '', WEBHOOK_WORKER_INTERVAL_MS: '0', SCHEDULER_INTERVAL_MS: '0', ...env } as Record<string, string> as NodeJS.ProcessEnv,
    },
  );
  const merchantsLine = result.stdout.split('\n').find((line) => line.startsWith('{"merchants"'));
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    merchants: merchantsLine ? (JSON.parse(merchantsLine) as { merchants: string[] }).merchants : undefined,
  };
}

/** Every file and folder under `dir` with its permission bits. */
function modes(dir: string): { path: string; mode: number; directory: boolean }[] {
  const found: { path: string; mode: number; directory: boolean }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    found.push({ path: full, mode: statSync(full).mode & 0o777, directory: entry.isDirectory() });
    if (entry.isDirectory()) found.push(...modes(full));
  }
  return found;
}

describe('start-up plan', () => {
  const plan = (NODE_ENV: 'production' | 'development' | 'test', embeddedDatabase: boolean, ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION = false) =>
    startupPlan({ NODE_ENV, embeddedDatabase, ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION });

  it('seeds the demo merchant only outside production, on the embedded database', () => {
    expect(plan('development', true)).toEqual({ seedDemo: true });
    expect(plan('test', true)).toEqual({ seedDemo: true });
    expect(plan('development', false)).toEqual({ seedDemo: false });
    expect(plan('production', false)).toEqual({ seedDemo: false });
    expect(plan('production', true, true)).toEqual({ seedDemo: false });
  });

  it('refuses production on the embedded database without the opt-in, naming both ways out', () => {
    const refused = plan('production', true);
    expect(refused.refusal).toMatch(/Refusing to start/);
    expect(refused.refusal).toMatch(/DATABASE_URL/);
    expect(refused.refusal).toMatch(/ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=1/);
  });
});

describe('production start-up (a real process)', () => {
  it('exits 1 with one clear log line and no stack trace, without touching the data folder, when there is no DATABASE_URL', () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'prod-refuse-')), 'data');
    const run = start({ NODE_ENV: 'production', DATA_DIR: dataDir, ...secrets });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as { level: string; message: string };
    expect(line.level).toBe('error');
    expect(line.message).toMatch(/Refusing to start: production .* without DATABASE_URL .* ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=1/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.merchants).toBeUndefined();
    expect(() => statSync(dataDir)).toThrow();
  });

  it('runs on the embedded database when opted in, and creates no demo merchant', () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'prod-embedded-')), 'data');
    const run = start({ NODE_ENV: 'production', DATA_DIR: dataDir, ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: '1', ...secrets });
    expect(run.stderr).toMatch(/running on the embedded database in production/);
    expect(run.status).toBe(0);
    expect(run.merchants).toEqual([]);
    expect(run.stdout).not.toMatch(/demo/);
  });

  it('still creates the demo merchant in development', () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'dev-embedded-')), 'data');
    const run = start({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(run.status).toBe(0);
    expect(run.merchants).toEqual(['demo@example.com']);
  });
});

describe('embedded data folder', () => {
  it('is 0700 and holds no file readable or writable by group or others, also after PostgreSQL writes more', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'pglite-modes-')), 'data', 'pglite');
    const handle = await openPglite(dataDir);
    try {
      await handle.migrate();
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(path.dirname(dataDir)).mode & 0o777).toBe(0o700);
      const opened = modes(dataDir);
      expect(opened.length).toBeGreaterThan(100);
      expect(opened.filter((entry) => entry.mode & 0o077).map((entry) => `${entry.path} ${entry.mode.toString(8)}`)).toEqual([]);
    } finally {
      await handle.close();
    }
    // Files PostgreSQL created after the sweep (tables, WAL) are never world-writable, and sit in the 0700 folder.
    expect(modes(dataDir).filter((entry) => entry.mode & 0o002)).toEqual([]);
  });

  it('takes group and other bits off a folder an older version left open', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'pglite-old-')), 'pglite');
    const first = await openPglite(dataDir);
    await first.close();
    chmodSync(dataDir, 0o755);
    mkdirSync(path.join(dataDir, 'stray'), { mode: 0o777 });
    chmodSync(path.join(dataDir, 'stray'), 0o777);
    writeFileSync(path.join(dataDir, 'stray', 'file'), 'x', { mode: 0o666 });
    chmodSync(path.join(dataDir, 'stray', 'file'), 0o666);
    const again = await openPglite(dataDir);
    await again.close();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, 'stray')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, 'stray', 'file')).mode & 0o777).toBe(0o600);
  });
});
