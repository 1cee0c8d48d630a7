// `npm run bench:scale` (issue 16): how the dashboard's pages and the webhook route hold up when one merchant has a
// million payments. It prints figures; it asserts nothing.
//
// Needs a production build (`npm run build` first; the script refuses to run without one) and a PostgreSQL server:
// BENCH_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432/postgres). It creates a fresh database there,
// migrates it, signs a merchant with a Mercado Pago and a Secure and Pay account up through the app's own data layer,
// and then, against `next start`:
//   1. "empty": one payment, one subscription and their notifications; each page's time to first byte (median of
//      5 after a warm-up); then "one page": 26 payments and subscriptions, so every list renders a full page, and
//      the pages again;
//   2. "seeded": the issue's data set built with set-based SQL (`INSERT … SELECT … FROM generate_series`), then
//      VACUUM ANALYZE (what autovacuum does to a table that grew) and a CHECKPOINT, and the same measurements;
//   3. webhook ingest (autocannon, 32 connections, signed ~1 KB notifications), in rounds that alternate between the
//      seeded database and a second, empty one (its own merchant), one app at a time: on a shared machine two
//      measurements minutes apart differ by more than the 10 % the issue asks about, so each seeded figure has an
//      empty one taken next to it, and the medians are compared;
// prints one table with the ratios and drops the databases (`--keep` leaves the seeded one, for EXPLAIN ANALYZE by
// hand; `--seed-only` builds the seeded database, prints its URL and stops: no build or server needed).
//
// Size: `--payments N` (default 1,000,000); subscriptions are a tenth of it with 3 charges each, status-history
// rows and notifications twice it (the issue's proportions). `--ingest-seconds S` (default 15; 0 skips ingest) and
// `--ingest-rounds R` (default 3) size the ingest comparison.
// Run it alone under the shared lock: `flock /tmp/e2e.lock -c "npm run build && npm run bench:scale"`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import postgres from 'postgres';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const serverUrl = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = 5;
const INGEST_CONNECTIONS = 32;
/** More than a page of every list (20 rows), for the "one page" column. */
const PAGE_ROWS = 26;
const PASSWORD = 'bench-scale-password-1';

const { values: options } = parseArgs({
  options: {
    payments: { type: 'string', default: '1000000' },
    'ingest-seconds': { type: 'string', default: '15' },
    'ingest-rounds': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
  },
});
const PAYMENTS = Math.max(100, Number(options.payments));
const SUBSCRIPTIONS = Math.max(PAGE_ROWS + 10, Math.round(PAYMENTS / 10));
const INGEST_SECONDS = Number(options['ingest-seconds']);
const INGEST_ROUNDS = Math.max(1, Number(options['ingest-rounds']));

// ---- The data set ----

type Merchant = { merchantId: string; email: string; mercadopagoAccountId: string; secureandpayAccountId: string; publicId: string; webhookSecret: string };

/**
 * Payments [from, to], each with 2 status-history rows and 2 notifications (~1 KB raw body, as a gateway sends);
 * one in four through Secure and Pay. Created times are spread over the year before now, in the order of `i`
 * (older first, as rows arrive in a real table), so the physical order follows `created_at` as it would.
 */
