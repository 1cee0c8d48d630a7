// Retention (issue 13): the purge-old-data job blanks old notification and email bodies, drops ended rate-limit
// counters and old failed sign-ins, deletes orders that never got a payment, never touches the ledger, works in small
// batches, and runs at most once an hour across instances. PGlite and, with DATABASE_URL, PostgreSQL.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { loadEnv, reloadEnv } from '@/core/env';
import {
  emailOutbox,
  gatewayAccounts,
  orders,
  payments,
  prices,
  rateLimits,
  signInFailures,
  statusHistory,
  subscriptions,
  webhookEvents,
} from '@/db/schema';
import { runJob } from '@/lib/scheduler/jobs';
import { purgeOldData, retentionSettings } from '@/lib/scheduler/retention';
import { describeEachDatabase } from './support/databases';
import { connectMercadoPago } from './webhooks/support';
import { monthOf } from '@/db/queries/webhook-events';

const DAY = 86_400_000;
const HOUR = 3_600_000;

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.unstubAllEnvs();
  reloadEnv();
});
afterAll(() => vi.restoreAllMocks());

it('reads its settings from the environment, with defaults of 400, 90, 90 and 30 days', () => {
  expect(loadEnv({ NODE_ENV: 'test' })).toMatchObject({ RETENTION_NOTIFICATION_DAYS: 400, RETENTION_NOTIFICATION_BODY_DAYS: 90, RETENTION_EMAIL_BODY_DAYS: 90, RETENTION_STALE_ORDER_DAYS: 30 });
  expect(loadEnv({ NODE_ENV: 'test', RETENTION_NOTIFICATION_BODY_DAYS: '7', RETENTION_EMAIL_BODY_DAYS: '14', RETENTION_STALE_ORDER_DAYS: '60' })).toMatchObject({
    RETENTION_NOTIFICATION_BODY_DAYS: 7,
    RETENTION_EMAIL_BODY_DAYS: 14,
    RETENTION_STALE_ORDER_DAYS: 60,
  });
  expect(() => loadEnv({ NODE_ENV: 'test', RETENTION_STALE_ORDER_DAYS: '0' })).toThrow(/RETENTION_STALE_ORDER_DAYS/);
});

