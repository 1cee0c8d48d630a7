// Processing side by side (issue 16): the worker runs many notifications at once, at most a few of one gateway
// account's, fairly across accounts; a 429 slows that account down and puts its notification back without using up
// a retry; nothing is processed twice, whether one worker or two run at once. The account limit and a 429's pause
// hold across instances (two drains with their own AccountLimits on one database, as two app instances). Runs on
// PGlite and, with DATABASE_URL, on PostgreSQL; the claims of two instances at the same instant race only on
// PostgreSQL (PGlite runs one statement at a time). The last test goes through the simulator's per-account rate limit
// end to end.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { claimDueEventsFairly } from '@/db/queries/webhook-events';
import { gatewayAccounts, payments, webhookEvents, type NewWebhookEvent, type WebhookEvent } from '@/db/schema';
import { AccountLimits } from '@/lib/webhooks/account-limits';
import { RateLimitedError, type GatewayProcessors, type ProcessorRegistry, type WebhookProcessor } from '@/lib/webhooks/processors';
import { drainWebhookQueue, MIN_RATE_LIMITED_DELAY_MS } from '@/lib/webhooks/worker';
import { describeEachDatabase } from './support/databases';
import { withSimulatedGateways } from './support/simulated-gateways';
import { connectMercadoPago, quietLogs } from './webhooks/support';
import { monthOf } from '@/db/queries/webhook-events';

