// Drill `npm run drill:database-outage`: PostgreSQL is stopped for 30 s in the middle of a storm of signed Mercado Pago
// notifications (600 over 60 s, one in ten about a rejected payment). Claims: every answer is 2xx or 503 (no hang,
// no 500, no reset connection); the app recovers without a restart; every notification that got a 2xx — and every
// 503'd one once redelivered, as the gateway would — is stored once and processed once: one inbox row, one payment,
// one history entry, one alert and two emails per rejected payment.
import { performance } from 'node:perf_hooks';
import {
  Drill,
  connect,
  createPayments,
  deliver,
  ensureBuild,
  freshDatabase,
  ledger,
  ms,
  newSecrets,
  paced,
  paymentNotification,
  seedMerchant,
  simulator,
  sleep,
  spread,
  startApp,
  stopPostgres,
  tally,
  waitUntil,
  type Delivery,
} from './lib';

const TOTAL = Number(process.env.DRILL_NOTIFICATIONS ?? 600);
const STORM_S = 60;
const OUTAGE_AT_S = 15;
const OUTAGE_S = 30;
const DRAIN_LIMIT_MS = 7 * 60_000;

const drill = new Drill('database-outage', `PostgreSQL stopped for ${OUTAGE_S} s during ${TOTAL} signed notifications over ${STORM_S} s`);

