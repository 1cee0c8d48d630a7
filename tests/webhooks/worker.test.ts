// The queue behind the inbox: stored events get processed once, by one worker, retried with backoff, and never lost.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { gatewayAccounts, webhookEvents, type NewWebhookEvent, type WebhookEvent } from '@/db/schema';
import type { GatewayProcessors, ProcessorRegistry, WebhookProcessor } from '@/lib/webhooks/processors';
import { findProcessor, processorRegistry } from '@/lib/webhooks/processors';
import { claimDueEvents, drainWebhookQueue, LEASE_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS, runWorkerOnce } from '@/lib/webhooks/worker';
import { describeEachDatabase } from '../support/databases';
import { connectMercadoPago, quietLogs } from './support';

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
    // Four workers claiming small batches at the same time.
    await Promise.all(Array.from({ length: 4 }, () => drainWebhookQueue({ now: clock.now, registry, batchSize: 7 })));
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
});
