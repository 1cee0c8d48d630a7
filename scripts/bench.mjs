// `npm run bench`: how fast the webhook route ingests notifications, beside the app's cheapest route and a bare
// node:http + postgres.js process doing the same insert. It prints figures; it never asserts.
//
// Needs a production build (`npm run build`, run here if missing) and a PostgreSQL server: DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres). It creates a fresh database there and drops it at the end.
// Load: autocannon, 32 connections, distinct Mercado Pago notifications of about 1 KB, each signed (x-signature).
// Processing is off in the measured app (it calls the gateways' APIs): this measures receiving and storing.
//
// Before the load, page weights: what a browser downloads for the public payment page, a return page and two
// dashboard pages (Debian's Chromium through Playwright), and Lighthouse's mobile performance score of the payment
// page (`npx lighthouse`, skipped when it cannot be fetched). `node scripts/bench.mjs --pages` measures only those.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONNECTIONS = 32;
const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 50_000);
const WARMUP = 2_000;
const LIVENESS_SECONDS = 15;
const BODY_BYTES = 1024;

const PAGES_ONLY = process.argv.includes('--pages');
const CHROMIUM = '/usr/bin/chromium';
/** Pinned: Lighthouse 13 needs Node 22; 12.8 runs on the Node 20 this project supports. */
const LIGHTHOUSE = 'lighthouse@12.8.2';
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);
/** BENCH_SHOW_SCRIPTS=1: each page's scripts, with their sizes (README "Performance"). */
const SHOW_SCRIPTS = Boolean(process.env.BENCH_SHOW_SCRIPTS);

if (process.argv[2] === '--bare-server') {
  await bareServer();
} else {
  await main();
}

/** A notification as Mercado Pago sends it, padded to about 1 KB, signed over data.id, x-request-id and ts. */
function notification(secret, sequence, publicId) {
  const dataId = String(10_000_000_000 + sequence);
  const requestId = randomUUID();
  const ts = String(Math.floor(Date.now() / 1000));
  const body = {
    id: 90_000_000_000 + sequence,
    live_mode: true,
    type: 'payment',
    date_created: new Date().toISOString(),
    user_id: 123456789,
    api_version: 'v1',
    action: 'payment.updated',
    data: { id: dataId },
  };
  body.note = 'x'.repeat(Math.max(0, BODY_BYTES - JSON.stringify(body).length - 10));
  const v1 = createHmac('sha256', secret).update(`id:${dataId};request-id:${requestId};ts:${ts};`).digest('hex');
  return {
    method: 'POST',
    path: `/api/webhooks/mercadopago/${publicId}?data.id=${dataId}&type=payment`,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, 'x-signature': `ts=${ts},v1=${v1}` },
    body: JSON.stringify(body),
  };
}

