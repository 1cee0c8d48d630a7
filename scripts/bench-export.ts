// `npx tsx --conditions=react-server scripts/bench-export.ts [--payments N]` (issue 15): the Payments CSV export of a
// merchant with N payments (default 1,000,000), streamed as the route streams it, read as fast as it comes. Prints
// rows, bytes, time and the process's peak memory, to show the export holds one batch at a time. Needs a
// PostgreSQL server (BENCH_DATABASE_SERVER, default postgres://postgres@127.0.0.1:5432/postgres): it creates a fresh
// database there, migrates it, seeds the payments with set-based SQL, and drops it at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openPostgres, setDatabaseHandle } from '@/db';
import { paymentsCsv } from '@/lib/exports/records';

const { values: options } = parseArgs({ options: { payments: { type: 'string', default: '1000000' } } });
const PAYMENTS = Math.max(1, Number(options.payments));
const server = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bench_export_${randomBytes(4).toString('hex')}`;
const admin = postgres(server, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const handle = await openPostgres(url.toString());
try {
  await handle.migrate();
  setDatabaseHandle(handle);
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const merchantId = randomUUID();
  const accountId = randomUUID();
  await sql`insert into users (id, name, email, password_hash) values (${merchantId}, 'Bench', ${`bench-${name}@example.com`}, 'x')`;
  await sql`insert into gateway_accounts (id, public_id, merchant_id, gateway, status) values (${accountId}, ${randomBytes(8).toString('hex')}, ${merchantId}, 'mercadopago', 'connected')`;
  const seeded = performance.now();
  await sql`
    insert into payments (merchant_id, account_id, gateway, gateway_payment_id, reference, amount_minor, currency, status,
      payment_method_type, payment_method_id, payer_email, payer_name, created_at)
    select ${merchantId}::uuid, ${accountId}::uuid, 'mercadopago', (10000000000 + i)::text, md5('ord' || i)::uuid::text,
      500 + abs(hashint4(i)) % 250000, 'BRL', case when i % 10 < 7 then 'approved' else 'rejected' end, 'credit_card', 'visa',
      'buyer' || i || '@example.com', 'João Souza, "' || i || '"', now() - (i || ' seconds')::interval
    from generate_series(1, ${PAYMENTS}::int) as i`;
  await sql`vacuum analyze payments`;
  console.info(`seeded ${PAYMENTS} payments in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
  await sql.end();

  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 50);
  const started = performance.now();
  let bytes = 0;
  let lines = 0;
  let firstByte = 0;
  const reader = paymentsCsv({ id: merchantId, timeZone: 'America/Sao_Paulo' }, {}, (key) => key).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByte) firstByte = performance.now() - started;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10) lines += 1;
  }
  clearInterval(sample);
  const seconds = (performance.now() - started) / 1000;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.info(`rows ${lines - 1} (header excluded), ${mb(bytes)} of CSV in ${seconds.toFixed(1)} s (${Math.round((lines - 1) / seconds)} rows/s); first bytes after ${firstByte.toFixed(0)} ms`);
  console.info(`memory: RSS ${mb(before.rss)} before, peak ${mb(peakRss)}; heap used ${mb(before.heapUsed)} before, peak ${mb(peakHeap)}`);
} finally {
  await handle.close();
  await admin.unsafe(`drop database ${name} with (force)`);
  await admin.end();
}