async function seedPayments(sql: postgres.Sql, merchant: Merchant, from: number, to: number, total: number): Promise<void> {
  const params = { m: merchant.merchantId, mp: merchant.mercadopagoAccountId, sp: merchant.secureandpayAccountId };
  await sql`
    insert into payments (id, merchant_id, account_id, gateway, gateway_payment_id, reference, amount_minor, currency, status,
      status_detail, refunded_minor, payment_method_type, payment_method_id, payer_email, payer_name, gateway_created_at, approved_at,
      gateway_updated_at, created_at, updated_at)
    select md5('pay' || i)::uuid, ${params.m}::uuid,
      case when i % 4 = 0 then ${params.sp}::uuid else ${params.mp}::uuid end,
      case when i % 4 = 0 then 'secureandpay' else 'mercadopago' end,
      case when i % 4 = 0 then 'pay_' || md5('sp' || i) else (10000000000 + i)::text end,
      case when i % 5 < 3 then md5('ord' || i)::uuid::text end,
      500 + abs(hashint4(i)) % 250000, 'BRL', s.status,
      case s.status when 'approved' then 'accredited' when 'rejected' then 'cc_rejected_insufficient_amount' when 'pending' then 'pending_waiting_payment' end,
      case when s.status = 'refunded' then 500 + abs(hashint4(i)) % 250000 else 0 end,
      m.type, m.id,
      'buyer' || lpad(i::text, 6, '0') || '@example.com',
      (array['Ana','João','Maria','Pedro','Lucía','Carlos','Camila','Diego','Fernanda','Rafael','Sofía','Mateo','Juliana','Bruno','Valentina','Gabriel'])[1 + abs(hashint4(i + 7)) % 16]
        || ' ' || (array['Souza','Silva','Oliveira','Santos','Pereira','García','Rodríguez','Martínez','López','González','Costa','Almeida','Ferreira','Gómez','Fernández','Ribeiro','Carvalho','Lima','Araújo','Torres'])[1 + abs(hashint4(i + 11)) % 20],
      t.at, case when s.status = 'approved' then t.at + interval '1 minute' end, t.at + interval '1 minute', t.at, t.at + interval '1 minute'
    from generate_series(${from}::int, ${to}::int) as i
    cross join lateral (select now() - interval '365 days' + (i::float8 / ${total}) * interval '365 days' + (abs(hashint4(i + 3)) % 600) * interval '1 second' as at) t
    cross join lateral (select case
      when abs(hashint4(i)) % 1000 < 700 then 'approved' when abs(hashint4(i)) % 1000 < 820 then 'rejected'
      when abs(hashint4(i)) % 1000 < 900 then 'pending' when abs(hashint4(i)) % 1000 < 930 then 'refunded'
      when abs(hashint4(i)) % 1000 < 960 then 'cancelled' when abs(hashint4(i)) % 1000 < 980 then 'in_process'
      when abs(hashint4(i)) % 1000 < 990 then 'authorized' when abs(hashint4(i)) % 1000 < 995 then 'in_mediation'
      else 'charged_back' end as status) s
    cross join lateral (select (array['credit_card','bank_transfer','ticket','credit_card'])[1 + i % 4] as type,
      (array['visa','pix','bolbradesco','master'])[1 + i % 4] as id) m`;
  // Two notifications per payment: its creation and its last change, ~1 KB each as Mercado Pago's are with headers.
  await sql`
    insert into webhook_events (id, received_month, account_id, gateway, channel, verification, dedupe_key, event_id, resource_id, type, action,
      occurred_at, raw_body, headers, query, status, attempts, next_attempt_at, result, received_at, processed_at)
    select md5('evt' || p.n || '-' || k)::uuid, (date_trunc('month', (p.created_at + k * interval '1 second') at time zone 'utc'))::date, p.account_id, p.gateway, 'webhook', 'verified',
      'webhook:' || (80000000000 + p.n * 2 + k), (80000000000 + p.n * 2 + k)::text, p.gateway_payment_id, 'payment',
      case k when 1 then 'payment.created' else 'payment.updated' end,
      p.created_at + k * interval '1 second',
      '{"action":"' || case k when 1 then 'payment.created' else 'payment.updated' end || '","api_version":"v1","data":{"id":"'
        || p.gateway_payment_id || '"},"date_created":"' || to_char(p.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || '","id":' || (80000000000 + p.n * 2 + k) || ',"live_mode":true,"type":"payment","user_id":123456789,"metadata":{"note":"'
        || repeat(md5(p.n::text), 24) || '"}}',
      jsonb_build_object('x-signature', 'ts=' || extract(epoch from p.created_at)::bigint || ',v1=' || md5('sig' || p.n || k) || md5('sig2' || p.n || k),
        'x-request-id', md5('req' || p.n || k)::uuid::text, 'content-type', 'application/json'),
      'data.id=' || p.gateway_payment_id || '&type=payment', 'processed', 1, p.created_at + k * interval '1 second',
      'Payment ' || p.gateway_payment_id || ' recorded as ' || p.status, p.created_at + k * interval '1 second', p.created_at + k * interval '2 second'
    from (select i as n, pay.* from generate_series(${from}::int, ${to}::int) as i join payments pay on pay.id = md5('pay' || i)::uuid) p
    cross join generate_series(1, 2) as k`;
  await sql`
    insert into status_history (entity_type, entity_id, from_status, to_status, detail, source, webhook_event_id, at)
    select 'payment', p.id,
      case k when 1 then null else 'pending' end,
      case k when 1 then 'pending' else p.status end,
      case when k = 2 and p.status = 'pending' then 'pending_review_manual' else p.status_detail end,
      'notification', md5('evt' || i || '-' || k)::uuid, p.created_at + k * interval '1 second'
    from generate_series(${from}::int, ${to}::int) as i join payments p on p.id = md5('pay' || i)::uuid
    cross join generate_series(1, 2) as k`;
}

