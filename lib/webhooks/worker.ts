// The queue behind the webhook inbox. Work is claimed with `FOR UPDATE SKIP LOCKED`, so any number of workers (in
// one process or in several app instances) never take the same event; a claim is a short lease (`next_attempt_at`),
// so an event whose worker died is taken again soon after. Each event runs against its own deadline, and its result
// is written as soon as it is known, fenced on the claim. Two things drive the queue: a kick once the route has
// answered a new notification (processStoredSoon), and a loop in the server process that also picks up whatever
// was stored before a crash, left behind by a dead worker, or is due for a retry.
import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { getDb, type Database } from '@/db';
import type { WebhookEvent } from '@/db/schema';
import { claimDueEvents, claimDueEventsFairly, extendClaim, pauseAccountClaims, recordCompletions, type Completion } from '@/db/queries/webhook-events';
import { getEnv } from '@/core/env';
import { log } from '@/lib/server/log';
import { AccountLimits, pauseAfter429 } from './account-limits';
import { RateLimitedError } from './processor';
import { findProcessor, processorRegistry, type ProcessorRegistry } from './processors';

export { claimDueEvents };

/** Waits before attempts 2…6; after the 6th failed attempt the event is marked failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000, 12 * 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

// ---- Every time limit of the worker, and the batch size that follows from them (README "Webhooks") ----
//
// What one event's processor may wait for, each bounded by its own client: a Mercado Pago read 20 s at most, retries
// included (MERCADOPAGO_CLIENT.budgets.processing); a Secure and Pay call 10 s (SECUREANDPAY_TIMEOUT_MS); an email
// 15 s (EMAIL_SENDING.sendDeadlineMs in lib/email/outbox.ts, under nodemailer's connection, greeting and socket
// time-outs).
//
//   EVENT_DEADLINE_MS = 25 s      the worker waits this long for one event's processor, then records a retry and moves
//                                 on. A read that hangs through its whole 20 s budget fails by itself first, with its
//                                 own message; several slow calls in a row (a slow read, then a hanging SMTP server)
//                                 are cut off here. The abandoned processor ends by its clients' own limits (at worst
//                                 20 + 2 × 15 = 50 s after it started), before the event's retry (25 + 60 = 85 s).
//   RECORD_MARGIN_MS  = 10 s      what the lease keeps after the deadline to write the result (a slow database).
//   LEASE_MS          = 25 + 10 = 35 s
//                                 an event's claim lasts its deadline plus the write, so its result is always written
//                                 while the claim is still this worker's. After a crash (kill -9) whatever the worker
//                                 held is free again 35 s later at most, and the loop (WEBHOOK_WORKER_INTERVAL_MS,
//                                 5 s) takes it: everything is back in work within about 40 s of the crash.
//   BATCH_SIZE = floor((LEASE_MS − RECORD_MARGIN_MS) / EVENT_DEADLINE_MS) = floor(25 / 25) = 1
//                                 the events one claim can run one after the other, each up to its deadline, within
//                                 the claim's lease. A bigger batch (tests ask for one) is safe too: every event after
//                                 the first has its lease extended, fenced on the claim, right before it starts.
//
// ---- Working side by side (issue 16, README "Webhooks") ----
//
// The queue drain (drainWebhookQueue) runs up to WEBHOOK_WORKER_CONCURRENCY events at once in one process, each
// claimed just before it starts (so a claim's lease is its own event's, and nothing waits in memory on a lease),
// and at most WEBHOOK_ACCOUNT_CONCURRENCY of one gateway account's in flight in all instances together (fewer here
// after a 429 of this process: account-limits.ts; none anywhere during a 429's pause). The claim is fair across
// accounts (claimDueEventsFairly): a merchant's burst of 600 takes its share of the slots, and another merchant's one
// notification is claimed in the next round, not after the 600. SKIP LOCKED keeps instances off each other's events,
// so throughput grows with instances (each has its own slots), while what one account sends the gateway at once
// does not: the claim counts the account's events in flight in every process, and a 429's pause is written to the
// database for all of them (pauseAccountClaims).
//
// Two events about the same resource (a payment's created and updated) are safe side by side: recording takes the
// payment's row lock (the insert conflicts, then SELECT … FOR UPDATE) and moves a status only along the table of
// core/payment-status.ts, comparing the gateway's own last-updated times, so whichever copy commits last cannot
// take the payment back (the same rule that already handles out-of-order and duplicate notifications). Still, one
// process runs them one after the other (the second waits for the first: cheap, and the read that commits last is
// then the newest), and only instances racing each other rely on the rule above.
export const EVENT_DEADLINE_MS = 25_000;
export const RECORD_MARGIN_MS = 10_000;
export const LEASE_MS = EVENT_DEADLINE_MS + RECORD_MARGIN_MS;
export const BATCH_SIZE = Math.floor((LEASE_MS - RECORD_MARGIN_MS) / EVENT_DEADLINE_MS);

/** An event put back after a 429 waits at least this, and at most MAX_RATE_LIMITED_DELAY_MS (a long Retry-After). */
export const MIN_RATE_LIMITED_DELAY_MS = 1_000;
export const MAX_RATE_LIMITED_DELAY_MS = 5 * 60_000;

