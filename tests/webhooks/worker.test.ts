// The queue behind the inbox: stored events get processed once, by one worker, retried with backoff, and never lost.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { alerts, emailOutbox, gatewayAccounts, statusHistory, webhookEvents, type NewWebhookEvent, type WebhookEvent } from '@/db/schema';
import { raiseAlert } from '@/lib/alerts/notify';
import { EMAIL_SENDING } from '@/lib/email/limits';
import { setEmailSender, type EmailMessage } from '@/lib/email/transport';
import { MERCADOPAGO_CLIENT } from '@/lib/gateways/mercadopago/api';
import { SECUREANDPAY_TIMEOUT_MS } from '@/lib/gateways/secureandpay/api';
import type { GatewayProcessors, ProcessorRegistry, WebhookProcessor } from '@/lib/webhooks/processors';
import { findProcessor, processorRegistry } from '@/lib/webhooks/processors';
import {
  BATCH_SIZE,
  claimDueEvents,
  drainWebhookQueue,
  EVENT_DEADLINE_MS,
  LEASE_MS,
  MAX_ATTEMPTS,
  RECORD_MARGIN_MS,
  RETRY_DELAYS_MS,
  runWorkerOnce,
} from '@/lib/webhooks/worker';
import { describeEachDatabase } from '../support/databases';
import { connectMercadoPago, quietLogs } from './support';
import { monthOf } from '@/db/queries/webhook-events';

const T0 = new Date('2026-03-01T12:00:00Z');

/** A clock the test moves by hand. */
function manualClock(start = T0) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms), set: (date: Date) => void (now = date.getTime()) };
}

function registryWith(processor: WebhookProcessor): ProcessorRegistry {
  const everything: GatewayProcessors = { byType: new Map(), otherwise: processor };
  return { mercadopago: everything, secureandpay: everything, mockpay: everything };
}

afterEach(() => setEmailSender(undefined));

it('the time limits fit: every client ends before the event deadline, the deadline and the write inside a short lease, the batch inside the lease', () => {
  // Each outbound call a processor makes gives up by itself before the worker stops waiting for the event.
  expect(MERCADOPAGO_CLIENT.budgets.processing.totalMs).toBeLessThan(EVENT_DEADLINE_MS);
  expect(SECUREANDPAY_TIMEOUT_MS).toBeLessThan(EVENT_DEADLINE_MS);
  expect(EMAIL_SENDING.sendDeadlineMs).toBeLessThan(EVENT_DEADLINE_MS);
  // The deadline and the write of the result fit the lease; the lease is short enough for a crash drill of 60 s.
  expect(EVENT_DEADLINE_MS + RECORD_MARGIN_MS).toBeLessThanOrEqual(LEASE_MS);
  expect(LEASE_MS).toBeLessThanOrEqual(45_000);
  expect(BATCH_SIZE).toBeGreaterThanOrEqual(1);
  expect(BATCH_SIZE * EVENT_DEADLINE_MS).toBeLessThanOrEqual(LEASE_MS - RECORD_MARGIN_MS);
  // An abandoned processor (a 20 s read, then two 15 s emails) is over before its event's first retry.
  const abandonedAtWorst = MERCADOPAGO_CLIENT.budgets.processing.totalMs + 2 * EMAIL_SENDING.sendDeadlineMs;
  expect(abandonedAtWorst).toBeLessThan(EVENT_DEADLINE_MS + RETRY_DELAYS_MS[0]);
  // SMTP: one batch of sends, each up to its deadline, stays inside the email lease.
  expect(EMAIL_SENDING.batchSize * EMAIL_SENDING.sendDeadlineMs).toBeLessThanOrEqual(EMAIL_SENDING.leaseMs - EMAIL_SENDING.leaseMarginMs);
  const { smtp } = EMAIL_SENDING;
  expect(smtp.dnsTimeoutMs + smtp.connectionTimeoutMs + smtp.greetingTimeoutMs).toBeLessThan(EMAIL_SENDING.sendDeadlineMs);
});