/** Subscriptions [from, to] with 3 monthly charges each (the third of every seventh one rejected). */
async function seedSubscriptions(sql: postgres.Sql, merchant: Merchant, from: number, to: number, total: number): Promise<void> {
  await sql`
    insert into subscriptions (id, merchant_id, account_id, gateway, gateway_subscription_id, reference, status, amount_minor, currency,
      interval_unit, interval_count, next_payment_at, payer_email, created_at, updated_at, gateway_updated_at)
    select md5('sub' || i)::uuid, ${merchant.merchantId}::uuid,
      case when i % 4 = 0 then ${merchant.secureandpayAccountId}::uuid else ${merchant.mercadopagoAccountId}::uuid end,
      case when i % 4 = 0 then 'secureandpay' else 'mercadopago' end,
      case when i % 4 = 0 then 'sub_' || md5('sps' || i) else md5('pre' || i) end,
      md5('subord' || i)::uuid::text,
      (array['authorized','authorized','authorized','authorized','authorized','cancelled','paused','past_due','pending'])[1 + abs(hashint4(i)) % 9],
      1990 + abs(hashint4(i)) % 20000, 'BRL', 'months', 1, t.at + interval '1 month' * (1 + floor(extract(epoch from now() - t.at) / 2592000)),
      'buyer' || lpad((i * 7)::text, 6, '0') || '@example.com', t.at, t.at, t.at
    from generate_series(${from}::int, ${to}::int) as i
    cross join lateral (select now() - interval '365 days' + (i::float8 / ${total}) * interval '365 days' as at) t`;
  await sql`
    insert into subscription_charges (subscription_id, gateway_charge_id, attempt, status, status_detail, payment_method_type, amount_minor,
      currency, charged_at, created_at, updated_at)
    select s.id, s.gateway_subscription_id || '-' || k, 1,
      case when k = 3 and i % 7 = 0 then 'rejected' else 'approved' end,
      case when k = 3 and i % 7 = 0 then 'cc_rejected_insufficient_amount' else 'accredited' end,
      'credit_card', s.amount_minor, s.currency, s.created_at + (k - 1) * interval '1 month', s.created_at + (k - 1) * interval '1 month',
      s.created_at + (k - 1) * interval '1 month'
    from generate_series(${from}::int, ${to}::int) as i join subscriptions s on s.id = md5('sub' || i)::uuid
    cross join generate_series(1, 3) as k`;
}