/** `last_error` is for people; a stack trace of any length is not. */
const MAX_ERROR_LENGTH = 1000;

export type WorkerOptions = {
  db?: Database;
  /** The clock of leases and retries: tests move it forward to make retries and leases due. */
  now?: () => Date;
  batchSize?: number;
  leaseMs?: number;
  /** Real time (not the clock above) the worker waits for one event's processor. */
  eventDeadlineMs?: number;
  registry?: ProcessorRegistry;
};

type RunOptions = {
  now: () => Date;
  registry: ProcessorRegistry;
  eventDeadlineMs?: number;
  /** The account limits to tell about 429s (the drain's); none for runWorkerOnce. */
  limits?: AccountLimits;
};

const systemClock = () => new Date();

/** When the attempt that just failed was number `attempts`: the next try, or null to give up. */
export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}

export type CompletionOutcome = 'done' | 'retry' | 'failed' | 'lost';

class DeadlineExceeded extends Error {}

/**
 * Runs the event's processor against its deadline; a throw, or no outcome in time, becomes a retry (or, after the
 * last attempt, a failure). A processor past its deadline is not waited for: it ends by its own clients' limits,
 * and whatever it still writes is keyed (processors are idempotent), so the retry adds nothing twice.
 */
async function runProcessor(db: Database, event: WebhookEvent, options: RunOptions): Promise<Completion & { rateLimited: boolean }> {
  const deadlineMs = options.eventDeadlineMs ?? EVENT_DEADLINE_MS;
  let timer: NodeJS.Timeout | undefined;
  let abandoned = false;
  let rateLimited = false;
  // Every instance must stop claiming the account, not only this one: the pause goes to the database too, and is
  // written before the event's result is (a failed write loses only the other instances' pause; this one's holds).
  const sharedPauses: Array<Promise<void>> = [];
  const onRateLimited = (retryAfterMs: number | undefined) => {
    rateLimited = true;
    options.limits?.rateLimited(event.accountId, retryAfterMs, Date.now());
    sharedPauses.push(
      pauseAccountClaims(db, event.accountId, pauseAfter429(retryAfterMs)).catch((error: unknown) => {
        log.warn('account pause after a 429 not shared with other instances', { accountId: event.accountId, error: error instanceof Error ? error.message : String(error) });
      }),
    );
  };
  try {
    const work = findProcessor(options.registry, event.gateway, event.type)(event, { now: options.now(), onRateLimited });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned = true;
        reject(new DeadlineExceeded(`processing took longer than ${deadlineMs / 1000} s; stopped waiting`));
      }, deadlineMs);
    });
    // A late failure of a processor left behind at its deadline is only logged.
    work.catch((error: unknown) => {
      if (abandoned) log.warn('webhook processor failed after its deadline', { eventId: event.id, error: error instanceof Error ? error.message : String(error) });
    });
    const outcome = await Promise.race([work, deadline]);
    return { id: event.id, attempts: event.attempts, status: outcome.status, result: outcome.result, lastError: null, processedAt: options.now(), nextAttemptAt: null, rateLimited };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    if (error instanceof RateLimitedError) {
      // Not the event's fault: back in the queue once the account's pause is over, without using up a retry.
      onRateLimited(error.retryAfterMs);
      const pausedForMs = (options.limits?.pausedUntil(event.accountId) ?? 0) - Date.now();
      const delay = Math.min(MAX_RATE_LIMITED_DELAY_MS, Math.max(MIN_RATE_LIMITED_DELAY_MS, error.retryAfterMs ?? 0, pausedForMs));
      log.warn('webhook processing rate limited by the gateway, will retry', { eventId: event.id, accountId: event.accountId, delayMs: delay });
      const nextAttemptAt = new Date(options.now().getTime() + delay);
      return { id: event.id, attempts: event.attempts, status: 'pending', result: event.result, lastError: message, processedAt: null, nextAttemptAt, uncounted: true, rateLimited };
    }
    const next = nextAttemptAfterFailure(event.attempts, options.now());
    log.warn(next ? 'webhook processing failed, will retry' : 'webhook processing failed for good', {
      eventId: event.id,
      attempts: event.attempts,
      error: message,
      ...(error instanceof DeadlineExceeded ? { deadlineMs } : {}),
    });
    return next
      ? { id: event.id, attempts: event.attempts, status: 'pending', result: event.result, lastError: message, processedAt: null, nextAttemptAt: next, rateLimited }
      : { id: event.id, attempts: event.attempts, status: 'failed', result: event.result, lastError: message, processedAt: options.now(), nextAttemptAt: null, rateLimited };
  } finally {
    clearTimeout(timer);
    await Promise.all(sharedPauses);
  }
}