const T0 = new Date('2026-03-01T12:00:00Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function manualClock(start = T0) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

function registryWith(processor: WebhookProcessor): ProcessorRegistry {
  const everything: GatewayProcessors = { byType: new Map(), otherwise: processor };
  return { mercadopago: everything, secureandpay: everything, mockpay: everything };
}

/** Counts what runs at once, in all and per account, and the order events finish in. */
function tracker() {
  let running = 0;
  const perAccount = new Map<string, number>();
  const perResource = new Map<string, number>();
  const seen = { maxRunning: 0, maxPerAccount: new Map<string, number>(), maxPerResource: 0, finished: [] as WebhookEvent[], runs: new Map<string, number>() };
  const enter = (event: WebhookEvent) => {
    running += 1;
    seen.maxRunning = Math.max(seen.maxRunning, running);
    const mine = (perAccount.get(event.accountId) ?? 0) + 1;
    perAccount.set(event.accountId, mine);
    seen.maxPerAccount.set(event.accountId, Math.max(seen.maxPerAccount.get(event.accountId) ?? 0, mine));
    const resource = `${event.accountId}:${event.resourceId}`;
    const sameResource = (perResource.get(resource) ?? 0) + 1;
    perResource.set(resource, sameResource);
    seen.maxPerResource = Math.max(seen.maxPerResource, sameResource);
    seen.runs.set(event.id, (seen.runs.get(event.id) ?? 0) + 1);
  };
  const leave = (event: WebhookEvent) => {
    running -= 1;
    perAccount.set(event.accountId, (perAccount.get(event.accountId) ?? 1) - 1);
    const resource = `${event.accountId}:${event.resourceId}`;
    perResource.set(resource, (perResource.get(resource) ?? 1) - 1);
    seen.finished.push(event);
  };
  return { seen, enter, leave };
}

describe('per-account limits (AIMD)', () => {
  it('halves an account’s limit on a 429 (once per pause), pauses it, and adds about one slot per round back to the maximum', () => {
    const limits = new AccountLimits(8);
    expect(limits.caps(0).size).toBe(0);
    limits.started('a');
    limits.started('a');
    expect(limits.caps(0).get('a')).toBe(6);
    // Three requests in flight meet the limit at once: one decrease, one pause (the longest Retry-After).
    limits.rateLimited('a', 2_000, 1_000);
    limits.rateLimited('a', 3_000, 1_001);
    limits.rateLimited('a', undefined, 1_002);
    expect(limits.inspect('a')).toEqual({ limit: 4, running: 2, pausedUntil: 4_001 });
    expect(limits.caps(2_000).get('a')).toBe(0);
    expect(limits.caps(4_001).get('a')).toBe(2);
    // A 429 after the pause is a new episode: halved again.
    limits.rateLimited('a', 0, 5_000);
    expect(limits.inspect('a').limit).toBe(2);
    limits.finished('a', true, 5_000);
    limits.finished('a', true, 5_000);
    expect(limits.inspect('a').limit).toBe(2);
    // Additive increase: 1 / limit per notification finished without a 429 (2 → 2.5 → 2.9 → 3.24).
    for (let i = 0; i < 3; i++) {
      limits.started('a');
      limits.finished('a', false, 6_000);
    }
    expect(Math.floor(limits.inspect('a').limit)).toBe(3);
    for (let i = 0; i < 100; i++) {
      limits.started('a');
      limits.finished('a', false, 6_000);
    }
    // Back at the maximum with nothing in flight: forgotten.
    expect(limits.caps(6_000).has('a')).toBe(false);
    expect(limits.inspect('a')).toEqual({ limit: 8, running: 0, pausedUntil: 0 });
  });
});

describeEachDatabase('processing side by side', (current) => {
  const db = () => current().db;
  quietLogs();

  async function newAccount(): Promise<string> {
    const account = await connectMercadoPago();
    const [row] = await db().select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.publicId, account.publicId));
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
      resourceId: randomUUID(),
      type: 'payment',
      action: 'payment.updated',
      rawBody: '{}',
      receivedAt: T0,
      receivedMonth: monthOf(T0),
      nextAttemptAt: T0,
      ...overrides,
    }));
    const inserted = await db().insert(webhookEvents).values(rows).returning({ id: webhookEvents.id });
    return inserted.map((row) => row.id);
  }

  const events = (ids: string[]) => db().select().from(webhookEvents).where(inArray(webhookEvents.id, ids));
  const clearQueue = () => db().execute(sql`update webhook_events set status = 'ignored' where status in ('pending', 'processing')`);

  it('runs up to the concurrency in all and at most the account limit of one account, and each event once', async () => {
    await clearQueue();
    const a = await newAccount();
    const b = await newAccount();
    const ids = [...(await store(a, 40)), ...(await store(b, 40))];
    const track = tracker();
    const registry = registryWith(async (event) => {
      track.enter(event);
      await sleep(5);
      track.leave(event);
      return { status: 'processed', result: 'ok' };
    });
    expect(await drainWebhookQueue({ now: manualClock().now, registry, concurrency: 6, perAccount: 3 })).toBe(80);
    expect(track.seen.maxRunning).toBe(6);
    expect(track.seen.maxPerAccount.get(a)).toBe(3);
    expect(track.seen.maxPerAccount.get(b)).toBe(3);
    expect([...track.seen.runs.values()].every((runs) => runs === 1)).toBe(true);
    expect((await events(ids)).every((event) => event.status === 'processed' && event.attempts === 1)).toBe(true);
  });

  it('is fair: one merchant’s backlog of 50 does not hold up another merchant’s single notification', async () => {
    await clearQueue();
    const busy = await newAccount();
    const quiet = await newAccount();
    // The backlog is older: first in the queue's order.
    await store(busy, 50, { nextAttemptAt: new Date(T0.getTime() - 60_000) });
    const [single] = await store(quiet, 1);
    const track = tracker();
    const registry = registryWith(async (event) => {
      track.enter(event);
      await sleep(5);
      track.leave(event);
      return { status: 'processed', result: 'ok' };
    });
    expect(await drainWebhookQueue({ now: manualClock().now, registry, concurrency: 4, perAccount: 2 })).toBe(51);
    const position = track.seen.finished.findIndex((event) => event.id === single);
    // Claimed in the first round, beside the busy account's first two: among the first few done, not after the 50.
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThan(4);
    expect(track.seen.maxPerAccount.get(busy)).toBe(2);
  });

  it('runs two notifications about the same resource one after the other', async () => {
    await clearQueue();
    const account = await newAccount();
    const ids = [...(await store(account, 3, { resourceId: 'payment-1' })), ...(await store(account, 3, { resourceId: 'payment-2' }))];
    const track = tracker();
    const registry = registryWith(async (event) => {
      track.enter(event);
      await sleep(10);
      track.leave(event);
      return { status: 'processed', result: 'ok' };
    });
    expect(await drainWebhookQueue({ now: manualClock().now, registry, concurrency: 8, perAccount: 8 })).toBe(6);
    expect(track.seen.maxPerResource).toBe(1);
    expect(track.seen.maxRunning).toBe(2);
    expect((await events(ids)).every((event) => event.status === 'processed')).toBe(true);
  });

  it('never processes an event twice with two workers (two instances) running side by side', async () => {
    await clearQueue();
    const accounts = [await newAccount(), await newAccount(), await newAccount()];
    const ids = (await Promise.all(accounts.map((account) => store(account, 60)))).flat();
    const track = tracker();
    const registry = registryWith(async (event) => {
      track.enter(event);
      await sleep(Math.random() * 5);
      track.leave(event);
      return { status: 'processed', result: 'ok' };
    });
    const clock = manualClock();
    const [first, second] = await Promise.all([
      drainWebhookQueue({ now: clock.now, registry, concurrency: 16, perAccount: 4 }),
      drainWebhookQueue({ now: clock.now, registry, concurrency: 16, perAccount: 4 }),
    ]);
    expect((first ?? 0) + (second ?? 0)).toBe(180);
    expect(track.seen.runs.size).toBe(180);
    expect([...track.seen.runs.values()].every((runs) => runs === 1)).toBe(true);
    const rows = await events(ids);
    expect(rows.every((event) => event.status === 'processed' && event.attempts === 1)).toBe(true);
  });

  it('on a 429 pauses the account and halves its limit, while other accounts go on', async () => {
    await clearQueue();
    const limited = await newAccount();
    const other = await newAccount();
    const limitedIds = await store(limited, 10, { nextAttemptAt: new Date(T0.getTime() - 1_000) });
    const otherIds = await store(other, 3);
    const limits = new AccountLimits(4);
    let told = false;
    const registry = registryWith(async (event, context) => {
      if (event.accountId === limited && !told) {
        told = true;
        // The client met a 429 (Retry-After 60 s) and its own retry got through.
        context.onRateLimited?.(60_000);
      }
      return { status: 'processed', result: 'ok' };
    });
    // One at a time: the limited account's oldest event runs first and meets the 429.
    expect(await drainWebhookQueue({ now: manualClock().now, registry, concurrency: 1, limits })).toBe(4);
    const byId = new Map((await events([...limitedIds, ...otherIds])).map((event) => [event.id, event]));
    expect(otherIds.every((id) => byId.get(id)?.status === 'processed')).toBe(true);
    // Paused: nothing more of it was claimed; its other nine wait, untouched.
    expect(limitedIds.filter((id) => byId.get(id)?.status === 'processed')).toHaveLength(1);
    expect(limitedIds.filter((id) => byId.get(id)?.status === 'pending' && byId.get(id)?.attempts === 0)).toHaveLength(9);
    expect(limits.inspect(limited).limit).toBe(2);
    expect(limits.caps(Date.now()).get(limited)).toBe(0);
  });

  it('puts a notification still refused with 429 back for after the pause, without using up a retry', async () => {
    await clearQueue();
    const account = await newAccount();
    const [id = ''] = await store(account, 1);
    const limits = new AccountLimits(4);
    const clock = manualClock();
    let calls = 0;
    const registry = registryWith(async () => {
      calls += 1;
      if (calls === 1) throw new RateLimitedError('Mercado Pago answered 429 (too many requests) for payment 1; will try again shortly', 50);
      return { status: 'processed', result: 'ok' };
    });
    expect(await drainWebhookQueue({ now: clock.now, registry, concurrency: 4, limits })).toBe(1);
    const [back] = await events([id]);
    expect(back).toMatchObject({ status: 'pending', attempts: 0, lastError: expect.stringMatching(/429/) });
    // The wait is the pause (Retry-After 50 ms here), at least MIN_RATE_LIMITED_DELAY_MS.
    expect((back?.nextAttemptAt.getTime() ?? 0) - clock.now().getTime()).toBe(MIN_RATE_LIMITED_DELAY_MS);
    expect(limits.inspect(account).limit).toBe(2);
    // Not due yet; once it is (and the account's pause is over), it is processed, as its first counted attempt.
    expect(await drainWebhookQueue({ now: clock.now, registry, concurrency: 4, limits })).toBe(0);
    await sleep(60);
    clock.advance(MIN_RATE_LIMITED_DELAY_MS);
    expect(await drainWebhookQueue({ now: clock.now, registry, concurrency: 4, limits })).toBe(1);
    expect((await events([id]))[0]).toMatchObject({ status: 'processed', attempts: 1, lastError: null });
  });

  // ---- Shared by every instance, through the database ----
  const ofAccount = (claimed: WebhookEvent[], account: string) => claimed.filter((event) => event.accountId === account).length;
  const claim = (now: Date, perAccount: number, limit = 32) => claimDueEventsFairly(db(), { now, limit, leaseMs: 35_000, perAccount });

  it('two drains (two instances) never run more than the account limit of one account together, while another account still gets its turn', async () => {
    await clearQueue();
    const busy = await newAccount();
    const quiet = await newAccount();
    await store(busy, 30, { nextAttemptAt: new Date(T0.getTime() - 60_000) });
    const quietIds = await store(quiet, 2);
    const track = tracker();
    const registry = registryWith(async (event) => {
      track.enter(event);
      await sleep(20 + Math.random() * 10);
      track.leave(event);
      return { status: 'processed', result: 'ok' };
    });
    const clock = manualClock();
    // Two app instances: each its own AccountLimits (perAccount 3) and 2 slots, only the database shared. Each alone
    // would allow the busy account 2 at once, both together 4: the account's limit of 3 must hold across them.
    const [first = 0, second = 0] = await Promise.all([
      drainWebhookQueue({ now: clock.now, registry, concurrency: 2, perAccount: 3 }),
      drainWebhookQueue({ now: clock.now, registry, concurrency: 2, perAccount: 3 }),
    ]);
    expect(first + second).toBe(32);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    // Reaching 3 needs both drains at once; a drain that finds nothing to claim and has nothing running ends its
    // pass, so how often they overlap varies: the bound is what is certain.
    expect(track.seen.maxPerAccount.get(busy)).toBeLessThanOrEqual(3);
    expect([...track.seen.runs.values()].every((runs) => runs === 1)).toBe(true);
    // The quiet account's two are not held up by the busy one's 30: among the first few of the 32 started (the first
    // claims' events start in whatever order the two drains get to them; runs keeps the order they started in).
    const startOrder = [...track.seen.runs.keys()];
    expect(quietIds.every((id) => startOrder.indexOf(id) >= 0 && startOrder.indexOf(id) < 8)).toBe(true);
  });

  it('a claim leaves out what other instances hold of an account, and counts leases that ran out as due again, not in flight', async () => {
    await clearQueue();
    const busy = await newAccount();
    const other = await newAccount();
    await store(busy, 5);
    await store(other, 2);
    // Instance 1 takes the account's limit of 3 (and the other account's 2).
    const taken = await claim(T0, 3);
    expect(ofAccount(taken, busy)).toBe(3);
    expect(ofAccount(taken, other)).toBe(2);
    // Instance 2, with slots of its own (no caps) and the same limit: nothing more of the busy account.
    const more = await claim(new Date(T0.getTime() + 1_000), 3);
    expect(ofAccount(more, busy)).toBe(0);
    // One of the three done: one slot of the account is free for any instance.
    const [done] = taken.filter((event) => event.accountId === busy);
    await db().update(webhookEvents).set({ status: 'processed' }).where(eq(webhookEvents.id, done?.id ?? ''));
    expect(ofAccount(await claim(new Date(T0.getTime() + 2_000), 3), busy)).toBe(1);
    // Past every lease (a dead instance's claims): those events are due again and take the slots, none in flight.
    const later = await claim(new Date(T0.getTime() + 60_000), 3);
    expect(ofAccount(later, busy)).toBe(3);
  });

  it('offers a busy account’s next one after everyone’s first, counting what is in flight: slots that free up one at a time are shared', async () => {
    await clearQueue();
    const busy = await newAccount();
    const quiet = await newAccount();
    await store(busy, 5, { nextAttemptAt: new Date(T0.getTime() - 60_000) });
    await store(quiet, 2);
    // One slot at a time: the oldest first (the busy backlog's), then the quiet account's, as the busy one has one in
    // flight; then each has one in flight and the older goes first.
    expect(ofAccount(await claim(T0, 4, 1), busy)).toBe(1);
    expect(ofAccount(await claim(T0, 4, 1), quiet)).toBe(1);
    expect(ofAccount(await claim(T0, 4, 1), busy)).toBe(1);
    expect(ofAccount(await claim(T0, 4, 1), quiet)).toBe(1);
  });

  it('keeps the bound when two instances claim the same account at the same instant', async () => {
    const account = await newAccount();
    let overshoots = 0;
    for (let round = 0; round < 30; round++) {
      await clearQueue();
      await store(account, 12);
      // On PostgreSQL the two statements run on two connections at once; both start with nothing in flight.
      const [first, second] = await Promise.all([claim(T0, 4, 8), claim(T0, 4, 8)]);
      const together = ofAccount(first, account) + ofAccount(second, account);
      if (together > 4) overshoots += 1;
      expect(together).toBeGreaterThanOrEqual(1);
    }
    expect(overshoots).toBe(0);
  });

  it('shares a 429’s pause: another instance claims nothing of the account until the pause is over, other accounts go on', async () => {
    await clearQueue();
    const limited = await newAccount();
    const other = await newAccount();
    const limitedIds = await store(limited, 5, { nextAttemptAt: new Date(T0.getTime() - 1_000) });
    let told = false;
    const registry = registryWith(async (event, context) => {
      if (event.accountId === limited && !told) {
        told = true;
        // The client met a 429 with Retry-After 1 s, and its own retry got through.
        context.onRateLimited?.(1_000);
      }
      return { status: 'processed', result: 'ok' };
    });
    const clock = manualClock();
    // Instance 1 meets the 429 on the limited account's first notification (one at a time: the oldest runs first).
    expect(await drainWebhookQueue({ now: clock.now, registry, concurrency: 1, limits: new AccountLimits(4) })).toBe(1);
    const otherIds = await store(other, 3);
    // Instance 2 has never met a 429 itself: it still leaves the paused account alone and takes the other one's.
    const second = new AccountLimits(4);
    expect(await drainWebhookQueue({ now: clock.now, registry, concurrency: 4, limits: second })).toBe(3);
    expect(second.inspect(limited)).toEqual({ limit: 4, running: 0, pausedUntil: 0 });
    const byId = new Map((await events([...limitedIds, ...otherIds])).map((event) => [event.id, event]));
    expect(otherIds.every((id) => byId.get(id)?.status === 'processed')).toBe(true);
    expect(limitedIds.filter((id) => byId.get(id)?.status === 'pending' && byId.get(id)?.attempts === 0)).toHaveLength(4);
    // Once the pause is over, it takes them.
    await sleep(1_100);
    expect(await drainWebhookQueue({ now: clock.now, registry, concurrency: 4, limits: second })).toBe(4);
    expect((await events(limitedIds)).every((event) => event.status === 'processed')).toBe(true);
  });
});

