// Shared by the failure drills (scripts/drills/*.ts, README "Failure drills"): a fresh PostgreSQL database per drill,
// the production build (built first when missing or older than the sources), `next start` on free ports, the gateway
// simulator in this process, a merchant with connected accounts, signed Mercado Pago notifications, a local SMTP
// server that records (or hangs), and a figures table. Each drill stops everything it started, also on failure or
// Ctrl-C, and exits non-zero when its claim does not hold.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startSimulator, type RunningSimulator } from '../../simulator/server';

export { sleep };

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const tsxBin = path.join(root, 'node_modules', '.bin', 'tsx');

// ---- The drill: figures, claims, clean-up ----

type Claim = { ok: boolean; text: string; detail: string };

export class Drill {
  readonly started = performance.now();
  readonly logDir: string;
  private readonly cleanups: Array<{ label: string; run: () => Promise<void> | void }> = [];
  private readonly figures: Array<[string, string]> = [];
  private readonly claims: Claim[] = [];
  private readonly notes: string[] = [];
  private finished = false;

  constructor(readonly name: string, readonly title: string) {
    this.logDir = path.join(tmpdir(), `drill-${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(this.logDir, { recursive: true });
    const interrupted = (signal: NodeJS.Signals) => {
      this.say(`${signal}: stopping everything this drill started`);
      void this.cleanUp().finally(() => process.exit(130));
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
  }

  /** Registers a clean-up; they run last-registered first, each once, whatever happened. */
  onCleanup(label: string, run: () => Promise<void> | void): void {
    this.cleanups.push({ label, run });
  }

  say(line: string): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1).padStart(6);
    process.stdout.write(`[${this.name} ${seconds}s] ${line}\n`);
  }

  figure(name: string, value: string | number): void {
    this.figures.push([name, typeof value === 'number' ? formatNumber(value) : value]);
  }

  note(line: string): void {
    this.notes.push(line);
  }

  check(ok: boolean, text: string, detail = ''): boolean {
    this.claims.push({ ok, text, detail });
    this.say(`${ok ? 'PASS' : 'FAIL'} ${text}${detail ? ` (${detail})` : ''}`);
    return ok;
  }

  private async cleanUp(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    while (this.cleanups.length > 0) {
      const cleanup = this.cleanups.pop();
      if (!cleanup) break;
      try {
        await cleanup.run();
      } catch (error) {
        process.stderr.write(`clean-up "${cleanup.label}" failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }

  /** Runs the drill's body, always cleans up, prints the figures and the claims, and exits (1 when a claim failed). */
  async run(body: () => Promise<void>): Promise<never> {
    let crashed: unknown;
    try {
      await body();
    } catch (error) {
      crashed = error;
    }
    await this.cleanUp();
    const seconds = (performance.now() - this.started) / 1000;
    const lines = ['', `## Drill: ${this.name} — ${this.title}`, '', `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${seconds.toFixed(0)} s; logs in ${this.logDir}`, ''];
    if (this.figures.length > 0) {
      const width = Math.max(6, ...this.figures.map(([name]) => name.length));
      lines.push(`| ${'Figure'.padEnd(width)} | Value |`, `| ${'-'.repeat(width)} | ---: |`);
      for (const [name, value] of this.figures) lines.push(`| ${name.padEnd(width)} | ${value} |`);
      lines.push('');
    }
    for (const claim of this.claims) lines.push(`${claim.ok ? 'PASS' : 'FAIL'}  ${claim.text}${claim.detail ? ` — ${claim.detail}` : ''}`);
    for (const note of this.notes) lines.push(`note: ${note}`);
    if (crashed) lines.push(`FAIL  the drill could not finish: ${crashed instanceof Error ? (crashed.stack ?? crashed.message) : String(crashed)}`);
    const failed = crashed !== undefined || this.claims.some((claim) => !claim.ok) || this.claims.length === 0;
    lines.push('', `${this.name}: ${failed ? 'FAILED' : 'passed'} in ${seconds.toFixed(0)} s`, '');
    process.stdout.write(lines.join('\n'));
    process.exit(failed ? 1 : 0);
  }
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toFixed(value < 10 ? 2 : 0);
}

export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');

/** p50 / p99 / max of latencies in ms, as one cell. */
export const spread = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 99))} / ${ms(Math.max(...values))}`;

/** Counts of each value, as `200: 12, 503: 3`. */
export function tally(values: Array<string | number>): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([value, count]) => `${value}: ${count}`).join(', ') || 'none';
}

// ---- The production build ----

const SOURCES = ['app', 'components', 'core', 'db', 'i18n', 'lib', 'messages', 'pages', 'public', 'instrumentation.ts', 'proxy.ts', 'next.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs'];

function newestSource(): { file: string; mtime: number } {
  let newest = { file: '', mtime: 0 };
  const visit = (entry: string) => {
    const full = path.join(root, entry);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      for (const child of readdirSync(full)) visit(path.join(entry, child));
    } else if (stat.mtimeMs > newest.mtime) {
      newest = { file: entry, mtime: stat.mtimeMs };
    }
  };
  for (const entry of SOURCES) visit(entry);
  return newest;
}

/** `next build` when there is no build, or when a source file is newer than it (says which). */
export function ensureBuild(drill: Drill): void {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const newest = newestSource();
  let reason = '';
  if (!existsSync(buildId)) reason = 'no production build (.next/BUILD_ID missing)';
  else if (newest.mtime > statSync(buildId).mtimeMs) reason = `the build is older than ${newest.file}`;
  if (!reason) {
    drill.say(`production build: .next (built ${new Date(statSync(buildId).mtimeMs).toISOString()}), up to date`);
    return;
  }
  drill.say(`${reason}: running \`next build\` first (a few minutes)`);
  const built = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (built.status !== 0) throw new Error(`next build failed (exit ${built.status})`);
}