/** Resident memory of a process and its descendants, in MB (Linux /proc). */
function rssMb(pid) {
  const pids = [pid];
  for (let index = 0; index < pids.length; index++) {
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pids[index])], { encoding: 'utf8' }).stdout;
    for (const child of children.split('\n').map((line) => line.trim()).filter(Boolean)) pids.push(Number(child));
  }
  let kb = 0;
  for (const one of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${one}/status`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return kb / 1024;
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

async function load(autocannon, { url, amount, duration, requests, method }) {
  let next = 0;
  const options = { url, connections: CONNECTIONS, pipelining: 1, timeout: 30 };
  if (amount) options.amount = amount;
  if (duration) options.duration = duration;
  if (method) options.method = method;
  if (requests) options.requests = [{ setupRequest: (request) => ({ ...request, ...requests[next++ % requests.length] }) }];
  const result = await autocannon(options);
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const seconds = (result.finish - result.start) / 1000;
  return {
    requests: total,
    perSecond: total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function startProcess(command, args, env, label) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  child.on('exit', (code) => {
    if (code && code !== 0 && !child.stopping) process.stderr.write(`${label} exited with ${code}:\n${stderr}\n`);
  });
  return child;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.stopping = true;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function main() {
  const { default: autocannon } = await import('autocannon');
  const { default: postgres } = await import('postgres');
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    process.stdout.write('No production build: running `next build` first.\n');
    const built = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }

  const name = `bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const port = 3900 + Math.floor(Math.random() * 50);
  const barePort = port + 50;
  const appEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString('base64'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    // Ingest only: processing a notification calls the gateway's API (GET /v1/payments/…), which is not what is
    // measured here and would need the network. This instance stores; nothing processes.
    WEBHOOK_WORKER_INTERVAL_MS: '0',
  };
  const children = [];
  try {
    process.stdout.write(`Database: fresh "${name}" on ${url.hostname}:${url.port || 5432}. Load: ${CONNECTIONS} connections, ${NOTIFICATIONS} notifications of ~${BODY_BYTES} B.\n`);
    // BENCH_PROFILE=<dir>: the app writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
    const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
    const app = startProcess(process.execPath, [...profile, nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], appEnv, 'next start');
    children.push(app);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health`, 60_000);
    const rssStart = rssMb(app.pid);

    await pageWeights(base, appEnv);
    if (PAGES_ONLY) return;

    const seeded = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/bench-seed.ts'], {
      cwd: root,
      env: { ...process.env, ...appEnv },
      encoding: 'utf8',
    });
    if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
    const account = JSON.parse(seeded.stdout.trim().split('\n').pop());

    // Warm-up (JIT, connection pools, route compilation caches): not measured.
    const warm = Array.from({ length: WARMUP }, (_, index) => notification(account.webhookSecret, index, account.publicId));
    await load(autocannon, { url: base, amount: WARMUP, requests: warm });
    await load(autocannon, { url: `${base}/api/health/live`, duration: 3 });
    await sleep(2000);
    const rssBefore = rssMb(app.pid);

    const live = await load(autocannon, { url: `${base}/api/health/live`, duration: LIVENESS_SECONDS });

    const batch = Array.from({ length: NOTIFICATIONS }, (_, index) => notification(account.webhookSecret, WARMUP + index, account.publicId));
    const ingest = await load(autocannon, { url: base, amount: NOTIFICATIONS, requests: batch });
    const rssAfter = rssMb(app.pid);
    await sleep(10_000);
    const rssSettled = rssMb(app.pid);

    const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const [stored] = await db`select count(*)::int as total from webhook_events where account_id = ${account.accountId}`;
    await stop(app);

    // The same insert from a bare node:http + postgres.js process.
    const bare = startProcess(process.execPath, [fileURLToPath(import.meta.url), '--bare-server'], {
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_ACCOUNT_ID: account.accountId,
      BENCH_SECRET: account.webhookSecret,
      BENCH_PORT: String(barePort),
    }, 'bare server');
    children.push(bare);
    const bareBase = `http://127.0.0.1:${barePort}`;
    await waitFor(`${bareBase}/ready`, 20_000);
    const bareWarm = Array.from({ length: WARMUP }, (_, index) => notification(account.webhookSecret, 1_000_000 + index, account.publicId));
    await load(autocannon, { url: bareBase, amount: WARMUP, requests: bareWarm });
    const bareBatch = Array.from({ length: NOTIFICATIONS }, (_, index) => notification(account.webhookSecret, 2_000_000 + index, account.publicId));
    const bareResult = await load(autocannon, { url: bareBase, amount: NOTIFICATIONS, requests: bareBatch });
    await stop(bare);
    await db.end();

    const row = (label, r) =>
      `| ${label} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.non2xx} | ${r.errors} | ${r.requests} |`;
    const lines = [
      '',
      '| Target | requests/s | p50 ms | p99 ms | non-2xx | errors | requests |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('`POST /api/webhooks/mercadopago/…` (app, ingest)', ingest),
      row('`GET /api/health/live` (app, touches nothing)', live),
      row('bare `node:http` + postgres.js, same insert', bareResult),
      '',
      `Ingest vs liveness: throughput ${((ingest.perSecond / live.perSecond) * 100).toFixed(0)} %, p99 ${(ingest.p99 / live.p99).toFixed(2)}×.`,
      `Stored for the account: ${stored.total} (expected ${WARMUP + NOTIFICATIONS}); processing off (WEBHOOK_WORKER_INTERVAL_MS=0).`,
      `App RSS (MB): at start ${rssStart.toFixed(0)}, after warm-up ${rssBefore.toFixed(0)}, after ${NOTIFICATIONS} notifications ${rssAfter.toFixed(0)}, 10 s later ${rssSettled.toFixed(0)} (change from after warm-up: ${(rssSettled - rssBefore).toFixed(0)} MB).`,
      `Node ${process.version}, ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} CPUs; autocannon, the app and PostgreSQL share this machine.`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    for (const child of children) await stop(child);
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

/** Signs in through Auth.js's credentials route, as the sign-in form does; returns the cookies it set. */
async function signIn(base, email, password) {
  const jar = new Map();
  const keep = (response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const split = pair.indexOf('=');
      if (split > 0) jar.set(pair.slice(0, split), pair.slice(split + 1));
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = await csrf.json();
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: '/' }).toString(),
    redirect: 'manual',
  });
  keep(signedIn);
  if (![...jar.keys()].some((name) => name.includes('session-token'))) throw new Error(`sign-in failed: ${signedIn.status}`);
  return [...jar].map(([name, value]) => ({ name, value, url: base }));
}