describeEachDatabase('processing against a rate-limited gateway', (current) => {
  const { control, simulator, connectMercadoPago: connectSimulated } = withSimulatedGateways();

  it('records every payment once when Mercado Pago answers 429 past 5 requests a second for the account', async () => {
    await current().db.execute(sql`update webhook_events set status = 'ignored' where status in ('pending', 'processing')`);
    const { account } = await connectSimulated();
    const [row] = await current().db.select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.externalAccountId, String(account.userId)));
    const accountId = row?.id ?? '';
    const limit = await control<{ requestsPerSecond: number }>(`mercadopago/accounts/${account.userId}/rate-limit`, { requestsPerSecond: 5, retryAfterSeconds: 1 });
    expect(limit.requestsPerSecond).toBe(5);
    const created: number[] = [];
    for (let i = 0; i < 30; i++) {
      const payment = await control<{ id: number }>('mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 10, notify: true });
      created.push(payment.id);
    }
    await simulator().gateways.mercadopago.deliveries.idle();
    // 16 reads at once against a bucket of 5: some are refused at once. Every event is done within a few passes
    // (429s put some back for about a second, and pause the account).
    const limits = new AccountLimits(16);
    for (let pass = 0; pass < 30; pass++) {
      await drainWebhookQueue({ concurrency: 32, limits });
      const left = await current()
        .db.select({ id: webhookEvents.id })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.accountId, accountId), inArray(webhookEvents.status, ['pending', 'processing'])));
      if (left.length === 0) break;
      await sleep(1_100);
    }
    const seen = await fetch(`${simulator().url}/_sim/mercadopago/accounts/${account.userId}/rate-limit`).then((response) => response.json() as Promise<{ refused: number }>);
    expect(seen.refused).toBeGreaterThan(0);
    const rows = await current().db.select().from(payments).where(inArray(payments.gatewayPaymentId, created.map(String)));
    expect(rows).toHaveLength(30);
    expect(rows.every((row) => row.status === 'approved')).toBe(true);
    const stored = await current().db.select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId));
    expect(stored).toHaveLength(30);
    // A 429 never counts as an attempt: each notification is on its first counted one.
    expect(stored.every((event) => event.status === 'processed' && event.attempts === 1)).toBe(true);
  }, 90_000);
});