/** The overview's rollup (migration 0010) for what was inserted behind the app's back, with its rule. */
async function rebuildTotals(sql: postgres.Sql, merchantId: string): Promise<void> {
  await sql`delete from payment_totals where merchant_id = ${merchantId}`;
  await sql`
    insert into payment_totals (merchant_id, currency, bucket, approved_minor, approved_count, failed_count)
    select merchant_id, currency, to_timestamp(floor(extract(epoch from created_at) / 900) * 900),
      coalesce(sum(amount_minor - refunded_minor) filter (where status = 'approved'), 0),
      count(*) filter (where status = 'approved'), count(*) filter (where status in ('rejected', 'cancelled'))
    from payments where merchant_id = ${merchantId} and status in ('approved', 'rejected', 'cancelled')
    group by 1, 2, 3`;
}

/**
 * VACUUM ANALYZE (what autovacuum does to a table that grew: statistics, the visibility map index-only scans need),
 * then a CHECKPOINT, so that writing gigabytes of freshly loaded pages out is not what the measurements wait on.
 * CHECKPOINT needs a superuser (or pg_checkpoint); without one it is skipped, and the figures may be noisier.
 */
async function settle(sql: postgres.Sql): Promise<void> {
  await sql`vacuum analyze`;
  await sql`checkpoint`.catch((error: unknown) => process.stdout.write(`  (no CHECKPOINT: ${error instanceof Error ? error.message : String(error)})\n`));
}

/** The merchant and its two connected accounts, through the app's data layer (secrets sealed as the app seals them). */
async function seedMerchant(databaseUrl: string): Promise<Merchant> {
  const { openPostgres, setDatabaseHandle } = await import('@/db');
  const { createUser } = await import('@/db/queries/users');
  const { saveConnection } = await import('@/lib/gateways/connections');
  const { hashPassword } = await import('@/lib/auth/passwords');
  const handle = await openPostgres(databaseUrl, { max: 2 });
  setDatabaseHandle(handle);
  try {
    await handle.migrate();
    const email = `scale-${randomBytes(4).toString('hex')}@example.com`;
    const user = await createUser({ name: 'Scale Merchant', email, passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() });
    if (!user) throw new Error('merchant not created');
    const webhookSecret = randomBytes(32).toString('hex');
    const mercadopago = await saveConnection({
      merchantId: user.id,
      gateway: 'mercadopago',
      mode: 'live',
      country: 'BR',
      externalAccountId: '123456789',
      publicCredentials: { publicKey: 'APP_USR-00000000-0000-4000-8000-000000000000' },
      secrets: { accessToken: `APP_USR-${randomBytes(16).toString('hex')}-123456789`, webhookSecret },
    });
    await saveConnection({
      merchantId: user.id,
      gateway: 'secureandpay',
      mode: 'live',
      externalAccountId: 'site_scale',
      publicCredentials: { siteId: 'site_scale' },
      secrets: { apiSecret: randomBytes(24).toString('hex') },
    });
    const publicId = mercadopago.webhookUrl.split('/').pop() ?? '';
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const accounts = await sql<Array<{ id: string; gateway: string }>>`select id, gateway from gateway_accounts where merchant_id = ${user.id}`;
      const accountOf = (gateway: string) => {
        const found = accounts.find((account) => account.gateway === gateway);
        if (!found) throw new Error(`no ${gateway} account`);
        return found.id;
      };
      return { merchantId: user.id, email: user.email, mercadopagoAccountId: accountOf('mercadopago'), secureandpayAccountId: accountOf('secureandpay'), publicId, webhookSecret };
    } finally {
      await sql.end();
    }
  } finally {
    await handle.close();
  }
}

// ---- The app ----

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

type App = { url: string; child: ChildProcess; stop(): Promise<void> };