/**
 * What one page load downloads, read from Chromium's responses: each body as decoded (what the browser parses and
 * runs) and as transferred (compressed: `next start` gzips), JavaScript apart. Cold cache, one load.
 */
async function weigh(browser, url, cookies) {
  const context = await browser.newContext();
  if (cookies) await context.addCookies(cookies);
  const page = await context.newPage();
  const seen = [];
  page.on('requestfinished', (request) => seen.push(request));
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  if (!response?.ok()) throw new Error(`${url}: ${response?.status()}`);
  const totals = { jsDecoded: 0, jsTransferred: 0, allDecoded: 0, allTransferred: 0, scripts: 0, requests: 0 };
  for (const request of seen) {
    const answer = await request.response();
    if (!answer) continue;
    const decoded = (await answer.body().catch(() => Buffer.alloc(0))).length;
    const transferred = (await request.sizes()).responseBodySize;
    totals.requests++;
    totals.allDecoded += decoded;
    totals.allTransferred += transferred;
    if (request.resourceType() === 'script') {
      if (SHOW_SCRIPTS) process.stdout.write(`  script ${request.url()}: ${decoded} B\n`);
      totals.scripts++;
      totals.jsDecoded += decoded;
      totals.jsTransferred += transferred;
    }
  }
  await context.close();
  return totals;
}

/**
 * Lighthouse (mobile, its default: Moto G Power, slow 4G, 4× CPU slowdown), performance only, LIGHTHOUSE_RUNS times:
 * the median run (by score) and the range, as Lighthouse's own docs advise, since one run on a shared machine varies
 * by ten points and more.
 */
function lighthouse(url) {
  const runs = [];
  for (let run = 0; run < LIGHTHOUSE_RUNS; run++) {
    const one = lighthouseOnce(url);
    if (one.skipped) return one;
    runs.push(one);
  }
  runs.sort((a, b) => a.score - b.score);
  const median = runs[Math.floor(runs.length / 2)];
  return { ...median, runs: runs.map((one) => one.score) };
}

function lighthouseOnce(url) {
  const run = spawnSync(
    'npx',
    ['--yes', LIGHTHOUSE, url, '--only-categories=performance', '--output=json', '--output-path=stdout', '--quiet', '--chrome-flags=--headless=new --no-sandbox'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 240_000, env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? CHROMIUM } },
  );
  if (run.status !== 0) return { skipped: (run.stderr || run.error?.message || 'failed').trim().split('\n').pop() };
  const report = JSON.parse(run.stdout);
  const metric = (id) => report.audits[id]?.displayValue ?? 'n/a';
  return {
    score: Math.round(report.categories.performance.score * 100),
    metrics: `FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, Speed Index ${metric('speed-index')}`,
  };
}

