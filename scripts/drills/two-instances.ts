// Drill `npm run drill:two-instances`: two app instances (two `next start` on different ports, one database), each with
// its worker and its in-process scheduler at SCHEDULER_INTERVAL_MS=2000, under a load of signed Mercado Pago
// notifications spread over both (a fifth of them delivered again to the other instance). Meanwhile a Secure and Pay
// subscription whose charge failed is made past due for 31 days (its past_due_since moved back), and requests with a
// bad signature reach both instances (the verification-alerts job). Claims: every notification is stored and processed
// once (one row, one payment, one history entry); the subscription is cancelled with exactly one cancel call at the
// gateway (counted in the simulator), one alert, each email sent once; and each scheduled job runs once per tick.
//
// The scheduler keeps no record of its runs and logs none, so the runs are read from PostgreSQL's own log: this
// drill's database gets `log_statement = 'all'`, each instance connects with its own application_name (PGAPPNAME),
// and a job "ran" when its `pg_try_advisory_xact_lock` was followed by a query rather than by the commit.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import {
  Drill,
  connect,
  control,
  createPayments,
  deliver,
  ensureBuild,
  freshDatabase,
  ledger,
  logLines,
  ms,
  newSecrets,
  paced,
  paymentNotification,
  root,
  seedMerchant,
  serverUrl,
  simulator,
  sleep,
  smtpServer,
  startApp,
  tally,
  waitUntil,
  type Delivery,
} from './lib';

