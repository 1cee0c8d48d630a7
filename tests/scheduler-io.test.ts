// No network I/O inside a database transaction (issue 13): the scheduled jobs claim in a short locked transaction,
// commit, and only then talk to SMTP (or a gateway: tests/failures.test.ts), so a slow server makes no other query
// wait; sends have a deadline, and a claimed email is never sent by two senders. PGlite and, with DATABASE_URL,
// PostgreSQL.
import { randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createUser } from '@/db/queries/users';
import { emailOutbox, gatewayAccounts, webhookRejections } from '@/db/schema';
import { EMAIL_SENDING } from '@/lib/email/limits';
import { claimDueEmails, enqueueEmail, sendDueEmails } from '@/lib/email/outbox';
import { setEmailSender, type EmailMessage } from '@/lib/email/transport';
import { runJob } from '@/lib/scheduler/jobs';
import { describeEachDatabase } from './support/databases';
import { connectMercadoPago } from './webhooks/support';

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => setEmailSender(undefined));
afterAll(() => vi.restoreAllMocks());

const SLOW_MS = 3_000;

async function merchant(): Promise<{ id: string; email: string }> {
  const email = `shop-${randomBytes(5).toString('hex')}@example.com`;
  const user = await createUser({ name: 'Shop', email, passwordHash: 'x' });
  if (!user) throw new Error('no user');
  return { id: user.id, email };
}

/** A sender that takes SLOW_MS per email and says when it started. */
function slowSender() {
  const sent: EmailMessage[] = [];
  let started: () => void = () => {};
  const sending = new Promise<void>((resolve) => (started = resolve));
  setEmailSender(async (message) => {
    started();
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    sent.push(message);
  });
  return { sent, sending };
}

