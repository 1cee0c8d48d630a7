// `npm run bench`, second part, on real PostgreSQL; prints figures, never asserts.
// 1. Latency: the time from the gateway simulator's notification to the payment being visible in the database, end
//    to end — simulator → signed webhook → the production app's route → queue → worker fetches the payment from the
//    simulator → payments row. 1,000 payments, 8 in flight; p50 / p99.
// 2. Burst (issue 16): 600 approved payments of one Mercado Pago account notified within 5 s, the simulated API
//    answering in 150 ms; the time until all 600 are recorded, and the rate. One instance at WEBHOOK_WORKER_CONCURRENCY
//    1, 4, 8, 16, 32 (the account limit set to the same, so the table measures the concurrency itself), then one and
//    two instances (behind a small round-robin proxy, as a load balancer) with the default settings.
//    BENCH_BURST=0 skips it; BENCH_BURST_CONCURRENCIES=4,32 picks the table's rows.
// Needs a production build (the first part of `npm run bench` makes one) and DATABASE_URL's server (default
// postgres://postgres@127.0.0.1:5432/postgres): it creates a fresh database there and drops it afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { startSimulator } from '../simulator/server';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1_000);
const IN_FLIGHT = 8;
const APP_PORT = 3390;
const BURST = { payments: 600, withinMs: 5_000, latencyMs: 150, timeoutMs: 240_000 };
const BURST_CONCURRENCIES = (process.env.BENCH_BURST_CONCURRENCIES ?? '1,4,8,16,32').split(',').map(Number).filter((n) => n > 0);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const name = `bench_processing_${randomBytes(4).toString('hex')}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
const appUrl = `http://127.0.0.1:${APP_PORT}`;
const simulator = await startSimulator({ port: 0 });
const secrets = { AUTH_SECRET: randomBytes(32).toString('base64'), CREDENTIALS_KEY: randomBytes(32).toString('base64') };
// This script seals the account's secrets with the app's own code, so it shares the app's settings.
Object.assign(process.env, { ...secrets, DATABASE_URL: databaseUrl, APP_URL: appUrl, NODE_ENV: 'production' });