const TOTAL = Number(process.env.DRILL_NOTIFICATIONS ?? 600);
const RATE = 20;
const TICK_MS = 2000;
/** The jobs' advisory lock ids, read from lib/scheduler/jobs.ts (`'send-emails': { lockId: 726_102, …`). */
const JOBS: Record<string, string> = Object.fromEntries(
  [...readFileSync(path.join(root, 'lib', 'scheduler', 'jobs.ts'), 'utf8').matchAll(/'([a-z0-9-]+)':\s*\{\s*lockId:\s*([\d_]+)/g)].map((match) => [
    (match[2] ?? '').replace(/_/g, ''),
    match[1] ?? '',
  ]),
);

const drill = new Drill('two-instances', `two app instances on one database, schedulers every ${TICK_MS / 1000} s, ${TOTAL} notifications`);

await drill.run(async () => {
  ensureBuild(drill);
  const databaseUrl = await freshDatabase(drill);
  const databaseName = new URL(databaseUrl).pathname.slice(1);
  const logFile = postgresLogFile();
  if (logFile) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`alter database "${databaseName}" set log_statement = 'all'`);
    await admin.end();
  }
  const logOffset = logFile ? statSync(logFile).size : 0;

  const sim = await simulator(drill);
  const smtp = await smtpServer(drill, 'ok');
  let cancelCalls = 0;
  const sandp = sim.gateways.secureandpay.api;
  const match = sandp.match.bind(sandp);
  sandp.match = (method, path) => {
    if (method === 'POST' && /^\/v1\/subscriptions\/[^/]+\/cancel$/.test(path)) cancelCalls++;
    return match(method, path);
  };

  const secrets = newSecrets();
  const env = (name: string) => ({ WEBHOOK_WORKER_INTERVAL_MS: '2000', SCHEDULER_INTERVAL_MS: String(TICK_MS), SMTP_URL: smtp.url, PGAPPNAME: name });
  const settings = (name: string) => ({ databaseUrl, secrets, simulatorUrl: sim.url, env: env(name) });
  const first = await startApp(drill, settings('drill-app-1'), 'app-1');
  const second = await startApp(drill, settings('drill-app-2'), 'app-2');
  const instances = [first, second];
  const merchant = await seedMerchant(sim, settings('drill-seed'), first.url, { mercadopago: true, secureandpay: true });
  const account = merchant.mercadopago;
  const site = merchant.secureandpay;
  if (!account || !site) throw new Error('accounts not seeded');
  // Secure and Pay notifies the second instance, Mercado Pago's load goes to both.
  await control(sim, `secureandpay/sites/${site.siteId}/webhook`, { url: site.webhookUrl.replace(first.url, second.url) });
  const sql = connect(drill, databaseUrl);

  // A Secure and Pay subscription that was paid once, then failed: past due.
  const subscription = await control<{ id: string }>(sim, 'secureandpay/subscriptions', { siteId: site.siteId, amount: 2900, currency: 'USD', customer: { email: 'subscriber@example.com' } });
  await control(sim, `secureandpay/subscriptions/${subscription.id}/charges`, { status: 'succeeded', notify: true });
  await waitUntil(async () => (await sql`select 1 from subscriptions where gateway_subscription_id = ${subscription.id} and status = 'authorized'`).length > 0, 30_000);
  await control(sim, `secureandpay/subscriptions/${subscription.id}/charges`, { status: 'failed', failure_reason: 'insufficient_funds', notify: true });
  const pastDue = await waitUntil(async () => (await sql`select 1 from subscriptions where gateway_subscription_id = ${subscription.id} and status = 'past_due' and past_due_since is not null`).length > 0, 30_000);
  if (!Number.isFinite(pastDue)) throw new Error('the subscription did not become past due');

  const payments = await createPayments(sim, account, TOTAL, 10);
  const rejected = payments.filter((payment) => payment.status === 'rejected').length;
  const notifications = payments.map((payment) => paymentNotification(account, payment.id));

  // The clock: past due for 31 days from now on; the next tick of either scheduler cancels it.
  const loadStart = performance.now();
  const logStartIso = new Date().toISOString();
  await sql`update subscriptions set past_due_since = now() - interval '31 days' where gateway_subscription_id = ${subscription.id}`;
  drill.say(`subscription ${subscription.id} past due since 31 days ago; ${TOTAL} notifications at ${RATE}/s over both instances`);

  const badSignature = async (url: string) => {
    const notification = paymentNotification(account, payments[0]?.id ?? 1);
    const response = await fetch(`${url}${notification.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'drill', 'x-signature': `ts=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
      body: notification.body,
    });
    return response.status;
  };
  const refused = await Promise.all([badSignature(first.url), badSignature(second.url), badSignature(first.url), badSignature(second.url)]);

  const redeliveries: Promise<Delivery>[] = [];
  const answers = await paced(notifications, RATE, (notification, index) => {
    const target = instances[index % 2];
    const other = instances[(index + 1) % 2];
    if (!target || !other) throw new Error('no instance');
    if (index % 5 === 0) redeliveries.push(sleep(300).then(() => deliver(other.url, account, notification)));
    return deliver(target.url, account, notification);
  });
  const again = await Promise.all(redeliveries);
  drill.figure(`notifications (${TOTAL}, alternating instances): answers`, tally(answers.map((answer) => answer.status)));
  drill.figure(`delivered again to the other instance (${again.length}): answers`, tally(again.map((answer) => `${answer.status} ${answer.word ?? ''}`.trim())));
  drill.figure('bad signatures (4, both instances): answers', tally(refused));

  const drained = await waitUntil(async () => {
    const [row] = await sql<Array<{ unfinished: number }>>`select count(*)::int as unfinished from webhook_events where status in ('pending', 'processing')`;
    return row?.unfinished === 0;
  }, 120_000, 250);
  const cancelled = await waitUntil(async () => (await sql`select 1 from subscriptions where gateway_subscription_id = ${subscription.id} and status = 'cancelled'`).length > 0, 60_000);
  const emailsDone = await waitUntil(async () => (await sql`select 1 from email_outbox where status <> 'sent'`).length === 0, 120_000);
  // A few more ticks of both schedulers: nothing may be cancelled (or sent) again.
  await sleep(3 * TICK_MS);
  const windowSeconds = (performance.now() - loadStart) / 1000;
  drill.figure('queue empty after the load', Number.isFinite(drained) ? ms(drained) : 'not within 120 s');

  const book = await ledger(sql);
  const alertKinds = await sql<Array<{ kind: string; n: number }>>`select kind, count(*)::int as n from alerts group by kind order by kind`;
  const [mpFailed] = await sql<Array<{ n: number }>>`select count(*)::int as n from alerts where kind = 'payment_failed' and account_id = ${account.accountId}`;
  const kinds = new Map(alertKinds.map((row) => [row.kind, row.n]));
  const [mpEvents] = await sql<Array<{ rows: number; distinct: number; processed: number }>>`
    select count(*)::int as rows, count(distinct dedupe_key)::int as distinct, count(*) filter (where status = 'processed')::int as processed
    from webhook_events where account_id = ${account.accountId}`;
  const [mpPayments] = await sql<Array<{ n: number }>>`select count(*)::int as n from payments where account_id = ${account.accountId}`;
  const dropped = instances.reduce((sum, app) => sum + logLines(app, 'webhook results dropped').length, 0);
  drill.figure('Mercado Pago inbox rows (distinct) / processed', `${mpEvents?.rows} (${mpEvents?.distinct}) / ${mpEvents?.processed}`);
  drill.figure('all inbox rows by status', book.byStatus);
  drill.figure('Mercado Pago payments (expected)', `${mpPayments?.n} (${TOTAL})`);
  drill.figure('payment history entries (payments without exactly one)', `${book.historyEntries} (${book.paymentsWithHistoryNotOne})`);
  drill.figure('alerts by kind', alertKinds.map((row) => `${row.kind}: ${row.n}`).join(', '));
  drill.figure('emails: outbox / received by SMTP (duplicates)', `${book.emails} (${book.emailsByStatus}) / ${smtp.messages.length} (${smtp.duplicates()})`);
  drill.figure('Secure and Pay cancel calls at the gateway', cancelCalls);
  drill.figure('"results dropped" log lines (both instances)', dropped);

  drill.check(answers.every((answer) => answer.status === 200) && again.every((answer) => answer.status === 200), 'every notification is answered 200 by either instance', tally([...answers, ...again].map((answer) => answer.status)));
  drill.check(Number.isFinite(drained), 'the queue drains', book.byStatus);
  drill.check(mpEvents?.rows === TOTAL && mpEvents.distinct === TOTAL && mpEvents.processed === TOTAL, 'every notification stored once and processed', `${mpEvents?.rows} rows, ${mpEvents?.processed} processed`);
  drill.check(mpPayments?.n === TOTAL && book.paymentsWithHistoryNotOne === 0, 'one payment and one history entry per notification', `${mpPayments?.n} payments, ${book.paymentsWithHistoryNotOne} without exactly one entry`);
  drill.check(mpFailed?.n === rejected, 'one alert per rejected payment', `${mpFailed?.n} of ${rejected}`);
  drill.check(Number.isFinite(cancelled) && cancelCalls === 1, 'the past-due subscription is cancelled with one call at the gateway', `${cancelCalls} calls`);
  drill.check(kinds.get('subscription_cancelled') === 1, 'one subscription_cancelled alert', `${kinds.get('subscription_cancelled') ?? 0}`);
  drill.check(kinds.get('verification_failing') === 1, 'one verification_failing alert for the bad signatures', `${kinds.get('verification_failing') ?? 0}`);
  drill.check(Number.isFinite(emailsDone) && smtp.duplicates() === 0 && smtp.messages.length === book.emails, 'every email sent once', `${smtp.messages.length} received for ${book.emails} in the outbox, ${smtp.duplicates()} duplicates`);

  // Job runs, from PostgreSQL's log.
  if (!logFile) {
    drill.note('no PostgreSQL log file found under /var/log/postgresql: job runs per tick not measured');
    drill.check(false, 'each scheduled job runs once per tick', 'not measurable here');
    return;
  }
  const backends = await sql<Array<{ pid: number; app: string }>>`select pid, application_name as app from pg_stat_activity where datname = ${databaseName}`;
  const appOf = new Map(backends.map((row) => [String(row.pid), row.app]));
  const runs = jobRuns(logFile, logOffset, databaseName, logStartIso);
  const expectedTicks = windowSeconds / (TICK_MS / 1000);
  drill.figure('measured window (s), ticks per instance in it', `${windowSeconds.toFixed(0)}, ~${expectedTicks.toFixed(0)}`);
  let allOnce = true;
  const details: string[] = [];
  const lockIds = [...new Set([...Object.keys(JOBS), ...runs.map((run) => run.lockId)])].sort();
  for (const lockId of lockIds) {
    const job = JOBS[lockId] ?? `lock ${lockId}`;
    const attempts = runs.filter((run) => run.lockId === lockId);
    if (attempts.length === 0) continue;
    const ran = attempts.filter((run) => run.ran);
    const byApp = (list: typeof attempts) => tally(list.map((run) => appOf.get(run.pid) ?? 'closed backend'));
    const perTick = ran.length / (attempts.length / 2 || 1);
    if (perTick > 1.1) allOnce = false;
    details.push(`${job} ${perTick.toFixed(2)}`);
    drill.figure(`${job}: ticks (lock tried) / ran; ran by instance`, `${attempts.length} / ${ran.length}; ${byApp(ran)}`);
  }
  drill.figure('job runs per tick (ran ÷ ticks of one instance)', details.join(', '));
  drill.check(allOnce, 'each scheduled job runs once per tick (both instances counted)', details.join(', '));
});

