// `npm run bench`, second part: the time from the gateway simulator's notification to the payment being visible in
// the database, end to end — simulator → signed webhook → the production app's route → queue → worker fetches the
// payment from the simulator → payments row. 1,000 payments on real PostgreSQL; prints p50 / p99; never asserts.
// Needs a production build (the first part of `npm run bench` makes one) and DATABASE_URL's server (default
// postgres://postgres@127.0.0.1:5432/postgres): it creates a fresh database there and drops it afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { startSimulator } from '../simulator/server';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1_000);
const IN_FLIGHT = 8;
const APP_PORT = 3390;
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

const app = spawn('npx', ['next', 'start', '--port', String(APP_PORT)], {
  env: { ...process.env, MERCADOPAGO_API_URL: `${simulator.url}/mercadopago`, NEXT_TELEMETRY_DISABLED: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});

async function waitForApp(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (await fetch(`${appUrl}/api/health`).then((response) => response.ok).catch(() => false)) return;
    await sleep(250);
  }
  throw new Error('the app did not start');
}

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
} finally {
  if (app.pid) process.kill(-app.pid, 'SIGTERM');
  await sleep(1000);
  await simulator.close();
  const { getDatabaseHandle } = await import('@/db');
  await (await getDatabaseHandle()).close().catch(() => {});
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