// ---- Ports, database ----

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export type Sql = ReturnType<typeof postgres>;

/** A fresh database on DATABASE_URL's server (default the local one), dropped at the end. */
export async function freshDatabase(drill: Drill): Promise<string> {
  const name = `drill_${drill.name.replace(/-/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  drill.onCleanup('drop the database', async () => {
    const dropper = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await dropper.end();
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  drill.say(`database: fresh "${name}" on ${url.hostname}:${url.port || 5432}`);
  return url.toString();
}

/** A connection for the drill's own counting; closed at the end. */
export function connect(drill: Drill, databaseUrl: string, max = 4): Sql {
  const sql = postgres(databaseUrl, { max, onnotice: () => {}, connect_timeout: 10 });
  drill.onCleanup('close the drill connection', () => sql.end({ timeout: 2 }));
  return sql;
}

// ---- PostgreSQL itself (database-outage) ----

const cluster = () => {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (versions.length !== 1) throw new Error(`expected one PostgreSQL version under /etc/postgresql, found ${versions.join(', ') || 'none'}`);
  return versions[0] as string;
};

function pgCtl(action: 'stop' | 'start'): void {
  const done = spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', action], { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`pg_ctlcluster ${action} failed: ${done.stderr || done.stdout}`);
}

/**
 * Stops the local PostgreSQL server; whatever happens next (a failed check, an exception, Ctrl-C, a crash of this
 * process), it is started again: by the drill's clean-up, and by an exit hook as the last resort.
 */
export function stopPostgres(drill: Drill): { start: () => void } {
  cluster();
  let stopped = true;
  const start = () => {
    if (!stopped) return;
    pgCtl('start');
    stopped = false;
  };
  process.on('exit', () => {
    if (stopped) spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', 'start']);
  });
  drill.onCleanup('start PostgreSQL again', start);
  pgCtl('stop');
  return { start };
}

// ---- The app ----

export type App = {
  label: string;
  url: string;
  port: number;
  child: ChildProcess;
  log: string;
  startedAt: number;
  readyAt: number;
  /** Every pid of the `next start` tree. */
  pids(): number[];
  /** SIGTERM to the tree, SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL to the process group at once, then to each of `tree` (listed beforehand: listing takes milliseconds). */
  kill9(tree?: number[]): number[];
};

export type AppSettings = {
  databaseUrl: string;
  secrets: { AUTH_SECRET: string; CREDENTIALS_KEY: string };
  simulatorUrl: string;
  env?: Record<string, string>;
};

export const newSecrets = () => ({ AUTH_SECRET: randomBytes(32).toString('base64'), CREDENTIALS_KEY: randomBytes(32).toString('base64') });

function descendants(pid: number): number[] {
  const pids = [pid];
  for (let index = 0; index < pids.length; index++) {
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pids[index])], { encoding: 'utf8' }).stdout;
    for (const child of children.split('\n').map((line) => line.trim()).filter(Boolean)) pids.push(Number(child));
  }
  return pids;
}

/** The environment the app runs with (production, this drill's database, the simulator, its own secrets). */
export function appEnv(settings: AppSettings, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: settings.databaseUrl,
    ...settings.secrets,
    APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    MERCADOPAGO_API_URL: `${settings.simulatorUrl}/mercadopago`,
    SECUREANDPAY_API_URL: `${settings.simulatorUrl}/secureandpay`,
    MOCKPAY_API_URL: `${settings.simulatorUrl}/mockpay`,
    SMTP_URL: '',
    ...settings.env,
  };
}

/** `next start` on a free port, in its own process group, its output in the drill's log directory; waits for /api/health. */
export async function startApp(drill: Drill, settings: AppSettings, label = 'app', port?: number): Promise<App> {
  const chosen = port ?? (await freePort());
  const log = path.join(drill.logDir, `${label}.log`);
  const fd = openSync(log, 'a');
  const startedAt = performance.now();
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(chosen), '-H', '127.0.0.1'], {
    cwd: root,
    env: appEnv(settings, chosen),
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const pid = child.pid;
  if (!pid) throw new Error(`${label}: next start did not start`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const app: App = {
    label,
    url: `http://127.0.0.1:${chosen}`,
    port: chosen,
    child,
    log,
    startedAt,
    readyAt: Number.NaN,
    pids: () => (child.exitCode === null && child.signalCode === null ? descendants(pid) : []),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      await Promise.race([exited, sleep(5000)]);
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
    kill9(tree) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      const pids = tree ?? [pid];
      for (const one of pids) {
        try {
          process.kill(one, 'SIGKILL');
        } catch {
          // Gone with the group.
        }
      }
      return pids;
    },
  };
  drill.onCleanup(`stop ${label}`, () => app.stop());
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode} while starting; see ${log}`);
    const ok = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(2000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${label} did not answer /api/health within 120 s; see ${log}`);
    await sleep(200);
  }
  app.readyAt = performance.now();
  drill.say(`${label}: next start on ${app.url} (pid ${pid}), ready in ${((app.readyAt - startedAt) / 1000).toFixed(1)} s`);
  return app;
}