async function startApp(env: NodeJS.ProcessEnv, port: number): Promise<App> {
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const pid = child.pid;
  if (!pid) throw new Error('next start did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const app: App = {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-pid, 'SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) process.kill(-pid, 'SIGKILL');
    },
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${stderr}`);
    const ok = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((response) => response.ok, () => false);
    if (ok) return app;
    if (Date.now() > deadline) throw new Error(`next start did not answer /api/health within 120 s:\n${stderr}`);
    await sleep(250);
  }
}

/** Signs in through Auth.js's credentials route, as the sign-in form does; returns the Cookie header. */
async function signIn(baseUrl: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const split = pair?.indexOf('=') ?? -1;
      if (pair && split > 0) jar.set(pair.slice(0, split), pair.slice(split + 1));
    }
  };
  const cookieHeader = () => [...jar.entries()].map(([name, value]) => `${name}=${value}`).join('; ');
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const signedIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: '/' }).toString(),
    redirect: 'manual',
  });
  keep(signedIn);
  if (![...jar.keys()].some((name) => name.includes('session-token'))) throw new Error(`sign-in failed: ${signedIn.status}`);
  return cookieHeader();
}

/** Time to first byte of the body, in ms; throws on anything but 200. */
function timeToFirstByte(url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { headers: { cookie, accept: 'text/html' } }, (response) => {
      let first = Number.NaN;
      response.on('data', () => {
        if (Number.isNaN(first)) first = performance.now() - started;
      });
      response.on('end', () => (response.statusCode === 200 ? resolve(first) : reject(new Error(`${url}: ${response.statusCode}`))));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function measurePages(app: App, cookie: string, pages: Page[]): Promise<Map<string, number>> {
  const figures = new Map<string, number>();
  for (const page of pages) {
    await timeToFirstByte(`${app.url}${page.path}`, cookie);
    const runs: number[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(await timeToFirstByte(`${app.url}${page.path}`, cookie));
    figures.set(page.label, median(runs));
    process.stdout.write(`  ${page.label.padEnd(52)} ${median(runs).toFixed(0).padStart(6)} ms  (${runs.map((run) => run.toFixed(0)).join(', ')})\n`);
  }
  return figures;
}

// ---- Webhook ingest ----

type AutocannonResult = { '2xx': number; non2xx: number; errors: number; timeouts: number; start: Date; finish: Date; latency: { p50: number; p99: number } };
type AutocannonRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: Array<{ setupRequest: (request: AutocannonRequest) => AutocannonRequest }>;
}) => Promise<AutocannonResult>;

let notificationSequence = 0;

/** A signed Mercado Pago notification of ~1 KB (as scripts/bench.mjs sends), distinct each time. */
function notification(merchant: Merchant): AutocannonRequest {
  const sequence = notificationSequence++;
  const dataId = String(50_000_000_000 + sequence);
  const requestId = randomUUID();
  const ts = String(Math.floor(Date.now() / 1000));
  const body: Record<string, unknown> = {
    id: 95_000_000_000 + sequence,
    live_mode: true,
    type: 'payment',
    date_created: new Date().toISOString(),
    user_id: 123456789,
    api_version: 'v1',
    action: 'payment.updated',
    data: { id: dataId },
  };
  body.note = 'x'.repeat(Math.max(0, 1024 - JSON.stringify(body).length - 10));
  const v1 = createHmac('sha256', merchant.webhookSecret).update(`id:${dataId};request-id:${requestId};ts:${ts};`).digest('hex');
  return {
    method: 'POST',
    path: `/api/webhooks/mercadopago/${merchant.publicId}?data.id=${dataId}&type=payment`,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, 'x-signature': `ts=${ts},v1=${v1}` },
    body: JSON.stringify(body),
  };
}

type IngestFigures = { perSecond: number; p99: number; non2xx: number };

async function measureIngest(app: App, merchant: Merchant, seconds: number): Promise<IngestFigures> {
  // autocannon ships no types; the shape used here is its documented one.
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const run = (duration: number) =>
    autocannon({ url: app.url, connections: INGEST_CONNECTIONS, duration, requests: [{ setupRequest: (request) => ({ ...request, ...notification(merchant) }) }] });
  await run(3);
  const result = await run(seconds);
  const total = result['2xx'] + result.non2xx;
  return { perSecond: total / ((result.finish.getTime() - result.start.getTime()) / 1000), p99: result.latency.p99, non2xx: result.non2xx + result.errors + result.timeouts };
}

// ---- The run ----

type Page = { label: string; path: string };

/** The pages measured; `deep…` is a row ~98 % down its list (where the issue's `?page=49000` landed), by its seed number. */
async function pagesFor(sql: postgres.Sql, at: { deepPayment: number; middlePayment: number; deepSubscription: number; middleSubscription: number }): Promise<Page[]> {
  const { deepPayment, middlePayment, deepSubscription, middleSubscription } = at;
  const idOf = async (seed: string) => (await sql<Array<{ id: string }>>`select md5(${seed})::uuid::text as id`)[0]?.id ?? '';
  return [
    { label: '/', path: '/' },
    { label: '/payments', path: '/payments' },
    { label: '/payments?status=approved', path: '/payments?status=approved' },
    { label: '/payments?status=charged_back (0.5 %)', path: '/payments?status=charged_back' },
    { label: '/payments?gateway=secureandpay', path: '/payments?gateway=secureandpay' },
    { label: '/payments?after=<id> (≈ page 49,000)', path: `/payments?after=${await idOf(`pay${deepPayment}`)}` },
    { label: '/payments?q=buyer777777', path: '/payments?q=buyer777777' },
    { label: '/payments?q=nomatch', path: '/payments?q=nomatch' },
    { label: '/payments?q=Souza (a common name)', path: '/payments?q=Souza' },
    { label: '/payments/<id>', path: `/payments/${await idOf(`pay${middlePayment}`)}` },
    { label: '/subscriptions', path: '/subscriptions' },
    { label: '/subscriptions?after=<id> (≈ 98 % down)', path: `/subscriptions?after=${await idOf(`sub${deepSubscription}`)}` },
    { label: '/subscriptions/<id>', path: `/subscriptions/${await idOf(`sub${middleSubscription}`)}` },
    { label: '/settings/…/mercadopago/notifications', path: '/settings/payment-gateways/mercadopago/notifications' },
    { label: '/settings/…/notifications?after=<id> (98 % down)', path: `/settings/payment-gateways/mercadopago/notifications?after=${await idOf(`evt${deepPayment % 4 === 0 ? deepPayment + 1 : deepPayment}-1`)}` },
    { label: '/alerts', path: '/alerts' },
  ];
}

async function main(): Promise<void> {
  if (!options['seed-only'] && !existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    process.stderr.write('No production build: run `npm run build` first (under the shared lock, see README "Scale").\n');
    process.exit(1);
  }
  const name = `bench_scale_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  // The empty database the ingest rounds alternate with.
  const controlName = `${name}_empty`;
  url.pathname = `/${controlName}`;
  const controlUrl = url.toString();
  const secrets = { AUTH_SECRET: randomBytes(32).toString('base64'), CREDENTIALS_KEY: randomBytes(32).toString('base64') };
  // The data layer used for the merchant reads these like the app does.
  Object.assign(process.env, secrets, { DATABASE_URL: databaseUrl });
  const port = await freePort();
  const appEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    ...secrets,
    APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    // Ingest only (processing calls the gateways' APIs), and no scheduled job rewriting the data set mid-run
    // (retention would blank the bodies of notifications older than 90 days).
    WEBHOOK_WORKER_INTERVAL_MS: '0',
    SCHEDULER_INTERVAL_MS: '0',
    SMTP_URL: '',
  };
  let app: App | undefined;
  const stopApp = async () => {
    await app?.stop();
    app = undefined;
  };
  process.once('SIGINT', () => {
    void stopApp().finally(() => process.exit(130));
  });
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    process.stdout.write(`Database: fresh "${name}" on ${url.hostname}:${url.port || 5432}. Data set: ${PAYMENTS.toLocaleString('en-US')} payments, `
      + `${SUBSCRIPTIONS.toLocaleString('en-US')} subscriptions × 3 charges, ${(PAYMENTS * 2).toLocaleString('en-US')} status-history rows, `
      + `${(PAYMENTS * 2).toLocaleString('en-US')} notifications.\n`);
    const merchant = await seedMerchant(databaseUrl);
    // The inbox's months for the year of notifications the data set spreads (the app adds the months ahead).
    await sql`select webhook_events_add_month(m::date) from generate_series(date_trunc('month', now() - interval '367 days'), now(), interval '1 month') as m`;
    // "Empty": the merchant's first payment and subscription, so the detail pages have something to show.
    await seedPayments(sql, merchant, 1, 1, PAYMENTS);
    await seedSubscriptions(sql, merchant, 1, 1, SUBSCRIPTIONS);
    await rebuildTotals(sql, merchant.merchantId);
    await settle(sql);

    const deepPayment = Math.max(1, Math.round(PAYMENTS * 0.02));
    const middlePayment = Math.round(PAYMENTS / 2);
    const deepSubscription = Math.max(1, Math.round(SUBSCRIPTIONS * 0.02));
    let empty = new Map<string, number>();
    let onePage = new Map<string, number>();
    let cookie = '';
    if (!options['seed-only']) {
      app = await startApp(appEnv, port);
      cookie = await signIn(app.url, merchant.email);
      process.stdout.write('Empty database (1 payment, 1 subscription):\n');
      empty = await measurePages(app, cookie, await pagesFor(sql, { deepPayment: 1, middlePayment: 1, deepSubscription: 1, middleSubscription: 1 }));
      // "One page": every list shows a full page, so the seeded figures compare with rendering as many rows, and
      // what is left of the difference is the data set's size alone.
      await seedPayments(sql, merchant, 2, PAGE_ROWS, PAYMENTS);
      await seedSubscriptions(sql, merchant, 2, PAGE_ROWS, SUBSCRIPTIONS);
      await rebuildTotals(sql, merchant.merchantId);
      await settle(sql);
      process.stdout.write(`One page (${PAGE_ROWS} payments, ${PAGE_ROWS} subscriptions):\n`);
      onePage = await measurePages(app, cookie, await pagesFor(sql, { deepPayment: 2, middlePayment: PAGE_ROWS / 2, deepSubscription: 2, middleSubscription: PAGE_ROWS / 2 }));
      await stopApp();
    }

    const seedStarted = performance.now();
    const batch = 100_000;
    for (let from = PAGE_ROWS + 1; from <= PAYMENTS; from += batch) {
      const to = Math.min(PAYMENTS, from + batch - 1);
      await seedPayments(sql, merchant, from, to, PAYMENTS);
      process.stdout.write(`  seeded payments ${to.toLocaleString('en-US')} / ${PAYMENTS.toLocaleString('en-US')} (${((performance.now() - seedStarted) / 1000).toFixed(0)} s)\n`);
    }
    await seedSubscriptions(sql, merchant, PAGE_ROWS + 1, SUBSCRIPTIONS, SUBSCRIPTIONS);
    await rebuildTotals(sql, merchant.merchantId);
    await settle(sql);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const [sizes] = await sql<Array<{ database: string; events: string }>>`
      select pg_size_pretty(pg_database_size(current_database())) as database, pg_size_pretty((select sum(pg_total_relation_size(inhrelid)) from pg_inherits where inhparent = 'webhook_events'::regclass)) as events`;
    process.stdout.write(`Seeded in ${seedSeconds.toFixed(0)} s (VACUUM ANALYZE and CHECKPOINT included); database ${sizes?.database}, webhook_events ${sizes?.events}.\n`);
    if (options['seed-only']) {
      process.stdout.write(`Kept: ${databaseUrl} (merchant ${merchant.merchantId}, ${merchant.email}, password ${PASSWORD})\n`);
      return;
    }

    app = await startApp(appEnv, port);
    process.stdout.write('Seeded database:\n');
    const seededPages = await pagesFor(sql, { deepPayment, middlePayment, deepSubscription, middleSubscription: Math.round(SUBSCRIPTIONS / 2) });
    const seeded = await measurePages(app, cookie, seededPages);
    await stopApp();

    // Ingest, alternating: empty then seeded in odd rounds, seeded then empty in even ones (so a machine getting
    // busier or quieter during the run weighs on both alike).
    const ingest = { empty: [] as IngestFigures[], seeded: [] as IngestFigures[] };
    if (INGEST_SECONDS > 0) {
      await admin.unsafe(`create database "${controlName}"`);
      const controlMerchant = await seedMerchant(controlUrl);
      const targets = { empty: { url: controlUrl, merchant: controlMerchant }, seeded: { url: databaseUrl, merchant } };
      for (let round = 1; round <= INGEST_ROUNDS; round++) {
        const order: Array<'empty' | 'seeded'> = round % 2 === 1 ? ['empty', 'seeded'] : ['seeded', 'empty'];
        for (const which of order) {
          app = await startApp({ ...appEnv, DATABASE_URL: targets[which].url }, port);
          const figures = await measureIngest(app, targets[which].merchant, INGEST_SECONDS);
          await stopApp();
          ingest[which].push(figures);
          process.stdout.write(`  ingest round ${round}, ${which}: ${figures.perSecond.toFixed(0)} req/s, p99 ${figures.p99} ms\n`);
        }
      }
    }

    const lines = [
      '',
      '| Page (time to first byte, median of 5 after a warm-up) | empty | one page | seeded | seeded ÷ empty | seeded ÷ one page |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const page of seededPages) {
      const [before, small, after] = [empty, onePage, seeded].map((figures) => figures.get(page.label) ?? Number.NaN) as [number, number, number];
      lines.push(`| \`${page.label}\` | ${before.toFixed(0)} ms | ${small.toFixed(0)} ms | ${after.toFixed(0)} ms | ${(after / before).toFixed(2)}× | ${(after / small).toFixed(2)}× |`);
    }
    if (ingest.empty.length > 0 && ingest.seeded.length > 0) {
      const rate = { empty: median(ingest.empty.map((figures) => figures.perSecond)), seeded: median(ingest.seeded.map((figures) => figures.perSecond)) };
      const p99 = { empty: median(ingest.empty.map((figures) => figures.p99)), seeded: median(ingest.seeded.map((figures) => figures.p99)) };
      const each = (list: IngestFigures[]) => list.map((figures) => figures.perSecond.toFixed(0)).join(', ');
      lines.push(
        `| webhook ingest, median of ${INGEST_ROUNDS} alternating rounds (autocannon, ${INGEST_CONNECTIONS} connections, ${INGEST_SECONDS} s each) | ${rate.empty.toFixed(0)} req/s | | ${rate.seeded.toFixed(0)} req/s | ${(rate.seeded / rate.empty).toFixed(2)}× | |`,
        `| webhook ingest p99 | ${p99.empty} ms | | ${p99.seeded} ms | ${(p99.seeded / p99.empty).toFixed(2)}× | |`,
        '',
        `Ingest rounds, req/s: empty ${each(ingest.empty)}; seeded ${each(ingest.seeded)}.`,
      );
      const failures = [...ingest.empty, ...ingest.seeded].reduce((sum, figures) => sum + figures.non2xx, 0);
      if (failures > 0) lines.push('', `Ingest non-2xx or errors: ${failures}.`);
    }
    lines.push('', `Data set: ${PAYMENTS.toLocaleString('en-US')} payments; database ${sizes?.database}. Node ${process.version}; the app, this script and PostgreSQL share this machine.`, '');
    process.stdout.write(lines.join('\n'));
    if (options.keep) process.stdout.write(`Kept: ${databaseUrl}\n`);
  } finally {
    await stopApp();
    await sql.end();
    if (!options.keep && !options['seed-only']) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`drop database if exists "${controlName}" with (force)`);
    await admin.end();
  }
}

await main();