function outcomeOf(completion: Completion, recorded: Set<string>): CompletionOutcome {
  if (!recorded.has(completion.id)) return 'lost';
  if (completion.status === 'pending') return 'retry';
  return completion.status === 'failed' ? 'failed' : 'done';
}

/** Runs one claimed event's processor and records its outcome at once, fenced on the claim (see recordCompletions). */
export async function processClaimedEvent(db: Database, event: WebhookEvent, options: RunOptions): Promise<CompletionOutcome> {
  return (await processAndRecord(db, event, options)).outcome;
}

async function processAndRecord(db: Database, event: WebhookEvent, options: RunOptions): Promise<{ outcome: CompletionOutcome; rateLimited: boolean }> {
  const { rateLimited, ...completion } = await runProcessor(db, event, options);
  return { outcome: outcomeOf(completion, await recordCompletions(db, [completion])), rateLimited };
}

/**
 * Claims one batch and processes it event by event, each result written as soon as it is known; returns how many
 * events it claimed. Every event after the first gets a fresh lease before it starts (only if the claim is still
 * this worker's: one whose lease ran out while an earlier event took long may have been taken over, and is skipped).
 */
export async function runWorkerOnce(options: WorkerOptions = {}): Promise<number> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? systemClock;
  const registry = options.registry ?? processorRegistry;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const run: RunOptions = { now, registry, ...(options.eventDeadlineMs === undefined ? {} : { eventDeadlineMs: options.eventDeadlineMs }) };
  const events = await claimDueEvents(db, { now: now(), limit: options.batchSize ?? BATCH_SIZE, leaseMs });
  const lost: string[] = [];
  for (const [index, event] of events.entries()) {
    if (index > 0 && !(await extendClaim(db, event, new Date(now().getTime() + leaseMs)))) {
      lost.push(event.id);
      continue;
    }
    if ((await processClaimedEvent(db, event, run)) === 'lost') lost.push(event.id);
  }
  if (lost.length > 0) log.warn('webhook results dropped: another worker took the events over (this one\'s lease had run out)', { events: lost });
  return events.length;
}

export type DrainOptions = Omit<WorkerOptions, 'batchSize'> & {
  /** Events worked on at once (default WEBHOOK_WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Events of one account in flight at once, in all instances together (default WEBHOOK_ACCOUNT_CONCURRENCY); ignored when `limits` is given. */
  perAccount?: number;
  /** The per-account limits to share (default: this process's, see processLimits). */
  limits?: AccountLimits;
};