await drill.run(async () => {
  ensureBuild(drill);
  const databaseUrl = await freshDatabase(drill);
  const sim = await simulator(drill);
  const settings = { databaseUrl, secrets: newSecrets(), simulatorUrl: sim.url, env: { WEBHOOK_WORKER_INTERVAL_MS: '2000', SCHEDULER_INTERVAL_MS: '10000' } };
  const app = await startApp(drill, settings);
  const appPid = app.child.pid;
  const merchant = await seedMerchant(sim, settings, app.url, { mercadopago: true });
  const account = merchant.mercadopago;
  if (!account) throw new Error('no Mercado Pago account');
  const payments = await createPayments(sim, account, TOTAL, 10);
  const rejected = payments.filter((payment) => payment.status === 'rejected').length;
  const notifications = payments.map((payment) => paymentNotification(account, payment.id));
  drill.say(`${TOTAL} payments in the simulator (${rejected} rejected); storm: ${TOTAL} notifications over ${STORM_S} s, PostgreSQL down from ${OUTAGE_AT_S} s to ${OUTAGE_AT_S + OUTAGE_S} s`);

  let downAt = Number.NaN;
  let upAt = Number.NaN;
  let healthyAfterMs = Number.NaN;
  const outage = (async () => {
    await sleep(OUTAGE_AT_S * 1000);
    downAt = performance.now();
    const postgres = stopPostgres(drill);
    drill.say(`PostgreSQL stopped (took ${ms(performance.now() - downAt)})`);
    await sleep(Math.max(0, OUTAGE_S * 1000 - (performance.now() - downAt)));
    postgres.start();
    upAt = performance.now();
    drill.say(`PostgreSQL started again after ${((upAt - downAt) / 1000).toFixed(1)} s down`);
    healthyAfterMs = await waitUntil(async () => (await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok, 120_000, 100);
    drill.say(`/api/health answers 200 again ${ms(healthyAfterMs)} after PostgreSQL started`);
  })();
  const answers = await paced(notifications, TOTAL / STORM_S, (notification) => deliver(app.url, account, notification, 30_000));
  await outage;
  const stormEnd = performance.now();

  const phase = (answer: Delivery) => (answer.at < downAt ? 'before' : answer.at < upAt ? 'during' : 'after');
  const ok = (answer: Delivery) => typeof answer.status === 'number' && answer.status >= 200 && answer.status < 300;
  const byPhase = (name: string) => answers.filter((answer) => phase(answer) === name);
  for (const name of ['before', 'during', 'after']) {
    const group = byPhase(name);
    drill.figure(`answers sent ${name} the outage (${group.length})`, tally(group.map((answer) => answer.status)));
  }
  drill.figure('answer time, 2xx: p50 / p99 / max', spread(answers.filter(ok).map((answer) => answer.ms)));
  const unavailable = answers.filter((answer) => answer.status === 503);
  if (unavailable.length > 0) drill.figure('answer time, 503: p50 / p99 / max', spread(unavailable.map((answer) => answer.ms)));
  drill.figure('PostgreSQL down (s)', ((upAt - downAt) / 1000).toFixed(1));
  drill.figure('/api/health 200 again after PostgreSQL started', ms(healthyAfterMs));
  const unexpected = answers.filter((answer) => !(ok(answer) || answer.status === 503));
  drill.check(unexpected.length === 0, 'every answer during the storm is 2xx or 503', `${answers.length - unexpected.length} of ${answers.length}${unexpected.length ? `; others: ${tally(unexpected.map((answer) => `${answer.status}${answer.error ? ` ${answer.error}` : ''}`))}` : ''}`);
  drill.check(byPhase('after').every(ok) && byPhase('before').every(ok), 'every notification sent while PostgreSQL was up got a 2xx', `before ${byPhase('before').filter(ok).length}/${byPhase('before').length}, after ${byPhase('after').filter(ok).length}/${byPhase('after').length}`);
  drill.check(Number.isFinite(healthyAfterMs) && app.child.exitCode === null && app.child.signalCode === null && app.child.pid === appPid, 'the app recovers without a restart (same process, healthy again)', `pid ${appPid}`);

  // What the gateway does with a non-2xx: it sends the notification again later.
  const redeliver = notifications.filter((_, index) => !ok(answers[index] as Delivery));
  const redelivered = await paced(redeliver, 20, (notification) => deliver(app.url, account, notification, 30_000));
  drill.figure(`redeliveries of the non-2xx (${redeliver.length}), answers`, tally(redelivered.map((answer) => `${answer.status} ${answer.word ?? ''}`.trim())));
  drill.check(redelivered.every(ok), 'every redelivery after the outage gets a 2xx', `${redelivered.filter(ok).length} of ${redelivered.length}`);

  const sql = connect(drill, databaseUrl);
  const drainedMs = await waitUntil(async () => {
    const [row] = await sql<Array<{ unfinished: number }>>`select count(*)::int as unfinished from webhook_events where status in ('pending', 'processing')`;
    return row?.unfinished === 0;
  }, DRAIN_LIMIT_MS, 500);
  const drainedSinceUp = performance.now() - upAt;
  drill.figure('queue empty, after the storm ended', Number.isFinite(drainedMs) ? ms(performance.now() - stormEnd) : `not within ${DRAIN_LIMIT_MS / 60_000} min`);
  drill.check(Number.isFinite(drainedMs), `the queue drains after the outage (within ${DRAIN_LIMIT_MS / 60_000} min)`, `${(drainedSinceUp / 1000).toFixed(0)} s after PostgreSQL started`);

  const acceptedFirstTime = new Set(notifications.filter((_, index) => ok(answers[index] as Delivery)).map((notification) => notification.dedupeKey));
  const stored = await sql<Array<{ dedupe_key: string; n: number; status: string }>>`
    select dedupe_key, count(*)::int as n, min(status) as status from webhook_events where account_id = ${account.accountId} group by dedupe_key`;
  const storedKeys = new Map(stored.map((row) => [row.dedupe_key, row]));
  const missing = [...acceptedFirstTime].filter((key) => !storedKeys.has(key));
  const storedDespite503 = redelivered.filter((answer) => answer.word === 'duplicate').length;
  const book = await ledger(sql);
  drill.figure('inbox rows (distinct notifications)', `${book.events} (${book.distinctEvents})`);
  drill.figure('inbox rows by status', book.byStatus);
  drill.figure('most attempts on one event', book.maxAttempts);
  drill.figure('2xx during the storm, all stored', `${acceptedFirstTime.size - missing.length} of ${acceptedFirstTime.size}`);
  drill.figure('redeliveries answered duplicate (stored before their 503)', storedDespite503);
  drill.figure('payments (expected)', `${book.payments} (${TOTAL})`);
  drill.figure('payment history entries (payments without exactly one)', `${book.historyEntries} (${book.paymentsWithHistoryNotOne})`);
  drill.figure('alerts (expected)', `${book.alerts} (${rejected})`);
  drill.figure('emails in the outbox (expected)', `${book.emails} (${rejected * 2}): ${book.emailsByStatus}`);
  drill.check(missing.length === 0, 'every notification answered 2xx is stored', `${missing.length} missing`);
  drill.check(book.events === TOTAL && book.distinctEvents === TOTAL, 'each notification is stored once', `${book.events} rows for ${TOTAL} notifications`);
  drill.check(stored.every((row) => row.status === 'processed'), 'each notification is processed', book.byStatus);
  const [statuses] = await sql<Array<{ wrong: number }>>`
    select count(*)::int as wrong from payments where status <> all(${sql.array(['approved', 'rejected'])})`;
  drill.check(book.payments === TOTAL && book.distinctPayments === TOTAL && statuses?.wrong === 0, 'one payment per notification, with the gateway’s status', `${book.payments} payments`);
  drill.check(book.historyEntries === TOTAL && book.paymentsWithHistoryNotOne === 0, 'one history entry per payment', `${book.historyEntries} entries`);
  drill.check(book.alerts === rejected && book.emails === rejected * 2, 'one alert and two emails per rejected payment', `${book.alerts} alerts, ${book.emails} emails`);
});