describeEachDatabase('webhook worker', (current) => {
  quietLogs();

  async function accountId(): Promise<string> {
    const account = await connectMercadoPago();
    const [row] = await current().db.select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.publicId, account.publicId));
    if (!row) throw new Error('account not found');
    return row.id;
  }

  async function store(account: string, count: number, overrides: Partial<NewWebhookEvent> = {}): Promise<string[]> {
    const rows = Array.from({ length: count }, (_, index) => ({
      accountId: account,
      gateway: 'mercadopago' as const,
      channel: 'webhook' as const,
      verification: 'verified' as const,
      dedupeKey: `webhook:${randomUUID()}`,
      eventId: String(index),
      resourceId: String(1000 + index),
      type: 'payment',
      action: 'payment.updated',
      rawBody: '{}',
      receivedAt: T0,
      receivedMonth: monthOf(T0),
      nextAttemptAt: T0,
      ...overrides,
    }));
    const inserted = await current().db.insert(webhookEvents).values(rows).returning({ id: webhookEvents.id });
    return inserted.map((row) => row.id);
  }

  const eventById = async (id: string): Promise<WebhookEvent> => {
    const [event] = await current().db.select().from(webhookEvents).where(eq(webhookEvents.id, id));
    if (!event) throw new Error(`event ${id} not found`);
    return event;
  };

  const clearQueue = () => current().db.execute(sql`update webhook_events set status = 'ignored' where status in ('pending', 'processing')`);

  it('processes an event stored and never processed (e.g. before a crash) with a fresh worker', async () => {
    await clearQueue();
    const account = await accountId();
    const [payment] = await store(account, 1);
    const [merchantOrder] = await store(account, 1, { type: 'topic_merchant_order_wh', action: null });
    const clock = manualClock(new Date(T0.getTime() + 1000));
    const registry: ProcessorRegistry = {
      ...registryWith(async () => ({ status: 'ignored', result: 'not used' })),
      mercadopago: { byType: new Map([['payment', async () => ({ status: 'processed', result: 'payment recorded' })]]), otherwise: async () => ({ status: 'ignored', result: 'not used' }) },
    };
    // A fresh worker: nothing in memory, only what is in the database.
    expect(await drainWebhookQueue({ now: clock.now, registry })).toBe(2);
    expect(await eventById(payment ?? '')).toMatchObject({ status: 'processed', result: 'payment recorded', attempts: 1, lastError: null, processedAt: clock.now() });
    expect(await eventById(merchantOrder ?? '')).toMatchObject({ status: 'ignored', attempts: 1 });
    expect(await drainWebhookQueue({ now: clock.now, registry })).toBe(0);
  });

  it('looks processors up by gateway and type, never through inherited object keys', () => {
    const known = processorRegistry.secureandpay.byType.get('payment.failed');
    expect(known).toBeDefined();
    expect(findProcessor(processorRegistry, 'secureandpay', 'payment.failed')).toBe(known);
    for (const type of ['constructor', '__proto__', 'toString', 'unknown.type']) {
      expect(findProcessor(processorRegistry, 'secureandpay', type)).toBe(processorRegistry.secureandpay.otherwise);
      expect(findProcessor(processorRegistry, 'mercadopago', type)).toBe(processorRegistry.mercadopago.otherwise);
    }
  });

  it('never lets two workers process one event', async () => {
    await clearQueue();
    const account = await accountId();
    const ids = await store(account, 120);
    const seen = new Map<string, number>();
    const processor: WebhookProcessor = async (event) => {
      seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
      // Yield so the other workers run while this one holds its claim.
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { status: 'processed', result: 'ok' };
    };
    const clock = manualClock();
    const registry = registryWith(processor);
    // Four workers, each running up to 7 events at once.
    await Promise.all(Array.from({ length: 4 }, () => drainWebhookQueue({ now: clock.now, registry, concurrency: 7 })));
    expect(seen.size).toBe(120);
    expect([...seen.values()].every((times) => times === 1)).toBe(true);
    for (const id of ids.slice(0, 5)) expect(await eventById(id)).toMatchObject({ status: 'processed', attempts: 1 });
  });

  it('claims with SKIP LOCKED: events locked by one transaction are invisible to another claimer', async () => {
    await clearQueue();
    const account = await accountId();
    await store(account, 3);
    const clock = manualClock();
    const claimedInside: string[] = [];
    const claimedOutside: string[] = [];
    const db = current().db;
    if (current().kind === 'pglite') {
      // PGlite is one connection: concurrent transactions cannot exist, so claims simply serialise.
      const first = await claimDueEvents(db, { now: clock.now(), limit: 2, leaseMs: LEASE_MS });
      const second = await claimDueEvents(db, { now: clock.now(), limit: 5, leaseMs: LEASE_MS });
      expect(first).toHaveLength(2);
      expect(second).toHaveLength(1);
      return;
    }
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const transaction = db.transaction(async (tx) => {
      const rows = await claimDueEvents(tx, { now: clock.now(), limit: 2, leaseMs: LEASE_MS });
      claimedInside.push(...rows.map((row) => row.id));
      locked();
      await held;
    });
    await isLocked;
    // The first claim is not committed: its rows are still 'pending' to others, but locked, so skipped.
    const outside = await claimDueEvents(db, { now: clock.now(), limit: 5, leaseMs: LEASE_MS });
    claimedOutside.push(...outside.map((row) => row.id));
    release();
    await transaction;
    expect(claimedInside).toHaveLength(2);
    expect(claimedOutside).toHaveLength(1);
    expect(claimedOutside.some((id) => claimedInside.includes(id))).toBe(false);
  });

  it('retries a failing event after about 1 min, 5 min, 30 min, 2 h and 12 h, then marks it failed and keeps it', async () => {
    await clearQueue();
    const account = await accountId();
    const [id] = await store(account, 1);
    const clock = manualClock();
    const registry = registryWith(async () => {
      throw new Error('Mercado Pago unreachable (simulated)');
    });
    expect(MAX_ATTEMPTS).toBe(6);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await runWorkerOnce({ now: clock.now, registry })).toBe(1);
      const event = await eventById(id ?? '');
      expect(event.attempts).toBe(attempt);
      expect(event.lastError).toBe('Mercado Pago unreachable (simulated)');
      const delay = RETRY_DELAYS_MS[attempt - 1];
      if (delay === undefined) {
        expect(event.status).toBe('failed');
        break;
      }
      expect(event.status).toBe('pending');
      expect(event.nextAttemptAt.getTime() - clock.now().getTime()).toBe(delay);
      // Not due a moment before its time…
      clock.advance(delay - 1000);
      expect(await runWorkerOnce({ now: clock.now, registry })).toBe(0);
      // …due at it.
      clock.advance(1000);
    }
    clock.advance(30 * 24 * 60 * 60_000);
    expect(await runWorkerOnce({ now: clock.now, registry })).toBe(0);
    expect((await eventById(id ?? '')).status).toBe('failed');
  });

  it('takes an event back from a worker that died mid-way once its lease runs out, and drops the dead worker’s late result', async () => {
    await clearQueue();
    const account = await accountId();
    const [id] = await store(account, 1);
    const clock = manualClock();
    // Worker A claims it, then "dies" (never reports).
    const [claimedByA] = await claimDueEvents(current().db, { now: clock.now(), limit: 10, leaseMs: LEASE_MS });
    expect(claimedByA?.id).toBe(id);
    clock.advance(LEASE_MS - 1000);
    expect(await runWorkerOnce({ now: clock.now })).toBe(0);
    clock.advance(1000);
    // Worker B takes it over after the lease.
    const processed: string[] = [];
    const registry = registryWith(async (event) => {
      processed.push(event.id);
      return { status: 'processed', result: 'by B' };
    });
    expect(await runWorkerOnce({ now: clock.now, registry })).toBe(1);
    expect(await eventById(id ?? '')).toMatchObject({ status: 'processed', attempts: 2, result: 'by B' });
    // Worker A comes back and tries to report on its stale claim: fenced off.
    const { processClaimedEvent } = await import('@/lib/webhooks/worker');
    const late = await processClaimedEvent(current().db, claimedByA as WebhookEvent, {
      now: clock.now,
      registry: registryWith(async () => ({ status: 'processed', result: 'by A' })),
    });
    expect(late).toBe('lost');
    expect((await eventById(id ?? '')).result).toBe('by B');
  });

  const merchantOf = async (account: string): Promise<string> => {
    const [row] = await current().db.select({ merchantId: gatewayAccounts.merchantId }).from(gatewayAccounts).where(eq(gatewayAccounts.id, account));
    if (!row) throw new Error('account not found');
    return row.merchantId;
  };

  const alertParams = { gateway: 'Mercado Pago', paymentId: '1', amount: '$1.00', reason: 'Declined.', customerReason: 'Declined.', subscription: 'no' };

  /** A processor with keyed effects, as the real ones have: an alert with its email, and a status-history entry. */
  function keyedEffects(merchantId: string, runs: Map<string, number>, before?: (event: WebhookEvent) => Promise<void>): WebhookProcessor {
    return async (event, context) => {
      runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
      await before?.(event);
      await raiseAlert(
        current().db,
        { merchantId, kind: 'payment_failed', dedupeKey: `test:${event.id}`, accountId: null, href: null, params: alertParams },
        context.now,
      );
      await current()
        .db.insert(statusHistory)
        .values({ entityType: 'payment', entityId: event.id, fromStatus: 'pending', toStatus: 'rejected', webhookEventId: event.id, at: context.now })
        .onConflictDoNothing();
      return { status: 'processed', result: `by ${before ? 'A' : 'B'}` };
    };
  }

  async function effectsOf(ids: string[]) {
    const db = current().db;
    const alertRows = await db.select({ key: alerts.dedupeKey }).from(alerts).where(inArray(alerts.dedupeKey, ids.map((id) => `test:${id}`)));
    const emailRows = await db.select({ key: emailOutbox.dedupeKey, status: emailOutbox.status }).from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like '%:test:%'`);
    const history = await db.select({ id: statusHistory.id }).from(statusHistory).where(and(eq(statusHistory.entityType, 'payment'), inArray(statusHistory.entityId, ids)));
    return { alerts: alertRows.length, emails: emailRows.filter((row) => ids.some((id) => row.key.includes(id))), history: history.length };
  }

  it('writes each event’s result as soon as it is processed, not at the end of the batch', async () => {
    await clearQueue();
    const account = await accountId();
    const ids = await store(account, 3);
    const seenDone: number[] = [];
    const registry = registryWith(async (event) => {
      // When the n-th event runs, the n − 1 before it are already recorded as processed.
      const done = await current().db.select({ id: webhookEvents.id }).from(webhookEvents).where(and(inArray(webhookEvents.id, ids), eq(webhookEvents.status, 'processed')));
      seenDone.push(done.length);
      return { status: 'processed', result: `ok ${event.id}` };
    });
    expect(await runWorkerOnce({ now: manualClock().now, registry, batchSize: 3 })).toBe(3);
    expect(seenDone).toEqual([0, 1, 2]);
  });

  it('stops waiting for an event at its deadline, records a retry, and goes on with the next one', async () => {
    await clearQueue();
    const account = await accountId();
    const [slow, quick] = await store(account, 2);
    const clock = manualClock();
    let release: () => void = () => {};
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const registry = registryWith(async (event) => {
      if (event.id === slow) await hanging;
      return { status: 'processed', result: 'done' };
    });
    const started = performance.now();
    expect(await runWorkerOnce({ now: clock.now, registry, batchSize: 2, eventDeadlineMs: 300 })).toBe(2);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await eventById(slow ?? '')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'processing took longer than 0.3 s; stopped waiting' });
    expect((await eventById(slow ?? '')).nextAttemptAt.getTime()).toBe(clock.now().getTime() + RETRY_DELAYS_MS[0]);
    expect(await eventById(quick ?? '')).toMatchObject({ status: 'processed', attempts: 1 });
    // The abandoned processor finishing later changes nothing: its event waits for its retry.
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await eventById(slow ?? '')).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('a worker whose lease runs out mid-batch: another worker takes the events over, the first writes nothing more, and every alert, email and history entry is written once', async () => {
    await clearQueue();
    const account = await accountId();
    const merchantId = await merchantOf(account);
    const ids = await store(account, 3);
    const sent: EmailMessage[] = [];
    setEmailSender(async (message) => void sent.push(message));
    const clock = manualClock();
    const runsA = new Map<string, number>();
    const runsB = new Map<string, number>();
    let workerB: Promise<number> | undefined;
    // Worker A stalls in its first event (a pause, a slow database) past its lease; meanwhile worker B runs.
    const stallingA = keyedEffects(merchantId, runsA, async () => {
      if (workerB) return;
      clock.advance(LEASE_MS + 1000);
      workerB = drainWebhookQueue({ now: clock.now, registry: registryWith(keyedEffects(merchantId, runsB)), concurrency: 1 });
      expect(await workerB).toBe(3);
    });
    expect(await runWorkerOnce({ now: clock.now, registry: registryWith(stallingA), batchSize: 3 })).toBe(3);

    // B processed all three; A ran only the event it was in, and its result was dropped; A skipped the other two.
    expect([...runsB.keys()].sort()).toEqual([...ids].sort());
    expect(runsA.size).toBe(1);
    expect([...runsA.values()]).toEqual([1]);
    expect([...runsB.values()]).toEqual([1, 1, 1]);
    for (const id of ids) expect(await eventById(id)).toMatchObject({ status: 'processed', attempts: 2, result: 'by B' });
    const effects = await effectsOf(ids);
    expect(effects.alerts).toBe(3);
    expect(effects.history).toBe(3);
    expect(effects.emails).toHaveLength(3);
    expect(effects.emails.every((email) => email.status === 'sent')).toBe(true);
    expect(sent).toHaveLength(3);
  });

  it('after a crash (kill -9) mid-batch, the events it held are taken again once its short lease ends, and their effects happen once', async () => {
    await clearQueue();
    const account = await accountId();
    const merchantId = await merchantOf(account);
    const ids = await store(account, 40);
    setEmailSender(null);
    const clock = manualClock();
    // The dying process: it runs two events at once, writes part of their effects, and never reports.
    let crash: () => void = () => {};
    const dead = new Promise<void>((resolve) => (crash = resolve));
    const runsA = new Map<string, number>();
    const dying = registryWith(async (event, context) => {
      runsA.set(event.id, 1);
      await raiseAlert(current().db, { merchantId, kind: 'payment_failed', dedupeKey: `test:${event.id}`, accountId: null, href: null, params: alertParams }, context.now);
      await dead;
      return { status: 'processed', result: 'by A' };
    });
    const processA = drainWebhookQueue({ now: clock.now, registry: dying, eventDeadlineMs: 60 * 60_000, concurrency: 2 });
    while (runsA.size < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const held = [...runsA.keys()];

    // The restarted process, at once: everything but what the dead one held is processed; those wait for the lease.
    const runsB = new Map<string, number>();
    const restarted = registryWith(keyedEffects(merchantId, runsB));
    expect(await drainWebhookQueue({ now: clock.now, registry: restarted })).toBe(38);
    for (const id of held) expect(await eventById(id)).toMatchObject({ status: 'processing', attempts: 1 });
    clock.advance(LEASE_MS);
    expect(await drainWebhookQueue({ now: clock.now, registry: restarted })).toBe(2);

    expect(runsB.size).toBe(40);
    expect([...runsB.values()].every((times) => times === 1)).toBe(true);
    const rows = await current().db.select().from(webhookEvents).where(inArray(webhookEvents.id, ids));
    expect(rows.every((row) => row.status === 'processed' && row.result === 'by B')).toBe(true);
    const effects = await effectsOf(ids);
    expect(effects.alerts).toBe(40);
    expect(effects.history).toBe(40);
    // The dead process's results, should it ever report, are dropped.
    crash();
    await processA;
    expect((await current().db.select().from(webhookEvents).where(inArray(webhookEvents.id, held))).every((row) => row.result === 'by B')).toBe(true);
  });
});
