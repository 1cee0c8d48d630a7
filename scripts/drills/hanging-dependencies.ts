// Drill `npm run drill:hanging-dependencies`: the gateway hangs (the simulator's Mercado Pago API answers after 60 s)
// and so does the SMTP server (a local TCP server that accepts connections and never says a word; SMTP_URL points at
// it), while signed notifications keep coming (8/s for 40 s; a few about rejected payments, whose emails go to that
// SMTP server). Phase A (0–20 s): both hang. Phase B (20–40 s): the gateway is back, SMTP still hangs. Then SMTP
// answers too. Claims: the webhook route keeps answering every notification 2xx in under 1 s (p50 / p99 / max);
// once both are back the queue drains and every email is sent; nothing is processed twice (one payment, one history
// entry, one alert, each email received once).
import { performance } from 'node:perf_hooks';
import {
  Drill,
  connect,
  control,
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
  smtpServer,
  spread,
  startApp,
  tally,
  waitUntil,
  type Delivery,
} from './lib';

const RATE = 8;
const PHASE_S = 20;
const TOTAL = RATE * PHASE_S * 2;
const HANG_MS = 60_000;
const ANSWER_LIMIT_MS = 1000;
const DRAIN_LIMIT_MS = 6 * 60_000;

const drill = new Drill('hanging-dependencies', `gateway and SMTP server hang during ${TOTAL} notifications`);