// This process's per-account limits, shared by every drain, so an account slowed by a 429 stays slowed across passes.
const limitsHolder = globalThis as typeof globalThis & { __webhookAccountLimits?: AccountLimits };

function processLimits(): AccountLimits {
  return (limitsHolder.__webhookAccountLimits ??= new AccountLimits(getEnv().WEBHOOK_ACCOUNT_CONCURRENCY));
}

/** How long a drain that is already working gathers kicks before claiming again (a few ms of latency, far fewer claims). */
export const KICK_COALESCE_MS = 20;

/** Real time an event may wait (same resource in flight) before it needs a fresh lease to run its full deadline. */
const leaseNeeded = (deadlineMs: number) => deadlineMs + RECORD_MARGIN_MS;

/**
 * Processes the queue until nothing is due: up to `concurrency` events at once, at most the account limit of each
 * account, claimed fairly across accounts whenever a slot is free (see "Working side by side" above); each result
 * is written as soon as it is known, fenced on its claim. Returns how many events it claimed.
 */
export async function drainWebhookQueue(options: DrainOptions = {}): Promise<number> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? systemClock;
  const registry = options.registry ?? processorRegistry;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const concurrency = Math.max(1, options.concurrency ?? getEnv().WEBHOOK_WORKER_CONCURRENCY);
  const limits = options.limits ?? (options.perAccount === undefined ? processLimits() : new AccountLimits(options.perAccount));
  const deadlineMs = options.eventDeadlineMs ?? EVENT_DEADLINE_MS;
  const run: RunOptions = { now, registry, limits, ...(options.eventDeadlineMs === undefined ? {} : { eventDeadlineMs: options.eventDeadlineMs }) };
  const inFlight = new Set<Promise<void>>();
  // The last event started per resource (account + resource id): a later one about the same resource waits for it.
  const byResource = new Map<string, Promise<void>>();
  const lost: string[] = [];
  let total = 0;

  const start = (event: WebhookEvent) => {
    limits.started(event.accountId);
    const key = event.resourceId === null ? null : `${event.accountId}:${event.resourceId}`;
    const before = key === null ? undefined : byResource.get(key);
    const task = (async () => {
      let rateLimited = false;
      try {
        if (before) {
          await before;
          // It waited: make sure its claim still lasts the whole deadline (fenced: skipped if taken over meanwhile).
          if (event.nextAttemptAt.getTime() - now().getTime() < leaseNeeded(deadlineMs) && !(await extendClaim(db, event, new Date(now().getTime() + leaseMs)))) {
            lost.push(event.id);
            return;
          }
        }
        const done = await processAndRecord(db, event, run);
        rateLimited = done.rateLimited;
        if (done.outcome === 'lost') lost.push(event.id);
      } catch (error) {
        // Recording the result failed (the database): the claim's lease runs out and the event is taken again.
        log.warn('webhook result not recorded; the event will be taken again after its lease', { eventId: event.id, error: error instanceof Error ? error.message : String(error) });
      } finally {
        limits.finished(event.accountId, rateLimited, Date.now());
      }
    })();
    const settled = task.finally(() => {
      inFlight.delete(settled);
      if (key !== null && byResource.get(key) === settled) byResource.delete(key);
    });
    inFlight.add(settled);
    if (key !== null) byResource.set(key, settled);
  };

  try {
    for (;;) {
      const free = concurrency - inFlight.size;
      if (free > 0) {
        // Listening before the claim: a notification stored while it runs still wakes the wait below.
        const kick = nextKick();
        try {
          const runningAtClaim = inFlight.size;
          const events = await claimDueEventsFairly(db, { now: now(), limit: free, leaseMs, perAccount: limits.maxPerAccount, caps: limits.caps(Date.now()) });
          for (const event of events) start(event);
          total += events.length;
          // Everything this process may take now was claimed: wait for a slot to free up, or for a new notification
          // (a kick), before asking again. With nothing of its own running it ends the pass, also when other instances
          // hold an account's whole limit: they claim more of it as theirs end, and this one's next kick or tick looks
          // again. But only if nothing of its own ran during the claim: the claim was capped by what was running when
          // it began (a busy account at its limit got nothing), and if all of that finished meanwhile, the account's
          // backlog is due with no one working on it: claim again, now uncapped (under load this lost 48 of 51).
          if (events.length < free) {
            if (inFlight.size === 0) {
              if (runningAtClaim === 0) break;
              continue;
            }
            let kicked = false;
            await Promise.race([...inFlight, kick.kicked.then(() => void (kicked = true))]);
            // Woken by a new notification while others run: gather the next few arrivals (or a free slot) into one
            // claim. In a burst the route kicks ~100 times a second, and while the busy account is at its limit each
            // claim would find nothing (with free slots to waste, the bench's app CPU per notification was 11.9 ms
            // against 9.3 ms without).
            if (kicked) await Promise.race([...inFlight, sleep(KICK_COALESCE_MS)]);
          }
        } finally {
          kick.cancel();
        }
        continue;
      }
      await Promise.race(inFlight);
    }
  } finally {
    // A claim that failed (the database) ends the pass, but never abandons what was started.
    await Promise.all(inFlight);
    if (lost.length > 0) log.warn('webhook results dropped: another worker took the events over (this one\'s lease had run out)', { events: lost });
  }
  return total;
}