/** Lines of an app's log that contain `text`. */
export function logLines(app: Pick<App, 'log'>, text: string): string[] {
  if (!existsSync(app.log)) return [];
  return readFileSync(app.log, 'utf8').split('\n').filter((line) => line.includes(text));
}

// ---- The simulator and the merchant ----

export async function simulator(drill: Drill): Promise<RunningSimulator> {
  const sim = await startSimulator({ port: 0 });
  drill.onCleanup('stop the simulator', () => sim.close());
  drill.say(`simulator: ${sim.url} (in this process)`);
  return sim;
}

export async function control<T>(sim: RunningSimulator, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${sim.url}/_sim/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`simulator ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export type MercadoPagoAccount = { userId: number; publicKey: string; accessToken: string; webhookSecret: string; publicId: string; accountId: string; webhookUrl: string };
export type SecureAndPaySite = { siteId: string; apiSecret: string; publicId: string; accountId: string; webhookUrl: string };
export type Merchant = { merchantId: string; email: string; mercadopago?: MercadoPagoAccount; secureandpay?: SecureAndPaySite };

/**
 * A merchant with a simulated Mercado Pago account and/or Secure and Pay site, connected through the app's own data
 * layer (scripts/drills/seed.ts, so secrets are sealed exactly as the app seals them), each account's webhook URL
 * given to the simulator. The app must have migrated the database first.
 */
export async function seedMerchant(sim: RunningSimulator, settings: AppSettings, appUrl: string, gateways: { mercadopago?: boolean; secureandpay?: boolean }): Promise<Merchant> {
  const input: Record<string, unknown> = {};
  if (gateways.mercadopago) input.mercadopago = await control(sim, 'mercadopago/accounts', { country: 'BR' });
  if (gateways.secureandpay) input.secureandpay = await control(sim, 'secureandpay/sites', { name: 'Drill shop' });
  const seeded = spawnSync(tsxBin, ['--conditions=react-server', path.join('scripts', 'drills', 'seed.ts'), JSON.stringify(input)], {
    cwd: root,
    env: { ...appEnv(settings, Number(new URL(appUrl).port)), APP_URL: appUrl },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr || seeded.stdout}`);
  const merchant = JSON.parse(seeded.stdout.trim().split('\n').pop() ?? '{}') as Merchant;
  if (merchant.mercadopago) await control(sim, `mercadopago/accounts/${merchant.mercadopago.userId}/webhook`, { url: merchant.mercadopago.webhookUrl });
  if (merchant.secureandpay) await control(sim, `secureandpay/sites/${merchant.secureandpay.siteId}/webhook`, { url: merchant.secureandpay.webhookUrl });
  return merchant;
}

export type SimPayment = { id: number; status: string; payerEmail: string };