await drill.run(async () => {
  ensureBuild(drill);
  const databaseUrl = await freshDatabase(drill);
  const sim = await simulator(drill);
  const smtp = await smtpServer(drill, 'hang');
  const settings = { databaseUrl, secrets: newSecrets(), simulatorUrl: sim.url, env: { WEBHOOK_WORKER_INTERVAL_MS: '2000', SCHEDULER_INTERVAL_MS: '5000', SMTP_URL: smtp.url } };
  const app = await startApp(drill, settings);
  const merchant = await seedMerchant(sim, settings, app.url, { mercadopago: true });
  const account = merchant.mercadopago;
  if (!account) throw new Error('no Mercado Pago account');
  const payments = await createPayments(sim, account, TOTAL, 100);
  const rejected = payments.filter((payment) => payment.status === 'rejected').length;
  const notifications = payments.map((payment) => paymentNotification(account, payment.id));
  const sql = connect(drill, databaseUrl);

  await control(sim, 'mercadopago/outage', { latencyMs: HANG_MS });
  drill.say(`gateway hangs (every Mercado Pago API answer after ${HANG_MS / 1000} s), SMTP hangs; ${TOTAL} notifications at ${RATE}/s (${rejected} about rejected payments)`);
  const start = performance.now();
  let gatewayBackAt = Number.NaN;
  let smtpBackAt = Number.NaN;
  const phases = (async () => {
    await sleep(PHASE_S * 1000);
    await control(sim, 'mercadopago/outage', { latencyMs: 0 });
    gatewayBackAt = performance.now();
    drill.say('gateway answers again; SMTP still hangs');
    await sleep(Math.max(0, start + 2 * PHASE_S * 1000 - performance.now()));
    smtp.mode = 'ok';
    smtpBackAt = performance.now();
    drill.say('SMTP answers again');
  })();
  const answers = await paced(notifications, RATE, (notification) => deliver(app.url, account, notification, 30_000));
  await phases;
  const [processedWhileHanging] = await sql<Array<{ n: number }>>`select count(*)::int as n from webhook_events where status = 'processed'`;

  const ok = (answer: Delivery) => answer.status === 200;
  const times = answers.map((answer) => answer.ms);
  const inPhase = (answer: Delivery) => (answer.at < gatewayBackAt ? 'A' : 'B');
  drill.figure('answers', tally(answers.map((answer) => answer.status)));
  drill.figure('answer time, all: p50 / p99 / max', spread(times));
  drill.figure('answer time, both hanging: p50 / p99 / max', spread(answers.filter((answer) => inPhase(answer) === 'A').map((answer) => answer.ms)));
  drill.figure('answer time, SMTP hanging: p50 / p99 / max', spread(answers.filter((answer) => inPhase(answer) === 'B').map((answer) => answer.ms)));
  drill.figure('processed when SMTP came back', `${processedWhileHanging?.n ?? 0} of ${TOTAL}`);
  drill.check(answers.every(ok), 'every notification is answered 200 while the dependencies hang', tally(answers.map((answer) => answer.status)));
  drill.check(Math.max(...times) < ANSWER_LIMIT_MS, `every answer in under ${ANSWER_LIMIT_MS} ms`, `max ${ms(Math.max(...times))}`);

  const drainedMs = await waitUntil(async () => {
    const [row] = await sql<Array<{ unfinished: number }>>`select count(*)::int as unfinished from webhook_events where status in ('pending', 'processing')`;
    return row?.unfinished === 0;
  }, DRAIN_LIMIT_MS, 250);
  const drainedAt = performance.now();
  const emailsMs = await waitUntil(async () => {
    const [row] = await sql<Array<{ unsent: number; total: number }>>`select count(*) filter (where status <> 'sent')::int as unsent, count(*)::int as total from email_outbox`;
    return row?.unsent === 0 && smtp.messages.length >= row.total;
  }, DRAIN_LIMIT_MS, 250);
  drill.figure('queue empty, after the gateway came back', Number.isFinite(drainedMs) ? ms(drainedAt - gatewayBackAt) : `not within ${DRAIN_LIMIT_MS / 60_000} min`);
  drill.figure('every email sent, after SMTP came back', Number.isFinite(emailsMs) ? ms(performance.now() - smtpBackAt) : `not within ${DRAIN_LIMIT_MS / 60_000} min`);
  drill.figure('connections the hanging SMTP server accepted', smtp.hungConnections);

  const book = await ledger(sql);
  const [retried] = await sql<Array<{ n: number }>>`select count(*)::int as n from webhook_events where attempts > 1`;
  const errors = await sql<Array<{ error: string; n: number }>>`
    select left(coalesce(last_error, ''), 60) as error, count(*)::int as n from webhook_events where last_error is not null group by 1 order by 2 desc limit 3`;
  const [emailAttempts] = await sql<Array<{ max: number }>>`select coalesce(max(attempts), 0)::int as max from email_outbox`;
  drill.figure('inbox rows by status', book.byStatus);
  drill.figure('events retried (attempts > 1), most attempts on one', `${retried?.n ?? 0}, ${book.maxAttempts}`);
  if (errors.length > 0) drill.figure('last errors of retried events', errors.map((row) => `${row.error} (${row.n})`).join('; '));
  drill.figure('payments (expected)', `${book.payments} (${TOTAL})`);
  drill.figure('payment history entries (payments without exactly one)', `${book.historyEntries} (${book.paymentsWithHistoryNotOne})`);
  drill.figure('alerts (expected)', `${book.alerts} (${rejected})`);
  drill.figure('emails: outbox / received by SMTP (duplicates); most send attempts', `${book.emails} (${book.emailsByStatus}) / ${smtp.messages.length} (${smtp.duplicates()}); ${emailAttempts?.max ?? 0}`);
  drill.check(Number.isFinite(drainedMs), `after both recover the queue drains (within ${DRAIN_LIMIT_MS / 60_000} min)`, book.byStatus);
  drill.check(Number.isFinite(emailsMs), 'after both recover every email is sent', book.emailsByStatus);
  drill.check(book.events === TOTAL && book.payments === TOTAL && book.historyEntries === TOTAL && book.paymentsWithHistoryNotOne === 0, 'nothing processed twice: one row, one payment, one history entry per notification', `${book.events} rows, ${book.payments} payments, ${book.historyEntries} entries`);
  drill.check(book.alerts === rejected && book.emails === rejected * 2 && smtp.duplicates() === 0, 'nothing told twice: one alert and two emails per rejected payment, each received once', `${book.alerts} alerts, ${smtp.messages.length} received, ${smtp.duplicates()} duplicates`);
});