// One drain at a time per process: a burst of notifications asks for many kicks, and they coalesce into the
// running drain plus one more pass (another process's worker may run at the same time; SKIP LOCKED keeps them apart).
// A kick also wakes a drain that is waiting for its running events (`waiters`): a new notification is claimed at once.
type KickState = { running: Promise<void> | null; again: boolean; loop: NodeJS.Timeout | null; waiters: Set<() => void> };
const holder = globalThis as typeof globalThis & { __webhookWorker?: KickState };
const state = (holder.__webhookWorker ??= { running: null, again: false, loop: null, waiters: new Set() });
state.waiters ??= new Set();

/** Resolves at the next kick; `cancel` when no longer waiting, so waits that ended leave nothing behind. */
function nextKick(): { kicked: Promise<void>; cancel: () => void } {
  let resolve: () => void = () => {};
  const kicked = new Promise<void>((done) => (resolve = done));
  state.waiters.add(resolve);
  return { kicked, cancel: () => state.waiters.delete(resolve) };
}

function wakeDrains(): void {
  for (const wake of state.waiters) wake();
  state.waiters.clear();
}

/**
 * After a notification was stored: when this process runs the worker loop, drain now rather than at the next tick
 * (joining a running drain costs a flag). A process without the loop (tests, WEBHOOK_WORKER_INTERVAL_MS=0) only
 * stores, and leaves processing to the processes that run it.
 */
export function processStoredSoon(): void {
  if (state.loop) void kickWebhookWorker();
}

/**
 * Asks this process's worker to drain the queue now; resolves when the drain it joined is over. Never rejects.
 * With WEBHOOK_WORKER_INTERVAL_MS=0 this process only stores notifications and leaves processing to others.
 */
export function kickWebhookWorker(): Promise<void> {
  if (getEnv().WEBHOOK_WORKER_INTERVAL_MS === 0) return Promise.resolve();
  if (state.running) {
    state.again = true;
    wakeDrains();
    return state.running;
  }
  state.running = (async () => {
    try {
      do {
        state.again = false;
        await drainWebhookQueue();
      } while (state.again);
    } catch (error) {
      // The loop tries again on its next tick.
      log.warn('webhook worker pass failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      state.running = null;
    }
  })();
  return state.running;
}

/** Starts the in-process loop (once per process); intervalMs 0 leaves it off (and kicks do nothing, see above). */
export function startWebhookWorker(intervalMs: number): void {
  if (intervalMs <= 0 || state.loop) return;
  state.loop = setInterval(() => void kickWebhookWorker(), intervalMs);
  state.loop.unref();
  void kickWebhookWorker();
  log.info('webhook worker started', { intervalMs });
}

export function stopWebhookWorker(): void {
  if (state.loop) clearInterval(state.loop);
  state.loop = null;
}