/**
 * `count` payments in the simulator, not notified (the drill sends the notifications itself, when it chooses):
 * every `rejectEvery`-th one rejected (a payment_failed alert and two emails: merchant and customer), the rest
 * approved; each with its own amount and customer address, so a duplicate email is recognisable.
 */
export async function createPayments(sim: RunningSimulator, account: MercadoPagoAccount, count: number, rejectEvery = 10, tag = 'c'): Promise<SimPayment[]> {
  const created: SimPayment[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, (_, offset) => start + offset);
    created.push(
      ...(await Promise.all(
        batch.map(async (index) => {
          const rejected = rejectEvery > 0 && index % rejectEvery === rejectEvery - 1;
          const payerEmail = `customer-${tag}${index}@example.com`;
          const payment = await control<{ id: number; status: string }>(sim, 'mercadopago/payments', {
            userId: account.userId,
            status: rejected ? 'rejected' : 'approved',
            ...(rejected ? { status_detail: 'cc_rejected_insufficient_amount' } : {}),
            transaction_amount: 10 + index / 100,
            payer: { email: payerEmail, first_name: 'Ana', last_name: `Drill${index}` },
            notify: false,
          });
          return { id: payment.id, status: payment.status, payerEmail };
        }),
      )),
    );
  }
  return created;
}

// ---- Signed notifications ----

export type Notification = { path: string; headers: Record<string, string>; body: string; dedupeKey: string; paymentId: string };

let notificationSequence = Number(randomBytes(4).readUInt32BE(0) % 1_000_000) * 1000;

/** A Mercado Pago `payment` notification as the simulator (and Mercado Pago) sends it, signed with x-signature. */
export function paymentNotification(account: MercadoPagoAccount, paymentId: number | string, action = 'payment.created'): Notification {
  const id = 80_000_000_000 + notificationSequence++;
  const dataId = String(paymentId);
  const body = JSON.stringify({ action, api_version: 'v1', data: { id: dataId }, date_created: new Date().toISOString(), id, live_mode: true, type: 'payment', user_id: account.userId });
  return { path: `/api/webhooks/mercadopago/${account.publicId}?data.id=${dataId}&type=payment`, headers: {}, body, dedupeKey: `webhook:${id}`, paymentId: dataId };
}

/** Fresh x-request-id, ts and signature, as each delivery attempt has. */
export function signedHeaders(account: MercadoPagoAccount, notification: Notification): Record<string, string> {
  const requestId = randomUUID();
  const ts = String(Math.floor(Date.now() / 1000));
  const v1 = createHmac('sha256', account.webhookSecret).update(`id:${notification.paymentId};request-id:${requestId};ts:${ts};`).digest('hex');
  return { 'content-type': 'application/json', 'x-request-id': requestId, 'x-signature': `ts=${ts},v1=${v1}` };
}

/** `word`: the answer's `status` or `error` field (received, duplicate, unavailable …). */
export type Delivery = { status: number | 'error'; ms: number; at: number; word?: string; error?: string };

