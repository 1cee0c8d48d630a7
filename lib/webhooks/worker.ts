// The queue behind the webhook inbox. Work is claimed with `FOR UPDATE SKIP LOCKED`, so any number of workers (in
// one process or in several app instances) never take the same event; a claim is a short lease (`next_attempt_at`),
// so an event whose worker died is taken again soon after. Each event runs against its own deadline, and its result
// is written as soon as it is known, fenced on the claim. Two things drive the queue: a kick once the route has
// answered a new notification (processStoredSoon), and a loop in the server process that also picks up whatever
// was stored before a crash, left behind by a dead worker, or is due for a retry.
import 'server-only';
import { getDb, type Database } from '@/db';
import type { WebhookEvent } from '@/db/schema';
import { claimDueEvents, extendClaim, recordCompletions, type Completion } from '@/db/queries/webhook-events';
import { getEnv } from '@/core/env';
import { log } from '@/lib/server/log';
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
//   LANES = 2                     claims working side by side in one process, so one slow gateway does not hold the
//                                 queue; SKIP LOCKED keeps them (and other instances) off each other's events.
export const EVENT_DEADLINE_MS = 25_000;
export const RECORD_MARGIN_MS = 10_000;
export const LEASE_MS = EVENT_DEADLINE_MS + RECORD_MARGIN_MS;
export const BATCH_SIZE = Math.floor((LEASE_MS - RECORD_MARGIN_MS) / EVENT_DEADLINE_MS);
export const LANES = 2;

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

type RunOptions = { now: () => Date; registry: ProcessorRegistry; eventDeadlineMs?: number };

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
async function runProcessor(event: WebhookEvent, options: RunOptions): Promise<Completion> {
  const deadlineMs = options.eventDeadlineMs ?? EVENT_DEADLINE_MS;
  let timer: NodeJS.Timeout | undefined;
  let abandoned = false;
  try {
    const work = findProcessor(options.registry, event.gateway, event.type)(event, { now: options.now() });
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
    return { id: event.id, attempts: event.attempts, status: outcome.status, result: outcome.result, lastError: null, processedAt: options.now(), nextAttemptAt: null };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const next = nextAttemptAfterFailure(event.attempts, options.now());
    log.warn(next ? 'webhook processing failed, will retry' : 'webhook processing failed for good', {
      eventId: event.id,
      attempts: event.attempts,
      error: message,
      ...(error instanceof DeadlineExceeded ? { deadlineMs } : {}),
    });
    return next
      ? { id: event.id, attempts: event.attempts, status: 'pending', result: event.result, lastError: message, processedAt: null, nextAttemptAt: next }
      : { id: event.id, attempts: event.attempts, status: 'failed', result: event.result, lastError: message, processedAt: options.now(), nextAttemptAt: null };
  } finally {
    clearTimeout(timer);
  }
}

function outcomeOf(completion: Completion, recorded: Set<string>): CompletionOutcome {
  if (!recorded.has(completion.id)) return 'lost';
  if (completion.status === 'pending') return 'retry';
  return completion.status === 'failed' ? 'failed' : 'done';
}

/** Runs one claimed event's processor and records its outcome at once, fenced on the claim (see recordCompletions). */
export async function processClaimedEvent(db: Database, event: WebhookEvent, options: RunOptions): Promise<CompletionOutcome> {
  const completion = await runProcessor(event, options);
  return outcomeOf(completion, await recordCompletions(db, [completion]));
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

/**
 * Processes the queue with `lanes` claims side by side until none is due (or `maxBatches` claims were made); returns
 * how many events it claimed.
 */
export async function drainWebhookQueue(options: WorkerOptions & { maxBatches?: number; lanes?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  let batches = 0;
  let total = 0;
  const lane = async () => {
    while (batches < maxBatches) {
      batches++;
      const claimed = await runWorkerOnce({ ...options, batchSize });
      total += claimed;
      if (claimed < batchSize) return;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.lanes ?? LANES) }, lane));
  return total;
}

// One drain at a time per process: a burst of notifications asks for many kicks, and they coalesce into the
// running drain plus one more pass (another process's worker may run at the same time; SKIP LOCKED keeps them apart).
type KickState = { running: Promise<void> | null; again: boolean; loop: NodeJS.Timeout | null };
const holder = globalThis as typeof globalThis & { __webhookWorker?: KickState };
const state = (holder.__webhookWorker ??= { running: null, again: false, loop: null });

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