describeEachDatabase('scheduled jobs call out after their transaction', (current) => {
  const db = () => current().db;

  /** How long a trivial query takes right now, and (PostgreSQL) how many sessions sit in an open transaction. */
  async function probe(): Promise<{ ms: number; idleInTransaction: number }> {
    const started = performance.now();
    await db().execute(sql`select 1`);
    const ms = performance.now() - started;
    if (current().kind !== 'postgres') return { ms, idleInTransaction: 0 };
    const result = await db().execute(sql`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and state like 'idle in transaction%'`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ n: number }>;
    return { ms, idleInTransaction: rows[0]?.n ?? -1 };
  }

  async function queue(merchantId: string, count: number, now: Date): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const id = await enqueueEmail(db(), { merchantId, dedupeKey: `io:${randomBytes(6).toString('hex')}`, audience: 'merchant', to: 'shop@example.com', subject: `s${index}`, body: 'b' }, now);
      if (id) ids.push(id);
    }
    return ids;
  }

  it('send-emails: while a slow SMTP send (3 s) is under way, a concurrent query answers at once and no transaction is open', async () => {
    const { sent, sending } = slowSender();
    const shop = await merchant();
    const now = new Date();
    const [id] = await queue(shop.id, 1, now);
    const run = runJob('send-emails', { now });
    await sending;
    const during = await probe();
    expect(during.ms).toBeLessThan(500);
    expect(during.idleInTransaction).toBe(0);
    // Another instance's tick meanwhile: the email is leased, so it is not sent twice.
    expect((await runJob('send-emails', { now })).result ?? { sent: 0 }).toMatchObject({ sent: 0 });
    expect((await run).result).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sent).toHaveLength(1);
    const [row] = await db().select().from(emailOutbox).where(eq(emailOutbox.id, id ?? ''));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('verification-alerts: the alert’s emails go out after the commit; a slow SMTP server makes no query wait', async () => {
    const { sending } = slowSender();
    const account = await connectMercadoPago();
    const [row] = await db().select().from(gatewayAccounts).where(eq(gatewayAccounts.publicId, account.publicId));
    if (!row) throw new Error('no account');
    const now = new Date();
    await db().insert(webhookRejections).values({ accountId: row.id, reason: 'bad_signature', count: 3, firstAt: now, lastAt: now });
    const run = runJob('verification-alerts', { now });
    await sending;
    const during = await probe();
    expect(during.ms).toBeLessThan(500);
    expect(during.idleInTransaction).toBe(0);
    expect((await run).result).toEqual({ raised: 1 });
  });

  it('a send that hangs is given up at its deadline and left for a retry; while it hangs nobody else claims the email', async () => {
    let release: () => void = () => {};
    const hung = new Promise<void>((resolve) => (release = resolve));
    let started: () => void = () => {};
    const sending = new Promise<void>((resolve) => (started = resolve));
    setEmailSender(async () => {
      started();
      await hung;
    });
    const shop = await merchant();
    const now = new Date();
    const [id] = await queue(shop.id, 1, now);
    const send = sendDueEmails(db(), now, [id ?? ''], { sendDeadlineMs: 300 });
    await sending;
    expect(await claimDueEmails(db(), now, { ids: [id ?? ''] })).toEqual([]);
    expect(await send).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const [row] = await db().select().from(emailOutbox).where(eq(emailOutbox.id, id ?? ''));
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'no answer from the mail server within 0.3 s' });
    expect(row?.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000);
    release();
  });

  it('send-emails drains a backlog batch after batch (EMAIL_SENDING.batchSize per claim), each email once', async () => {
    const sent: EmailMessage[] = [];
    setEmailSender(async (message) => void sent.push(message));
    const shop = await merchant();
    const now = new Date();
    const count = EMAIL_SENDING.batchSize * 5 + 1;
    // Written while emails were only kept, then queued (as after SMTP came back): none was sent at once.
    const ids = await queue(shop.id, count, now);
    expect(ids).toHaveLength(count);
    expect((await runJob('send-emails', { now })).result).toMatchObject({ sent: count });
    expect(sent).toHaveLength(count);
    const rows = await db().select().from(emailOutbox).where(inArray(emailOutbox.id, ids));
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('from the in-process scheduler, each job runs once per tick across instances; from the cron route, the lock alone decides', async () => {
    const tick = 60_000;
    const slot = Math.ceil(Date.now() / tick) * tick + 10 * tick;
    const at = (ms: number) => new Date(slot + ms);
    // Two instances whose ticks fall in the same interval, one after the other: the first runs the job, the second skips.
    expect(await runJob('verification-alerts', { now: at(1_000), oncePerMs: tick })).toMatchObject({ ran: true });
    expect(await runJob('verification-alerts', { now: at(40_000), oncePerMs: tick })).toEqual({ job: 'verification-alerts', ran: false });
    // The next tick runs it again; two at once in a tick run it once.
    expect(await runJob('verification-alerts', { now: at(tick + 500), oncePerMs: tick })).toMatchObject({ ran: true });
    const both = await Promise.all([runJob('verification-alerts', { now: at(2 * tick + 1), oncePerMs: tick }), runJob('verification-alerts', { now: at(2 * tick + 2), oncePerMs: tick })]);
    expect(both.filter((run) => run.ran)).toHaveLength(1);
    // Another job has its own turn.
    expect(await runJob('send-emails', { now: at(40_000), oncePerMs: tick })).toMatchObject({ ran: true });
    // An external scheduler's call is not counted against ticks.
    expect(await runJob('verification-alerts', { now: at(40_000) })).toMatchObject({ ran: true });
  });

  it('sending named emails right away claims them a batch at a time, and sends each once', async () => {
    const sent: EmailMessage[] = [];
    setEmailSender(async (message) => void sent.push(message));
    const shop = await merchant();
    const now = new Date();
    const ids = await queue(shop.id, EMAIL_SENDING.batchSize * 2 + 1, now);
    expect(await sendDueEmails(db(), now, ids)).toEqual({ sent: ids.length, retrying: 0, failed: 0 });
    expect(await sendDueEmails(db(), now, ids)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sent).toHaveLength(ids.length);
  });
});
