// The queue behind the webhook inbox. Work is claimed with `FOR UPDATE SKIP LOCKED`, so any number of workers (in
// one process or in several app instances) never take the same event; a claim is a lease (`next_attempt_at`), so
// an event whose worker died is taken again once the lease runs out. Two things drive it: a kick once the route has
// answered a new notification (processStoredSoon), and a loop in the server process that also picks up whatever
// was stored before a crash or is due for a retry.
import 'server-only';
import { getDb, type Database } from '@/db';
import type { WebhookEvent } from '@/db/schema';
import { claimDueEvents, recordCompletions, type Completion } from '@/db/queries/webhook-events';
import { getEnv } from '@/core/env';
import { log } from '@/lib/server/log';
import { findProcessor, processorRegistry, type ProcessorRegistry } from './processors';

export { claimDueEvents };

/** Waits before attempts 2…6; after the 6th failed attempt the event is marked failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000, 12 * 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** How long a claimed event stays with its worker before another may take it. Processors finish well within it. */
export const LEASE_MS = 5 * 60_000;
export const BATCH_SIZE = 50;
/** `last_error` is for people; a stack trace of any length is not. */
const MAX_ERROR_LENGTH = 1000;

export type WorkerOptions = {
  db?: Database;
  /** The clock: tests move it forward to make retries and leases due. */
  now?: () => Date;
  batchSize?: number;
  leaseMs?: number;
  registry?: ProcessorRegistry;
};

const systemClock = () => new Date();

/** When the attempt that just failed was number `attempts`: the next try, or null to give up. */
export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}

export type CompletionOutcome = 'done' | 'retry' | 'failed' | 'lost';

/** Runs the event's processor; a throw becomes a retry (or, after the last attempt, a failure). */
async function runProcessor(event: WebhookEvent, options: { now: () => Date; registry: ProcessorRegistry }): Promise<Completion> {
  try {
    const outcome = await findProcessor(options.registry, event.gateway, event.type)(event, { now: options.now() });
    return { id: event.id, attempts: event.attempts, status: outcome.status, result: outcome.result, lastError: null, processedAt: options.now(), nextAttemptAt: null };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const next = nextAttemptAfterFailure(event.attempts, options.now());
    log.warn(next ? 'webhook processing failed, will retry' : 'webhook processing failed for good', { eventId: event.id, attempts: event.attempts, error: message });
    return next
      ? { id: event.id, attempts: event.attempts, status: 'pending', result: event.result, lastError: message, processedAt: null, nextAttemptAt: next }
      : { id: event.id, attempts: event.attempts, status: 'failed', result: event.result, lastError: message, processedAt: options.now(), nextAttemptAt: null };
  }
}

function outcomeOf(completion: Completion, recorded: Set<string>): CompletionOutcome {
  if (!recorded.has(completion.id)) return 'lost';
  if (completion.status === 'pending') return 'retry';
  return completion.status === 'failed' ? 'failed' : 'done';
}

/** Runs one claimed event's processor and records the outcome (fenced, see recordCompletions). */
export async function processClaimedEvent(db: Database, event: WebhookEvent, options: { now: () => Date; registry: ProcessorRegistry }): Promise<CompletionOutcome> {
  const completion = await runProcessor(event, options);
  return outcomeOf(completion, await recordCompletions(db, [completion]));
}

/** Claims one batch, processes it, and records the outcomes together; returns how many events it claimed. */
export async function runWorkerOnce(options: WorkerOptions = {}): Promise<number> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? systemClock;
  const registry = options.registry ?? processorRegistry;
  const events = await claimDueEvents(db, { now: now(), limit: options.batchSize ?? BATCH_SIZE, leaseMs: options.leaseMs ?? LEASE_MS });
  const completions: Completion[] = [];
  for (const event of events) completions.push(await runProcessor(event, { now, registry }));
  const recorded = await recordCompletions(db, completions);
  const lost = completions.filter((completion) => !recorded.has(completion.id));
  if (lost.length > 0) log.warn('webhook results dropped: another worker took the events over', { events: lost.map((c) => c.id) });
  return events.length;
}

/** Processes batches until none is due (or `maxBatches` ran); returns how many events it claimed. */
export async function drainWebhookQueue(options: WorkerOptions & { maxBatches?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  let total = 0;
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    const claimed = await runWorkerOnce({ ...options, batchSize });
    total += claimed;
    if (claimed < batchSize) break;
  }
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
