// Retention (the scheduler's `purge-old-data` job): what is kept, and for how long (README "Retention").
//
// - Notification bodies: the raw body and headers of a processed notification are blanked after
//   RETENTION_NOTIFICATION_BODY_DAYS (90); the row stays, with its type, resource, status, result and history links.
// - Notifications: the inbox is partitioned by month (migration 0013); a month that ended more than
//   RETENTION_NOTIFICATION_DAYS (400) ago is dropped whole, in O(1), unless it still holds work for the queue. The same
//   step adds the months ahead (INBOX_MONTHS_AHEAD), so new notifications always have their month's partition.
// - Email bodies: blanked after RETENTION_EMAIL_BODY_DAYS (90) once the email is no longer waiting to be sent; subject,
//   address and status stay.
// - Rate-limit counters whose window has ended, and failed sign-ins older than a day (the limit counts a minute).
// - Stale orders: `pending` or `checkout_created`, no payment or subscription naming them, created more than
//   RETENTION_STALE_ORDER_DAYS (30) ago, are deleted (not marked: they hold a customer's details for a checkout that
//   never happened, and nothing else points at them).
// - Never: payments, refunds, subscriptions, subscription charges, status history, alerts (the ledger).
//
// Every step deletes or blanks at most PURGE_BATCH rows per statement (one short transaction each, skipping rows in
// use), up to PURGE_MAX_BATCHES statements per step and run; what is left waits for the next run.
import 'server-only';
import type { Database } from '@/db';
import { purgeAccountTokens } from '@/db/queries/account-tokens';
import { purgeRateLimits } from '@/db/queries/rate-limits';
import { addInboxMonths, dropInboxMonthsBefore } from '@/db/queries/inbox-partitions';
import { blankEmailBodies, blankNotificationBodies, deleteSignInFailures, deleteStaleOrders } from '@/db/queries/retention';
import { getEnv } from '@/core/env';
import { log } from '@/lib/server/log';

const DAY_MS = 86_400_000;

/** Rows per statement: a few milliseconds of row locks each. */
export const PURGE_BATCH = 500;
/** Statements per step and run: at most 100,000 rows of each kind a run; a bigger backlog takes a few runs. */
export const PURGE_MAX_BATCHES = 200;
/** The job does its work at most once an hour across instances (it scans tables that have no index on age). */
export const PURGE_EVERY_MS = 60 * 60_000;
/** Failed sign-ins are counted over the last minute (lib/auth); a day is plenty. */
export const SIGN_IN_FAILURES_KEEP_MS = DAY_MS;

/** The inbox's months are added this many ahead of the current one (also when the app starts: lib/server/startup.ts). */
export const INBOX_MONTHS_AHEAD = 3;

export type RetentionSettings = { notificationDays: number; notificationBodyDays: number; emailBodyDays: number; staleOrderDays: number };

export function retentionSettings(): RetentionSettings {
  const env = getEnv();
  return {
    notificationDays: env.RETENTION_NOTIFICATION_DAYS,
    notificationBodyDays: env.RETENTION_NOTIFICATION_BODY_DAYS,
    emailBodyDays: env.RETENTION_EMAIL_BODY_DAYS,
    staleOrderDays: env.RETENTION_STALE_ORDER_DAYS,
  };
}

export type PurgeSummary = {
  /** Months of the inbox added ahead (or for notifications that waited in the default partition). */
  inboxMonthsAdded: number;
  /** Months of the inbox dropped whole. */
  inboxMonthsDropped: number;
  notificationBodies: number;
  emailBodies: number;
  rateLimits: number;
  signInFailures: number;
  accountTokens: number;
  staleOrders: number;
};

/**
 * Runs `step` batch after batch until a batch comes back short (nothing more is due) or the run's cap is reached. A
 * step that fails is logged and counts what it did so far: the other steps still run, and the next run tries again.
 */
async function inBatches(name: string, step: (limit: number) => Promise<number>, batch: number, maxBatches: number): Promise<number> {
  let total = 0;
  try {
    for (let round = 0; round < maxBatches; round++) {
      const done = await step(batch);
      total += done;
      if (done < batch) break;
    }
  } catch (error) {
    log.error('retention step failed', { step: name, done: total, error: error instanceof Error ? error.message : String(error) });
  }
  return total;
}

/** One purge, with no transaction open (each statement commits on its own). */
export async function purgeOldData(
  db: Database,
  now: Date,
  settings: RetentionSettings = retentionSettings(),
  options: { batch?: number; maxBatches?: number } = {},
): Promise<PurgeSummary> {
  const batch = options.batch ?? PURGE_BATCH;
  const maxBatches = options.maxBatches ?? PURGE_MAX_BATCHES;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    inboxMonthsAdded: await inBatches('inbox months ahead', async () => (await addInboxMonths(db, now, INBOX_MONTHS_AHEAD)).length, 1, 1),
    inboxMonthsDropped: await inBatches('inbox months past retention', async () => {
      const { dropped, kept } = await dropInboxMonthsBefore(db, daysAgo(settings.notificationDays));
      if (kept.length > 0) log.warn('inbox months past retention kept: they hold notifications still waiting for processing', { months: kept });
      return dropped.length;
    }, 1, 1),
    notificationBodies: await inBatches('notification bodies', (limit) => blankNotificationBodies(db, daysAgo(settings.notificationBodyDays), limit), batch, maxBatches),
    emailBodies: await inBatches('email bodies', (limit) => blankEmailBodies(db, daysAgo(settings.emailBodyDays), limit), batch, maxBatches),
    // Counters are one small row per key and indexed by the end of their window: one statement (the owner's).
    rateLimits: await inBatches('rate limits', () => purgeRateLimits(now, db), 1, 1),
    signInFailures: await inBatches('sign-in failures', (limit) => deleteSignInFailures(db, new Date(now.getTime() - SIGN_IN_FAILURES_KEEP_MS), limit), batch, maxBatches),
    // Password-reset and verification tokens, a day after they expired or were used (the owner's one statement).
    accountTokens: await inBatches('account tokens', () => purgeAccountTokens(daysAgo(1), db), 1, 1),
    staleOrders: await inBatches('stale orders', (limit) => deleteStaleOrders(db, daysAgo(settings.staleOrderDays), limit), batch, maxBatches),
  };
}