/** Where Debian's PostgreSQL writes its log (logging_collector off: the cluster's stderr file). */
function postgresLogFile(): string | undefined {
  const dir = '/var/log/postgresql';
  if (!existsSync(dir)) return undefined;
  const candidates = ['postgresql-15-main.log', 'postgresql-16-main.log', 'postgresql-17-main.log', 'postgresql-14-main.log'].map((name) => `${dir}/${name}`);
  return candidates.find((file) => existsSync(file));
}

type LockAttempt = { pid: string; lockId: string; ran: boolean; at: string };

/**
 * From PostgreSQL's log (log_statement = all, prefix `%m [%p] %q%u@%d `): each `pg_try_advisory_xact_lock` with its
 * parameter, and whether the same backend's next statement was the commit (the lock was taken elsewhere: skipped)
 * or a query (the job ran).
 */
function jobRuns(file: string, offset: number, database: string, sinceIso: string): LockAttempt[] {
  const text = readFileSync(file).subarray(offset).toString('utf8');
  const marker = `@${database} `;
  const line = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) \w+ \[(\d+)\] \S+ (LOG|DETAIL):\s+(.*)$/;
  const open = new Map<string, LockAttempt & { awaitingParameter: boolean }>();
  const attempts: LockAttempt[] = [];
  const since = sinceIso.replace('T', ' ').slice(0, 23);
  for (const raw of text.split('\n')) {
    if (!raw.includes(marker)) continue;
    const parsed = line.exec(raw);
    if (!parsed) continue;
    const [, at = '', pid = '', kind = '', message = ''] = parsed;
    const pending = open.get(pid);
    if (kind === 'DETAIL') {
      if (pending?.awaitingParameter) {
        const id = /\$1 = '(\d+)'/.exec(message)?.[1];
        if (id) pending.lockId = id;
        pending.awaitingParameter = false;
      }
      continue;
    }
    if (message.includes('pg_try_advisory_xact_lock')) {
      const literal = /pg_try_advisory_xact_lock\((\d+)\)/.exec(message)?.[1];
      open.set(pid, { pid, lockId: literal ?? '', ran: false, at, awaitingParameter: !literal });
      continue;
    }
    if (pending && !pending.awaitingParameter) {
      open.delete(pid);
      pending.ran = !/^(statement|execute [^:]*):\s*commit\b/i.test(message);
      if (pending.at >= since) attempts.push({ pid: pending.pid, lockId: pending.lockId, ran: pending.ran, at: pending.at });
    } else if (pending?.awaitingParameter) {
      // A statement before the parameter line: treat as the next statement all the same.
      open.delete(pid);
    }
  }
  return attempts;
}