describeEachDatabase('retention', (current) => {
  const db = () => current().db;

  /** A merchant with an account and a price, and a way to add rows of every kind at chosen ages. */
  async function world(now: Date) {
    const account = await connectMercadoPago();
    const [row] = await db().select().from(gatewayAccounts).where(eq(gatewayAccounts.publicId, account.publicId));
    if (!row) throw new Error('no account');
    const accountId = row.id;
    const merchantId = row.merchantId;
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const [price] = await db()
      .insert(prices)
      .values({ merchantId, slug: `p-${randomBytes(5).toString('hex')}`, name: 'P', amountMinor: 1000, currency: 'BRL', kind: 'one_time', gateway: 'mercadopago', accountId })
      .returning();
    if (!price) throw new Error('no price');

    const event = async (age: number, status: 'processed' | 'pending' | 'failed') => {
      const [inserted] = await db()
        .insert(webhookEvents)
        .values({
          accountId,
          gateway: 'mercadopago',
          channel: 'webhook',
          verification: 'verified',
          dedupeKey: `webhook:${randomUUID()}`,
          resourceId: '123',
          type: 'payment',
          rawBody: '{"data":{"id":"123"},"payer":{"email":"ana@example.com"}}',
          headers: { 'x-signature': 'ts=1,v1=abc', 'x-request-id': 'r' },
          status,
          result: status === 'processed' ? 'Payment 123 recorded' : null,
          receivedAt: ago(age),
          receivedMonth: monthOf(ago(age)),
          nextAttemptAt: ago(age),
        })
        .returning({ id: webhookEvents.id });
      return inserted?.id ?? '';
    };
    const email = async (age: number, status: 'sent' | 'queued' | 'kept') => {
      const [inserted] = await db()
        .insert(emailOutbox)
        .values({ merchantId, dedupeKey: `r:${randomUUID()}`, audience: 'customer', toAddress: 'ana@example.com', subject: 'Your payment', body: 'Hello Ana, …', status, createdAt: ago(age) })
        .returning({ id: emailOutbox.id });
      return inserted?.id ?? '';
    };
    const order = async (age: number, status: 'pending' | 'checkout_created' | 'paid') => {
      const [inserted] = await db()
        .insert(orders)
        .values({
          merchantId,
          priceId: price.id,
          accountId,
          submissionKey: randomUUID(),
          status,
          amountMinor: 1000,
          currency: 'BRL',
          customerEmail: 'ana@example.com',
          customerFirstName: 'Ana',
          customerLastName: 'Lima',
          createdAt: ago(age),
          updatedAt: ago(age),
        })
        .returning({ id: orders.id });
      return inserted?.id ?? '';
    };
    const payment = async (link: { orderId?: string; reference?: string }) => {
      const [inserted] = await db()
        .insert(payments)
        .values({ merchantId, accountId, gateway: 'mercadopago', gatewayPaymentId: randomUUID(), amountMinor: 1000, currency: 'BRL', status: 'rejected', ...link })
        .returning({ id: payments.id });
      if (inserted) await db().insert(statusHistory).values({ entityType: 'payment', entityId: inserted.id, toStatus: 'rejected', at: ago(200 * DAY) });
      return inserted?.id ?? '';
    };
    const subscription = async (orderId: string) => {
      await db()
        .insert(subscriptions)
        .values({ merchantId, accountId, gateway: 'mercadopago', gatewaySubscriptionId: randomUUID(), orderId, status: 'cancelled', amountMinor: 1000, currency: 'BRL', intervalUnit: 'months', intervalCount: 1 });
    };
    return { merchantId, ago, event, email, order, payment, subscription };
  }

  const ledgerCounts = async () => {
    const count = async (table: typeof payments | typeof subscriptions | typeof statusHistory) => {
      const [row] = await db().select({ n: sql<number>`cast(count(*) as integer)` }).from(table);
      return row?.n ?? 0;
    };
    return { payments: await count(payments), subscriptions: await count(subscriptions), history: await count(statusHistory) };
  };

  it('blanks old bodies, drops ended counters, old sign-in failures and stale orders, and leaves the ledger alone', async () => {
    const now = new Date('2027-03-01T12:00:00Z');
    const w = await world(now);
    const oldProcessed = await w.event(100 * DAY, 'processed');
    const oldFailed = await w.event(91 * DAY, 'failed');
    const oldPending = await w.event(100 * DAY, 'pending');
    const recent = await w.event(80 * DAY, 'processed');
    const oldSent = await w.email(100 * DAY, 'sent');
    const oldKept = await w.email(95 * DAY, 'kept');
    const oldQueued = await w.email(100 * DAY, 'queued');
    const recentEmail = await w.email(10 * DAY, 'sent');
    const prefix = `retention-${randomBytes(4).toString('hex')}`;
    await db()
      .insert(rateLimits)
      .values([
        { key: `${prefix}:ended`, points: 3, resetAt: w.ago(60_000) },
        { key: `${prefix}:live`, points: 3, resetAt: new Date(now.getTime() + 60_000) },
      ]);
    const failureEmail = `${prefix}@example.com`;
    await db()
      .insert(signInFailures)
      .values([
        { email: failureEmail, failedAt: w.ago(2 * DAY) },
        { email: failureEmail, failedAt: w.ago(HOUR) },
      ]);
    const stalePending = await w.order(40 * DAY, 'pending');
    const staleCheckout = await w.order(31 * DAY, 'checkout_created');
    const staleWithPayment = await w.order(40 * DAY, 'checkout_created');
    await w.payment({ orderId: staleWithPayment, reference: staleWithPayment });
    const staleNamedByReference = await w.order(40 * DAY, 'checkout_created');
    await w.payment({ reference: staleNamedByReference });
    const staleWithSubscription = await w.order(40 * DAY, 'checkout_created');
    await w.subscription(staleWithSubscription);
    const recentPending = await w.order(20 * DAY, 'pending');
    const oldPaid = await w.order(400 * DAY, 'paid');
    const ledger = await ledgerCounts();

    const run = await runJob('purge-old-data', { now });
    expect(run.ran).toBe(true);
    expect(run.result).toMatchObject({ notificationBodies: 2, emailBodies: 2, signInFailures: 1, staleOrders: 2 });
    expect(run.result?.rateLimits).toBeGreaterThanOrEqual(1);

    const events = await db().select().from(webhookEvents).where(inArray(webhookEvents.id, [oldProcessed, oldFailed, oldPending, recent]));
    const byId = new Map(events.map((row) => [row.id, row]));
    // The row and what processing made of it stay; the body and headers go.
    expect(byId.get(oldProcessed)).toMatchObject({ rawBody: '', headers: {}, status: 'processed', result: 'Payment 123 recorded', resourceId: '123', type: 'payment' });
    expect(byId.get(oldFailed)).toMatchObject({ rawBody: '', headers: {}, status: 'failed' });
    // Still waiting for processing: it needs its body.
    expect(byId.get(oldPending)?.rawBody).not.toBe('');
    expect(byId.get(recent)?.rawBody).not.toBe('');

    const emails = new Map((await db().select().from(emailOutbox).where(inArray(emailOutbox.id, [oldSent, oldKept, oldQueued, recentEmail]))).map((row) => [row.id, row]));
    expect(emails.get(oldSent)).toMatchObject({ body: '', subject: 'Your payment', toAddress: 'ana@example.com', status: 'sent' });
    expect(emails.get(oldKept)?.body).toBe('');
    expect(emails.get(oldQueued)?.body).not.toBe('');
    expect(emails.get(recentEmail)?.body).not.toBe('');

    const counters = await db().select({ key: rateLimits.key }).from(rateLimits).where(sql`${rateLimits.key} like ${`${prefix}:%`}`);
    expect(counters.map((row) => row.key)).toEqual([`${prefix}:live`]);
    const failures = await db().select().from(signInFailures).where(eq(signInFailures.email, failureEmail));
    expect(failures.map((row) => row.failedAt)).toEqual([w.ago(HOUR)]);

    const left = new Set(
      (await db().select({ id: orders.id }).from(orders).where(eq(orders.merchantId, w.merchantId))).map((row) => row.id),
    );
    expect(left.has(stalePending)).toBe(false);
    expect(left.has(staleCheckout)).toBe(false);
    for (const kept of [staleWithPayment, staleNamedByReference, staleWithSubscription, recentPending, oldPaid]) expect(left.has(kept)).toBe(true);

    // The ledger is never purged.
    expect(await ledgerCounts()).toEqual(ledger);
    const [linked] = await db().select({ orderId: payments.orderId }).from(payments).where(eq(payments.orderId, staleWithPayment));
    expect(linked?.orderId).toBe(staleWithPayment);

    // At most once an hour across instances: the next tick skips; an hour later it runs (nothing left to do).
    expect((await runJob('purge-old-data', { now: new Date(now.getTime() + 60_000) })).result).toEqual({ skipped: 1 });
    expect((await runJob('purge-old-data', { now: new Date(now.getTime() + HOUR) })).result).toMatchObject({ notificationBodies: 0, emailBodies: 0, staleOrders: 0 });
  });

  it('works in small batches until nothing is left, and follows the configured days', async () => {
    vi.stubEnv('RETENTION_NOTIFICATION_DAYS', '30');
    vi.stubEnv('RETENTION_NOTIFICATION_BODY_DAYS', '7');
    vi.stubEnv('RETENTION_EMAIL_BODY_DAYS', '3');
    vi.stubEnv('RETENTION_STALE_ORDER_DAYS', '2');
    reloadEnv();
    expect(retentionSettings()).toEqual({ notificationDays: 30, notificationBodyDays: 7, emailBodyDays: 3, staleOrderDays: 2 });
    // Earlier than every row of the first test, so only this test's rows are old enough.
    const now = new Date('2026-06-01T12:00:00Z');
    const w = await world(now);
    const events = await Promise.all(Array.from({ length: 5 }, () => w.event(8 * DAY, 'processed')));
    const young = await w.event(6 * DAY, 'processed');
    const emails = await Promise.all(Array.from({ length: 5 }, () => w.email(4 * DAY, 'sent')));
    const staleOrders = await Promise.all(Array.from({ length: 3 }, () => w.order(3 * DAY, 'pending')));

    // Two rows a statement, two statements a run: a bigger backlog is left for the next run.
    expect(await purgeOldData(db(), now, retentionSettings(), { batch: 2, maxBatches: 2 })).toMatchObject({ notificationBodies: 4, emailBodies: 4, staleOrders: 3 });
    expect(await purgeOldData(db(), now, retentionSettings(), { batch: 2, maxBatches: 2 })).toMatchObject({ notificationBodies: 1, emailBodies: 1, staleOrders: 0 });
    const bodies = await db().select({ id: webhookEvents.id, rawBody: webhookEvents.rawBody }).from(webhookEvents).where(inArray(webhookEvents.id, [...events, young]));
    expect(bodies.filter((row) => row.rawBody === '').map((row) => row.id).sort()).toEqual([...events].sort());
    expect((await db().select().from(emailOutbox).where(inArray(emailOutbox.id, emails))).every((row) => row.body === '')).toBe(true);
    expect(await db().select().from(orders).where(inArray(orders.id, staleOrders))).toEqual([]);
  });
});