/** A production server of the app on `port`, in its own process group (stopped with stopApp). */
function startApp(port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn('npx', ['next', 'start', '--port', String(port)], {
    env: { ...process.env, MERCADOPAGO_API_URL: `${simulator.url}/mercadopago`, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

async function stopApp(child: ChildProcess): Promise<void> {
  const group = child.pid;
  if (group === undefined || !running(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-group, name);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (running(child)) signal('SIGKILL');
}

async function waitForApp(url = appUrl): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (await fetch(`${url}/api/health`).then((response) => response.ok).catch(() => false)) return;
    await sleep(250);
  }
  throw new Error('the app did not start');
}

const app = startApp(APP_PORT);

async function control<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${simulator.url}/_sim/mercadopago/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${path}: ${response.status}`);
  return (await response.json()) as T;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

try {
  await waitForApp();
  const { saveConnection } = await import('@/lib/gateways/connections');
  const { createUser } = await import('@/db/queries/users');
  const user = await createUser({ name: 'Bench', email: `bench-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
  const account = await control<{ userId: number; publicKey: string; accessToken: string; webhookSecret: string }>('accounts', { country: 'BR' });
  const connection = await saveConnection({
    merchantId: user?.id ?? '',
    gateway: 'mercadopago',
    mode: 'live',
    country: 'BR',
    externalAccountId: String(account.userId),
    publicCredentials: { publicKey: account.publicKey },
    secrets: { accessToken: account.accessToken, webhookSecret: account.webhookSecret },
  });
  await control(`accounts/${account.userId}/webhook`, { url: connection.webhookUrl });

  const sql = postgres(databaseUrl, { max: IN_FLIGHT + 2, onnotice: () => {} });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  async function lane(): Promise<void> {
    while (next < PAYMENTS) {
      next += 1;
      const sentAt = performance.now();
      const payment = await control<{ id: number }>('payments', { userId: account.userId, status: 'approved', transaction_amount: 10, notify: true });
      for (;;) {
        const rows = await sql`select 1 from payments where gateway_payment_id = ${String(payment.id)} and status = 'approved'`;
        if (rows.length > 0) break;
        if (performance.now() - sentAt > 30_000) throw new Error(`payment ${payment.id} not visible after 30 s`);
        await sleep(2);
      }
      latencies.push(performance.now() - sentAt);
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.info(`\nNotification → payment visible in the database (${latencies.length} payments, ${IN_FLIGHT} in flight, real PostgreSQL):`);
  console.info(`  p50 ${percentile(latencies, 50).toFixed(0)} ms   p99 ${percentile(latencies, 99).toFixed(0)} ms   max ${(latencies.at(-1) ?? NaN).toFixed(0)} ms   (${(latencies.length / seconds).toFixed(0)} payments/s)`);
  console.info('  target: p99 under 1,000 ms');
  await sql.end();
  await stopApp(app);
  if (process.env.BENCH_BURST !== '0') await burstBench();
} finally {
  await stopApp(app);
  await simulator.close();
  const { getDatabaseHandle } = await import('@/db');
  await (await getDatabaseHandle()).close().catch(() => {});
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}

// ---- The burst (issue 16) ----

type Instances = { children: ChildProcess[]; proxy: Server; url: string };

/** A round-robin HTTP proxy in front of the instances, as a load balancer would spread the gateway's notifications. */
async function startProxy(targets: number[]): Promise<Server> {
  let next = 0;
  const proxy = createServer((incoming, outgoing) => {
    const port = targets[next++ % targets.length] ?? APP_PORT;
    const forward = httpRequest({ host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

async function startInstances(count: number, env: Record<string, string>): Promise<Instances> {
  const ports = Array.from({ length: count }, (_, index) => APP_PORT + 1 + index);
  const children = ports.map((port) => startApp(port, env));
  await Promise.all(ports.map((port) => waitForApp(`http://127.0.0.1:${port}`)));
  const proxy = await startProxy(ports);
  return { children, proxy, url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
}

async function stopInstances(instances: Instances): Promise<void> {
  await new Promise<void>((resolve) => instances.proxy.close(() => resolve()));
  await Promise.all(instances.children.map(stopApp));
}

/** CPU seconds (user + system) used so far by processes `pids` and their descendants (Linux /proc; 100 ticks a second). */
function cpuSeconds(pids: number[]): number {
  const all = [...pids];
  for (let index = 0; index < all.length; index++) {
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(all[index])], { encoding: 'utf8' }).stdout;
    for (const child of children.split('\n').map((line) => line.trim()).filter(Boolean)) all.push(Number(child));
  }
  let ticks = 0;
  for (const pid of all) {
    try {
      // Fields 14 and 15 (utime, stime), counted after the command name's closing parenthesis.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      // Ended meanwhile.
    }
  }
  return ticks / 100;
}

/** One burst against `instances`: seconds from the first notification until all payments are recorded. */
async function burstOnce(instances: Instances, label: string): Promise<{ seconds: number; rate: number }> {
  const { saveConnection } = await import('@/lib/gateways/connections');
  const { createUser } = await import('@/db/queries/users');
  // A merchant of its own per run: a merchant has one connection per gateway, and each run counts its own payments.
  const user = await createUser({ name: 'Burst', email: `burst-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
  const merchantId = user?.id ?? '';
  const account = await control<{ userId: number; publicKey: string; accessToken: string; webhookSecret: string }>('accounts', { country: 'BR' });
  const connection = await saveConnection({
    merchantId,
    gateway: 'mercadopago',
    mode: 'live',
    country: 'BR',
    externalAccountId: String(account.userId),
    publicCredentials: { publicKey: account.publicKey },
    secrets: { accessToken: account.accessToken, webhookSecret: account.webhookSecret },
  });
  // The webhook URL names the account (its path); the proxy's origin spreads the requests over the instances.
  const webhookUrl = new URL(connection.webhookUrl);
  await control(`accounts/${account.userId}/webhook`, { url: `${instances.url}${webhookUrl.pathname}${webhookUrl.search}` });
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const [row] = await sql<Array<{ id: string }>>`select id from gateway_accounts where public_id = ${webhookUrl.pathname.split('/').at(-1) ?? ''}`;
  const accountId = row?.id ?? '';
  const appPids = instances.children.map((child) => child.pid ?? 0).filter((pid) => pid > 0);
  const backends = async () => (await sql<Array<{ pid: number }>>`select pid from pg_stat_activity where datname = ${name}`).map((row) => row.pid);
  const cpuBefore = { app: cpuSeconds(appPids), bench: process.cpuUsage(), database: cpuSeconds(await backends()) };
  const started = performance.now();
  // 600 payments at an even pace over 5 s; each control call creates the payment and the simulator notifies it.
  const sends: Array<Promise<{ id: number }>> = [];
  for (let index = 0; index < BURST.payments; index++) {
    const due = started + (index * BURST.withinMs) / BURST.payments;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sends.push(control<{ id: number }>('payments', { userId: account.userId, status: 'approved', transaction_amount: 10, notify: true }));
  }
  const ids = (await Promise.all(sends)).map((payment) => String(payment.id));
  const sentIn = (performance.now() - started) / 1000;
  for (;;) {
    const [counted] = await sql<Array<{ n: number }>>`
      select count(*)::int as n from payments where account_id = ${accountId} and status = 'approved' and gateway_payment_id = any(${ids})`;
    if ((counted?.n ?? 0) >= BURST.payments) break;
    if (performance.now() - started > BURST.timeoutMs) throw new Error(`${label}: only ${counted?.n ?? 0} of ${BURST.payments} recorded after ${BURST.timeoutMs / 1000} s`);
    await sleep(50);
  }
  const seconds = (performance.now() - started) / 1000;
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  // Where the CPU went, per notification: the app instances, this process (simulator, proxy, polling), PostgreSQL's
  // backends of this database (those connected now: close to all on a warm pool). A busy shared machine stretches
  // the times above; these costs are what an idle one would have to spend.
  const cpu = {
    app: cpuSeconds(appPids) - cpuBefore.app,
    bench: (benchCpu.user + benchCpu.system) / 1e6,
    database: Math.max(0, cpuSeconds(await backends()) - cpuBefore.database),
  };
  const [events] = await sql<Array<{ total: number; attempts: number }>>`
    select count(*)::int as total, coalesce(sum(attempts), 0)::int as attempts from webhook_events where account_id = ${accountId}`;
  await sql.end();
  console.info(
    `  ${label.padEnd(36)} ${seconds.toFixed(1).padStart(6)} s   ${(BURST.payments / seconds).toFixed(0).padStart(4)} payments/s` +
      `   (notified in ${sentIn.toFixed(1)} s; ${events?.total ?? 0} notifications, ${events?.attempts ?? 0} attempts;` +
      ` CPU ms per payment: app ${((cpu.app * 1000) / BURST.payments).toFixed(1)}, simulator ${((cpu.bench * 1000) / BURST.payments).toFixed(1)},` +
      ` PostgreSQL ${((cpu.database * 1000) / BURST.payments).toFixed(1)}; load ${loadAverage()})`,
  );
  return { seconds, rate: BURST.payments / seconds };
}

async function setLatency(latencyMs: number): Promise<void> {
  const response = await fetch(`${simulator.url}/_sim/mercadopago/outage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) });
  if (!response.ok) throw new Error(`simulator outage: ${response.status}`);
}

async function burstBench(): Promise<void> {
  await setLatency(BURST.latencyMs);
  console.info(`\nBurst: ${BURST.payments} approved payments of one account notified within ${BURST.withinMs / 1000} s, Mercado Pago API answering in ${BURST.latencyMs} ms; time until all are recorded:`);
  for (const concurrency of BURST_CONCURRENCIES) {
    const instances = await startInstances(1, { WEBHOOK_WORKER_CONCURRENCY: String(concurrency), WEBHOOK_ACCOUNT_CONCURRENCY: String(concurrency) });
    try {
      await burstOnce(instances, `1 instance, concurrency ${concurrency}`);
    } finally {
      await stopInstances(instances);
    }
  }
  for (const count of [1, 2]) {
    const instances = await startInstances(count, {});
    try {
      await burstOnce(instances, `${count} instance${count > 1 ? 's' : ''}, default settings`);
    } finally {
      await stopInstances(instances);
    }
  }
  console.info('  target: under 10 s (60 payments/s) per instance, growing with instances');
  await setLatency(0);
}
