// Drill `npm run drill:kill-9`: 1,000 signed Mercado Pago notifications are stored first (one in ten about a rejected
// payment: an alert and two emails, sent over SMTP to a local server that records them), then an app with the worker
// on processes them, and the whole `next start` process tree gets SIGKILL while processing is under way (once 320
// payments are written, at the first moment the drill sees a rejected payment recorded without its alert yet, or
// 10 s later). The app is started again. Claims: every notification ends processed, each exactly once in effect — no payment, history entry,
// alert or email (in the outbox, and as received by the SMTP server) twice — and the last one is processed within
// 60 s of the restart (figure: the time it took).
import { performance } from 'node:perf_hooks';
import {
  Drill,
  connect,
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
  seedMerchant,
  simulator,
  smtpServer,
  startApp,
  tally,
  waitUntil,
} from './lib';

const TOTAL = Number(process.env.DRILL_NOTIFICATIONS ?? 1000);
const KILL_AFTER = Math.round(TOTAL * 0.3);
const TARGET_MS = 60_000;
const WAIT_LIMIT_MS = 7 * 60_000;

const drill = new Drill('kill-9', `kill -9 of the app while ${TOTAL} stored notifications are being processed; restart`);

await drill.run(async () => {
  ensureBuild(drill);
  const databaseUrl = await freshDatabase(drill);
  const sim = await simulator(drill);
  const smtp = await smtpServer(drill, 'ok');
  const secrets = newSecrets();
  const base = { databaseUrl, secrets, simulatorUrl: sim.url };
  // Phase 1: an instance that only stores (WEBHOOK_WORKER_INTERVAL_MS=0), so all 1,000 are on disk before any is processed.
  const storing = { ...base, env: { WEBHOOK_WORKER_INTERVAL_MS: '0', SCHEDULER_INTERVAL_MS: '0', SMTP_URL: smtp.url } };
  const receiver = await startApp(drill, storing, 'app-store');
  const merchant = await seedMerchant(sim, storing, receiver.url, { mercadopago: true });
  const account = merchant.mercadopago;
  if (!account) throw new Error('no Mercado Pago account');
  const payments = await createPayments(sim, account, TOTAL, 10);
  const rejected = payments.filter((payment) => payment.status === 'rejected').length;
  const answers = await paced(
    payments.map((payment) => paymentNotification(account, payment.id)),
    200,
    (notification) => deliver(receiver.url, account, notification),
  );
  drill.figure(`notifications stored first (answers)`, tally(answers.map((answer) => answer.status)));
  if (!answers.every((answer) => answer.status === 200)) throw new Error('not every notification was stored');
  await receiver.stop();

  // Phase 2: the processing instance (worker loop every 5 s, scheduler every 5 s for the email retries).
  const processing = { ...base, env: { WEBHOOK_WORKER_INTERVAL_MS: '5000', SCHEDULER_INTERVAL_MS: '5000', SMTP_URL: smtp.url } };
  const sql = connect(drill, databaseUrl);
  const counts = async () => {
    const [row] = await sql<Array<{ processed: number; claimed: number; pending: number }>>`
      select count(*) filter (where status = 'processed')::int as processed, count(*) filter (where status = 'processing')::int as claimed,
        count(*) filter (where status = 'pending')::int as pending from webhook_events`;
    return row ?? { processed: 0, claimed: 0, pending: 0 };
  };
  const first = await startApp(drill, processing, 'app-1', receiver.port);
  // The kill comes once 320 payments are written: where the worker records a batch's outcomes together at its end
  // (batches of 50), that is inside a batch, part of it done and part not; where it records each event as it goes,
  // it is wherever the worker happens to be.
  const written = async () => (await sql<Array<{ n: number }>>`select count(*)::int as n from payments`)[0]?.n ?? 0;
  const reached = await waitUntil(async () => (await written()) >= KILL_AFTER + 20, 120_000, 10);
  if (!Number.isFinite(reached)) throw new Error(`fewer than ${KILL_AFTER} processed within 120 s; see ${first.log}`);
  // Then the worst moment within the next 10 s, if the drill catches it: a rejected payment recorded whose alert is not
  // written yet (two steps of one event's processing). Otherwise the kill comes at the end of the 10 s.
  const tree = first.pids();
  const betweenSteps = await waitUntil(
    async () =>
      (await sql`select 1 from payments p where p.status = 'rejected'
        and not exists (select 1 from alerts a where a.merchant_id = p.merchant_id and a.href = '/payments/' || p.id) limit 1`).length > 0,
    10_000,
    1,
  );
  const killedPids = first.kill9(tree);
  const killedAt = performance.now();
  const atKill = await counts();
  const effects = { payments: await written() };
  const emailsAtKill = smtp.messages.length;
  drill.say(`kill -9 of pids ${killedPids.join(', ')}: ${atKill.processed} processed, ${atKill.claimed} claimed, ${atKill.pending} pending; ${effects.payments} payments written`);
  drill.figure('at the kill: processed / claimed (in flight) / pending', `${atKill.processed} / ${atKill.claimed} / ${atKill.pending}`);
  drill.figure('at the kill: payments written (part of the claimed batch done)', effects.payments);
  drill.figure('at the kill: emails received by SMTP', emailsAtKill);
  drill.figure('processes killed (the next start tree)', killedPids.length);
  const [untoldAtKill] = await sql<Array<{ n: number }>>`select count(*)::int as n from payments p where p.status = 'rejected'
    and not exists (select 1 from alerts a where a.merchant_id = p.merchant_id and a.href = '/payments/' || p.id)`;
  drill.figure('at the kill: rejected payments recorded, their alert not yet written', `${untoldAtKill?.n ?? 0} (${Number.isFinite(betweenSteps) ? 'aimed at such a moment' : 'none seen within 10 s'})`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const survivors = killedPids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  drill.check(survivors.length === 0, 'kill -9 ended every process of the app', survivors.length ? `still alive: ${survivors.join(', ')}` : `${killedPids.length} processes`);

  // Phase 3: restart and time it.
  const restartAt = performance.now();
  const second = await startApp(drill, processing, 'app-2', receiver.port);
  drill.figure('restart: spawn to /api/health 200', ms(second.readyAt - second.startedAt));
  const allProcessedMs = await waitUntil(async () => {
    const now = await counts();
    return now.processed === TOTAL;
  }, WAIT_LIMIT_MS, 100);
  const lastProcessed = performance.now() - restartAt;
  drill.figure('restart → last notification processed', Number.isFinite(allProcessedMs) ? ms(lastProcessed) : `not within ${WAIT_LIMIT_MS / 60_000} min`);
  drill.figure('kill → last notification processed', Number.isFinite(allProcessedMs) ? ms(performance.now() - killedAt) : 'n/a');
  const emailsSentMs = await waitUntil(async () => {
    const [row] = await sql<Array<{ unsent: number; total: number }>>`select count(*) filter (where status <> 'sent')::int as unsent, count(*)::int as total from email_outbox`;
    return row?.unsent === 0 && smtp.messages.length >= row.total;
  }, WAIT_LIMIT_MS, 250);
  drill.figure('restart → every email sent', Number.isFinite(emailsSentMs) ? ms(performance.now() - restartAt) : `not within ${WAIT_LIMIT_MS / 60_000} min`);

  const book = await ledger(sql);
  const [retaken] = await sql<Array<{ n: number }>>`select count(*)::int as n from webhook_events where attempts > 1`;
  const dropped = logLines(first, 'webhook results dropped').length + logLines(second, 'webhook results dropped').length;
  drill.figure('inbox rows by status', book.byStatus);
  drill.figure('events taken again after the crash (attempts > 1)', retaken?.n ?? 0);
  drill.figure('"results dropped" log lines', dropped);
  drill.figure('payments (expected)', `${book.payments} (${TOTAL})`);
  drill.figure('payment history entries (payments without exactly one)', `${book.historyEntries} (${book.paymentsWithHistoryNotOne})`);
  drill.figure('alerts (expected)', `${book.alerts} (${rejected})`);
  drill.figure('emails in the outbox (expected)', `${book.emails} (${rejected * 2}): ${book.emailsByStatus}`);
  drill.figure('emails received by SMTP (duplicates)', `${smtp.messages.length} (${smtp.duplicates()})`);
  const untold = await sql<Array<{ payment: string; event: string; result: string }>>`
    select p.gateway_payment_id as payment, e.id as event, coalesce(e.result, '') as result from payments p
    join webhook_events e on e.resource_id = p.gateway_payment_id and e.account_id = p.account_id
    where p.status = 'rejected' and not exists (select 1 from alerts a where a.merchant_id = p.merchant_id and a.href like '%' || p.id || '%')`;
  if (untold.length > 0) {
    drill.figure('rejected payments without an alert', untold.map((row) => `payment ${row.payment} (event ${row.event}: "${row.result}")`).join('; '));
  }

  drill.check(Number.isFinite(allProcessedMs), `every notification is processed after the restart (within ${WAIT_LIMIT_MS / 60_000} min)`, book.byStatus);
  drill.check(Number.isFinite(allProcessedMs) && lastProcessed <= TARGET_MS, `the last one is processed within ${TARGET_MS / 1000} s of the restart`, Number.isFinite(allProcessedMs) ? `${(lastProcessed / 1000).toFixed(1)} s` : 'never');
  drill.check(book.payments === TOTAL && book.distinctPayments === TOTAL, 'exactly one payment per notification (none twice, none lost)', `${book.payments} payments`);
  drill.check(book.historyEntries === TOTAL && book.paymentsWithHistoryNotOne === 0, 'exactly one history entry per payment', `${book.historyEntries} entries`);
  drill.check(book.alerts === rejected, 'exactly one alert per rejected payment (none twice, none lost)', `${book.alerts} alerts`);
  drill.check(book.emails === rejected * 2, 'exactly two emails written per rejected payment (merchant, customer)', `${book.emails} emails`);
  drill.check(smtp.duplicates() === 0 && smtp.messages.length === book.emails, 'each email sent once (the SMTP server received each written email once)', `${smtp.messages.length} received, ${smtp.duplicates()} duplicates`);
});