/** One delivery attempt (signed now); never throws: a network error or a time-out is `error`. */
export async function deliver(baseUrl: string, account: MercadoPagoAccount, notification: Notification, timeoutMs = 30_000): Promise<Delivery> {
  const at = performance.now();
  try {
    const response = await fetch(`${baseUrl}${notification.path}`, {
      method: 'POST',
      headers: signedHeaders(account, notification),
      body: notification.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const ms = performance.now() - at;
    let word: string | undefined;
    try {
      const parsed = JSON.parse(text) as { status?: unknown; error?: unknown };
      word = String(parsed.status ?? parsed.error ?? '');
    } catch {
      word = undefined;
    }
    return { status: response.status, ms, at, word };
  } catch (error) {
    return { status: 'error', ms: performance.now() - at, at, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Sends `items` at a steady rate (per second), not waiting for answers; resolves with every answer, in order. */
export async function paced<T, R>(items: T[], perSecond: number, send: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const started = performance.now();
  const pending: Promise<R>[] = [];
  for (let index = 0; index < items.length; index++) {
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(send(items[index] as T, index));
  }
  return Promise.all(pending);
}

/** Polls until `done` is true or the time runs out; returns the ms it took, or NaN. */
export async function waitUntil(done: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await done().catch(() => false)) return performance.now() - started;
    await sleep(everyMs);
  }
  return Number.NaN;
}

// ---- What the database holds, for the "exactly once" checks ----

export type Ledger = {
  events: number;
  distinctEvents: number;
  byStatus: string;
  unfinished: number;
  maxAttempts: number;
  payments: number;
  distinctPayments: number;
  paymentsWithHistoryNotOne: number;
  historyEntries: number;
  alerts: number;
  emails: number;
  emailsByStatus: string;
};

export async function ledger(sql: Sql): Promise<Ledger> {
  const [events] = await sql<Array<{ total: number; distinct: number; unfinished: number; max_attempts: number }>>`
    select count(*)::int as total, count(distinct (account_id, dedupe_key))::int as distinct,
      count(*) filter (where status in ('pending', 'processing'))::int as unfinished, coalesce(max(attempts), 0)::int as max_attempts
    from webhook_events`;
  const statuses = await sql<Array<{ status: string; n: number }>>`select status, count(*)::int as n from webhook_events group by status order by status`;
  const [payments] = await sql<Array<{ total: number; distinct: number }>>`
    select count(*)::int as total, count(distinct (account_id, gateway_payment_id))::int as distinct from payments`;
  const [history] = await sql<Array<{ entries: number; not_one: number }>>`
    select (select count(*)::int from status_history where entity_type = 'payment') as entries,
      (select count(*)::int from payments p where (select count(*) from status_history h where h.entity_type = 'payment' and h.entity_id = p.id) <> 1) as not_one`;
  const [alerts] = await sql<Array<{ n: number }>>`select count(*)::int as n from alerts`;
  const emails = await sql<Array<{ status: string; n: number }>>`select status, count(*)::int as n from email_outbox group by status order by status`;
  return {
    events: events?.total ?? 0,
    distinctEvents: events?.distinct ?? 0,
    byStatus: statuses.map((row) => `${row.status}: ${row.n}`).join(', ') || 'none',
    unfinished: events?.unfinished ?? 0,
    maxAttempts: events?.max_attempts ?? 0,
    payments: payments?.total ?? 0,
    distinctPayments: payments?.distinct ?? 0,
    paymentsWithHistoryNotOne: history?.not_one ?? 0,
    historyEntries: history?.entries ?? 0,
    alerts: alerts?.n ?? 0,
    emails: emails.reduce((sum, row) => sum + row.n, 0),
    emailsByStatus: emails.map((row) => `${row.status}: ${row.n}`).join(', ') || 'none',
  };
}

// ---- A local SMTP server: records what it receives, or hangs ----

export type SmtpServer = {
  url: string;
  /** ok: a plain SMTP sink; hang: accepts connections and never says a word. */
  mode: 'ok' | 'hang';
  /** Messages received, each as recipient + subject + body. */
  messages: Array<{ to: string; subject: string; key: string; at: number }>;
  /** Connections accepted while hanging. */
  hungConnections: number;
  duplicates(): number;
  close(): Promise<void>;
};

export async function smtpServer(drill: Drill, mode: 'ok' | 'hang' = 'ok'): Promise<SmtpServer> {
  const sockets = new Set<Socket>();
  const smtp: SmtpServer = {
    url: '',
    mode,
    messages: [],
    hungConnections: 0,
    duplicates() {
      const seen = new Map<string, number>();
      for (const message of smtp.messages) seen.set(message.key, (seen.get(message.key) ?? 0) + 1);
      return [...seen.values()].filter((count) => count > 1).reduce((sum, count) => sum + count - 1, 0);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (smtp.mode === 'hang') {
      smtp.hungConnections++;
      return; // Accepted; never a greeting, never an answer.
    }
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let recipients: string[] = [];
    socket.write('220 drill-smtp ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const text = data.join('\n');
            const split = text.indexOf('\n\n');
            const head = split >= 0 ? text.slice(0, split) : text;
            const body = split >= 0 ? text.slice(split + 2) : '';
            const subject = /^subject:\s*(.*)$/im.exec(head)?.[1] ?? '';
            const to = recipients.join(',');
            smtp.messages.push({ to, subject, key: createHash('sha256').update(`${to}\n${subject}\n${body}`).digest('hex'), at: performance.now() });
            data = [];
            recipients = [];
            socket.write('250 2.0.0 queued\r\n');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 drill-smtp\r\n');
        else if (verb === 'MAIL') socket.write('250 2.1.0 ok\r\n');
        else if (verb === 'RCPT') {
          recipients.push(/<([^>]*)>/.exec(line)?.[1] ?? line.slice(8));
          socket.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'RSET') {
          recipients = [];
          socket.write('250 ok\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('SMTP server: no port');
  smtp.url = `smtp://127.0.0.1:${address.port}`;
  drill.onCleanup('stop the SMTP server', () => smtp.close());
  drill.say(`SMTP server: ${smtp.url} (${mode})`);
  return smtp;
}
