// Drill `npm run drill:slow-clients`: 200 connections at a time send a webhook request's headers and then trickle its
// body (2 bytes a second; the whole body would take minutes; a connection the server ends is replaced at once), while
// normal signed notifications keep coming (5/s for 25 s).
// Claims: a normal notification's answer stays under 1 s (p50 / p99 / max) and each is stored and processed once;
// each trickling connection is answered 408 about 10 s after it started (the route's body time-out), and none of
// them stores anything. What each trickling connection got (status, or the server closing it, or nothing within
// 30 s) is reported either way.
import { connect as connectTcp, type Socket } from 'node:net';
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
  percentile,
  seedMerchant,
  signedHeaders,
  simulator,
  sleep,
  spread,
  startApp,
  tally,
  waitUntil,
  type MercadoPagoAccount,
  type Notification,
} from './lib';

const SLOW = 200;
const NORMAL = 125;
const NORMAL_RATE = 5;
const TRICKLE_BYTES_PER_S = 2;
const TRICKLE_LIMIT_MS = 30_000;
const ANSWER_LIMIT_MS = 1000;
const BODY_TIMEOUT_MS = 10_000;

type SlowOutcome = { outcome: string; ms: number; sent: number };

const drill = new Drill('slow-clients', `${SLOW} connections trickling bodies while ${NORMAL} normal notifications arrive`);

/** Headers at once, then the body at a few bytes a second; resolves with what the server did. */
function trickle(port: number, account: MercadoPagoAccount, notification: Notification): Promise<SlowOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket: Socket = connectTcp(port, '127.0.0.1');
    let sent = 0;
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (outcome: string) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      socket.destroy();
      resolve({ outcome, ms: performance.now() - started, sent });
    };
    const body = Buffer.from(notification.body);
    socket.on('connect', () => {
      const headers = { ...signedHeaders(account, notification), host: `127.0.0.1:${port}`, 'content-length': String(body.length) };
      socket.write(`POST ${notification.path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`);
      timer = setInterval(() => {
        if (sent >= body.length || socket.destroyed) return;
        const chunk = body.subarray(sent, sent + TRICKLE_BYTES_PER_S);
        sent += chunk.length;
        socket.write(chunk);
      }, 1000);
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
      if (status) finish(status);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(`error ${error.code ?? error.message}`));
    socket.on('close', () => finish('closed without an answer'));
    setTimeout(() => finish(`no answer within ${TRICKLE_LIMIT_MS / 1000} s`), TRICKLE_LIMIT_MS);
  });
}

await drill.run(async () => {
  ensureBuild(drill);
  const databaseUrl = await freshDatabase(drill);
  const sim = await simulator(drill);
  const settings = { databaseUrl, secrets: newSecrets(), simulatorUrl: sim.url, env: { WEBHOOK_WORKER_INTERVAL_MS: '2000' } };
  const app = await startApp(drill, settings);
  const merchant = await seedMerchant(sim, settings, app.url, { mercadopago: true });
  const account = merchant.mercadopago;
  if (!account) throw new Error('no Mercado Pago account');
  const payments = await createPayments(sim, account, SLOW + NORMAL, 0);
  const slowOnes = payments.slice(0, SLOW).map((payment) => paymentNotification(account, payment.id));
  const normalOnes = payments.slice(SLOW).map((payment) => paymentNotification(account, payment.id));

  drill.say(`${SLOW} trickling connections (${TRICKLE_BYTES_PER_S} bytes/s of a ~${slowOnes[0]?.body.length ?? 0}-byte body), then ${NORMAL} normal notifications at ${NORMAL_RATE}/s`);
  // 200 lanes, each keeping one trickling connection open until the normal notifications are all answered: when the
  // server ends one (a 408), the lane opens the next.
  let normalDone = false;
  const outcomes: SlowOutcome[] = [];
  const slow = paced(slowOnes, 100, async (notification) => {
    do outcomes.push(await trickle(app.port, account, notification));
    while (!normalDone);
  });
  await sleep(2500);
  const normal = await paced(normalOnes, NORMAL_RATE, (notification) => deliver(app.url, account, notification, 30_000));
  normalDone = true;
  await slow;

  const normalTimes = normal.map((answer) => answer.ms);
  drill.figure(`normal notifications (${NORMAL}): answers`, tally(normal.map((answer) => answer.status)));
  drill.figure('normal answer time: p50 / p99 / max', spread(normalTimes));
  drill.figure(`trickling connections (${SLOW} at a time, ${outcomes.length} in all): what they got`, tally(outcomes.map((outcome) => outcome.outcome)));
  const answered = outcomes.filter((outcome) => /^\d{3}$/.test(outcome.outcome));
  const ended = outcomes.map((outcome) => outcome.ms);
  drill.figure('trickling: time until answered or closed, p50 / max', `${ms(percentile(ended, 50))} / ${ms(Math.max(...ended))}`);
  drill.figure('trickling: body bytes sent before the end, p50', percentile(outcomes.map((outcome) => outcome.sent), 50));

  const sql = connect(drill, databaseUrl);
  const drained = await waitUntil(async () => {
    const [row] = await sql<Array<{ unfinished: number }>>`select count(*)::int as unfinished from webhook_events where status in ('pending', 'processing')`;
    return row?.unfinished === 0;
  }, 60_000, 250);
  const book = await ledger(sql);
  drill.figure('inbox rows by status (expected)', `${book.byStatus} (${NORMAL})`);
  drill.figure('payments, history entries (expected)', `${book.payments}, ${book.historyEntries} (${NORMAL})`);

  drill.check(normal.every((answer) => answer.status === 200), 'every normal notification is answered 200', tally(normal.map((answer) => answer.status)));
  drill.check(Math.max(...normalTimes) < ANSWER_LIMIT_MS, `every normal answer in under ${ANSWER_LIMIT_MS} ms`, `p50 ${ms(percentile(normalTimes, 50))}, p99 ${ms(percentile(normalTimes, 99))}, max ${ms(Math.max(...normalTimes))}`);
  drill.check(Number.isFinite(drained) && book.events === NORMAL && book.payments === NORMAL && book.paymentsWithHistoryNotOne === 0, 'each normal notification stored and processed once; nothing stored from a trickling one', `${book.events} rows, ${book.payments} payments`);
  const timely408 = outcomes.filter((outcome) => outcome.outcome === '408' && outcome.ms >= BODY_TIMEOUT_MS - 500 && outcome.ms <= BODY_TIMEOUT_MS + 2500);
  drill.check(timely408.length === outcomes.length, `every trickling connection gets 408 about ${BODY_TIMEOUT_MS / 1000} s after it started`, `${timely408.length} of ${outcomes.length}${answered.length ? `; answers ${tally(answered.map((outcome) => outcome.outcome))}` : ''}`);
});