/** The payment page, a return page and two dashboard pages: JavaScript and everything, as a browser loads them. */
async function pageWeights(base, appEnv) {
  const seeded = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/bench-pages-seed.ts'], {
    cwd: root,
    env: { ...process.env, ...appEnv },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
  const merchant = JSON.parse(seeded.stdout.trim().split('\n').pop());
  const cookies = await signIn(base, merchant.email, merchant.password);
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined, args: ['--no-sandbox', '--disable-gpu'] });
  const pages = [
    ['Payment page `/pay/<slug>` (Mercado Pago, Brazil)', `/pay/${merchant.slug}`, null],
    ['Return page `/pay/<slug>/pending?order=…`', `/pay/${merchant.slug}/pending?order=${merchant.orderId}`, null],
    ['Dashboard: Overview `/`', '/', cookies],
    ['Dashboard: Payments `/payments`', '/payments', cookies],
  ];
  const kb = (bytes) => (bytes / 1024).toFixed(0);
  const lines = ['', 'Page weights (one cold load in Chromium; KB = 1,024 bytes; transferred = gzip as `next start` serves it):', '',
    '| Page | JS decoded KB | JS transferred KB | all decoded KB | all transferred KB | scripts | requests |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  try {
    for (const [label, pagePath, pageCookies] of pages) {
      // One load first, so what is measured is not the first compilation of a route's server code.
      await weigh(browser, `${base}${pagePath}`, pageCookies);
      const w = await weigh(browser, `${base}${pagePath}`, pageCookies);
      lines.push(`| ${label} | ${kb(w.jsDecoded)} | ${kb(w.jsTransferred)} | ${kb(w.allDecoded)} | ${kb(w.allTransferred)} | ${w.scripts} | ${w.requests} |`);
    }
  } finally {
    await browser.close();
  }
  const score = lighthouse(`${base}/pay/${merchant.slug}`);
  lines.push(
    '',
    score.score === undefined
      ? `Lighthouse (mobile) on the payment page: skipped (${score.skipped}).`
      : `Lighthouse ${LIGHTHOUSE.split('@')[1]} (mobile, performance) on the payment page, median of ${score.runs.length} runs: **${score.score}** (runs: ${score.runs.join(', ')}); the median run: ${score.metrics}.`,
    '',
  );
  process.stdout.write(lines.join('\n'));
}

/** The comparison process: the same verification and insert as the app's route, without Next.js. */
async function bareServer() {
  const { default: postgres } = await import('postgres');
  const sql = postgres(process.env.BENCH_DATABASE_URL, { max: 10, onnotice: () => {} });
  const accountId = process.env.BENCH_ACCOUNT_ID;
  const secret = process.env.BENCH_SECRET;
  const server = createServer(async (request, response) => {
    if (request.url === '/ready') return response.end('ok');
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const raw = Buffer.concat(chunks);
    const query = new URL(request.url, 'http://bare').searchParams;
    const dataId = query.get('data.id');
    const requestId = request.headers['x-request-id'];
    const [tsPart, v1Part] = String(request.headers['x-signature']).split(',');
    const ts = tsPart?.slice(3);
    const expected = createHmac('sha256', secret).update(`id:${dataId};request-id:${requestId};ts:${ts};`).digest('hex');
    if (v1Part?.slice(3) !== expected) {
      response.statusCode = 401;
      return response.end();
    }
    const body = JSON.parse(raw.toString('utf8'));
    try {
      await sql`
        insert into webhook_events (account_id, gateway, channel, verification, dedupe_key, event_id, resource_id, type, action,
          occurred_at, raw_body, headers, query, status, received_at, next_attempt_at)
        values (${accountId}, 'mercadopago', 'webhook', 'verified', ${`webhook:${body.id}`}, ${String(body.id)}, ${body.data.id}, ${body.type},
          ${body.action}, ${body.date_created}, ${raw.toString('utf8')}, ${sql.json({ 'x-signature': request.headers['x-signature'], 'x-request-id': requestId })},
          ${query.toString()}, 'pending', now(), now())
        on conflict (account_id, dedupe_key, received_month) do nothing`;
      response.setHeader('content-type', 'application/json');
      response.end('{"status":"received"}');
    } catch {
      response.statusCode = 503;
      response.end();
    }
  });
  server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    void sql.end().then(() => process.exit(0));
  });
}
