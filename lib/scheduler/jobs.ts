// The scheduled jobs: the past-due rule of gateways that do not retry (Secure and Pay, SP7), email retries, alerts
// for notifications failing verification and for gateways gone silent after checkouts (gateway health),
// reconciliation of orders awaiting payment, and retention. Each run takes a
// PostgreSQL transaction-scoped advisory lock for its job (and, from the in-process scheduler, a per-tick turn: see
// tryTurn), so with several app instances on one database one instance claims a job's work per tick and the others
// skip it. No job calls out (a gateway, SMTP) inside that transaction: `claim` only takes (leases) what this run will
// work on, and commits; the work runs after the commit, with no transaction open, and records each result as it goes.
// The leases keep the other instances off what a run took until it is done (or, if its instance died, until they
// run out). Every job takes its time from `now`, so tests move days without waiting.
import 'server-only';
import { and, eq, gte, sql } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { cancelForNonPayment, claimSubscriptionsToCancel } from '@/db/queries/past-due';
import { hitRateLimit } from '@/db/queries/rate-limits';
import { listSilentAccounts } from '@/db/queries/gateway-health';
import { claimDueOrders } from '@/db/queries/reconciliation';
import { gatewayAccounts, rateLimits, webhookRejections, type OutboxEmail } from '@/db/schema';
import { notifyCredentialsRejected, notifyNotificationsSilent, notifySubscriptionCancelled, notifyVerificationFailing } from '@/lib/alerts/notify';
import { EMAIL_SENDING } from '@/lib/email/limits';
import { claimDueEmails, sendClaimedEmails, type SendSummary } from '@/lib/email/outbox';
import { currentEmailSender } from '@/lib/email/transport';
import type { AccountAccess, CancelAtGateway } from '@/lib/gateways/adapter-types';
import { accountAccess, listGateways } from '@/lib/gateways/adapters';
import { expectsNotifications, GATEWAY_HEALTH } from '@/lib/gateways/health';
import { runScheduledChecks } from '@/lib/reconciliation/reconcile';
import { RECONCILIATION_BATCH, RECONCILIATION_LEASE_MS } from '@/lib/reconciliation/schedule';
import { log } from '@/lib/server/log';
import { PURGE_EVERY_MS, purgeOldData } from './retention';
import { rowsOf } from '@/db/rows';

type CancelUnpaid = (access: AccountAccess, gatewaySubscriptionId: string) => Promise<CancelAtGateway>;

export type JobContext = {
  now: Date;
  /**
   * The in-process scheduler's tick (SCHEDULER_INTERVAL_MS): at most one instance runs the job per slot of this length
   * of the clock (see tryTurn). Unset (POST /api/cron/<job>, tests): the lock alone decides.
   */
  oncePerMs?: number;
  /** Wraps each gateway's cancellation call; tests use it to count calls. */
  aroundCancel?: (cancel: CancelUnpaid, access: AccountAccess, gatewaySubscriptionId: string) => Promise<CancelAtGateway>;
};

type Work = () => Promise<Record<string, number>>;

/**
 * `claim` runs in the job's locked transaction (`tx`) and only reads and leases; the work it returns runs after the
 * transaction has committed, with the plain database (`db`).
 */
type Job = { lockId: number; claim: (tx: Database, context: JobContext, db: Database) => Promise<Work> };

/**
 * The 30-day rule's numbers. One subscription's work: the gateway's cancel call (Secure and Pay: 10 s at most,
 * SECUREANDPAY_TIMEOUT_MS), then the cancellation's alert with two emails (15 s each at most, lib/email/limits.ts):
 * 40 s at worst. batch = 5 per gateway and tick: 5 × 40 s = 200 s at worst, inside the lease of 5 min, so no
 * other instance asks the gateway about a subscription this run still means to cancel.
 */
export const PAST_DUE_CANCELLATION = { batch: 5, leaseMs: 5 * 60_000 } as const;

type ClaimedCancellation = Awaited<ReturnType<typeof claimSubscriptionsToCancel>>[number] & { cancelReason: string; cancel: CancelUnpaid | null };

/** Leases the subscriptions past due for their gateway's window (a few per gateway and tick). */
async function claimUnpaidSubscriptions(tx: Database, context: JobContext, db: Database): Promise<Work> {
  const claimed: ClaimedCancellation[] = [];
  for (const adapter of listGateways()) {
    const policy = adapter.catalog.failures.pastDue;
    if (!policy) continue;
    const rows = await claimSubscriptionsToCancel(tx, adapter.catalog.id, policy.cancelAfterDays, context.now, {
      limit: PAST_DUE_CANCELLATION.batch,
      leaseMs: PAST_DUE_CANCELLATION.leaseMs,
    });
    claimed.push(...rows.map((row) => ({ ...row, cancelReason: policy.cancelReason, cancel: adapter.cancelUnpaidSubscription })));
  }
  return () => cancelUnpaidSubscriptions(db, claimed, context);
}

/** Cancels each claimed subscription at the gateway first, then in our records (after the claim committed). */
async function cancelUnpaidSubscriptions(db: Database, claimed: ClaimedCancellation[], context: JobContext): Promise<Record<string, number>> {
  const counts = { cancelled: 0, failed: 0 };
  for (const { subscription, account, cancelReason, cancel } of claimed) {
    let gatewayUpdatedAt: Date | null = null;
    if (cancel && account.externalAccountId) {
      const access = accountAccess(account, { db });
      const answer = context.aroundCancel
        ? await context.aroundCancel(cancel, access, subscription.gatewaySubscriptionId)
        : await cancel(access, subscription.gatewaySubscriptionId);
      if (!answer.ok && answer.reason !== 'not_found' && answer.reason !== 'no_credentials') {
        // Not cancelled at the gateway: our records stay as they are and a tick after the lease tries again.
        if (answer.reason === 'unauthorized') await notifyCredentialsRejected(db, account, context.now);
        log.warn('past-due cancellation not accepted by the gateway, will retry', { subscriptionId: subscription.id, reason: answer.reason });
        counts.failed++;
        continue;
      }
      if (answer.ok) gatewayUpdatedAt = answer.gatewayUpdatedAt;
    }
    // No credentials to cancel with, or a subscription the gateway no longer has (404): nothing to cancel there,
    // and it must not stay past due here for ever.
    if (await cancelForNonPayment(db, subscription.id, cancelReason, gatewayUpdatedAt, context.now)) {
      await notifySubscriptionCancelled(db, subscription.id, context.now);
      counts.cancelled++;
    }
  }
  return counts;
}

/**
 * Email retries: the first batch is claimed in the locked transaction; after the commit it is sent, and further
 * batches are claimed and sent while the job's time budget lasts (EMAIL_SENDING in lib/email/limits.ts).
 */
async function claimEmails(tx: Database, context: JobContext, db: Database): Promise<Work> {
  if (!currentEmailSender()) return async () => ({ sent: 0, retrying: 0, failed: 0 });
  const first = await claimDueEmails(tx, context.now);
  return () => sendEmailBatches(db, first, context.now);
}

async function sendEmailBatches(db: Database, first: OutboxEmail[], now: Date): Promise<SendSummary> {
  const started = performance.now();
  const at = () => new Date(now.getTime() + (performance.now() - started));
  const summary: SendSummary = { sent: 0, retrying: 0, failed: 0 };
  let batch = first;
  for (;;) {
    const sent = await sendClaimedEmails(db, batch, at());
    summary.sent += sent.sent;
    summary.retrying += sent.retrying;
    summary.failed += sent.failed;
    if (batch.length < EMAIL_SENDING.batchSize || performance.now() - started >= EMAIL_SENDING.jobBudgetMs) return summary;
    batch = await claimDueEmails(db, at());
  }
}

/** One alert per account, reason and day when requests to a webhook URL fail verification (README "Webhooks"). */
async function claimFailingVerification(tx: Database, context: JobContext, db: Database): Promise<Work> {
  const startOfDay = new Date(Date.UTC(context.now.getUTCFullYear(), context.now.getUTCMonth(), context.now.getUTCDate()));
  const rows = await tx
    .select({
      accountId: webhookRejections.accountId,
      reason: webhookRejections.reason,
      count: webhookRejections.count,
      merchantId: gatewayAccounts.merchantId,
      gateway: gatewayAccounts.gateway,
    })
    .from(webhookRejections)
    .innerJoin(gatewayAccounts, eq(webhookRejections.accountId, gatewayAccounts.id))
    .where(and(gte(webhookRejections.lastAt, startOfDay), sql`${gatewayAccounts.status} <> 'disconnected'`));
  // The alerts are keyed (account, reason, day): an instance running this right after another raises nothing twice.
  return async () => {
    let raised = 0;
    for (const row of rows) if (await notifyVerificationFailing(db, row, context.now)) raised++;
    return { raised };
  };
}

/**
 * Reconciliation (issue 12, lib/reconciliation/): orders whose next check is due, a small batch per tick, asked about
 * at their gateway once the claim has committed; each then moves to its next round or leaves the schedule.
 */
async function claimOrdersToReconcile(tx: Database, context: JobContext): Promise<Work> {
  const batch = await claimDueOrders(tx, { now: context.now, limit: RECONCILIATION_BATCH, leaseMs: RECONCILIATION_LEASE_MS });
  return () => runScheduledChecks(batch, context.now);
}

/**
 * Retention (lib/scheduler/retention.ts): at most once per PURGE_EVERY_MS across instances (a counter of the shared
 * rate-limit table, taken in the locked transaction); the batched deletes run after the commit.
 */
async function claimPurge(tx: Database, context: JobContext, db: Database): Promise<Work> {
  const turn = await hitRateLimit('scheduler:purge-old-data', PURGE_EVERY_MS, context.now, tx);
  if (turn.points > 1) return async () => ({ skipped: 1 });
  return () => purgeOldData(db, context.now);
}

/** At most this many silent accounts are alerted per run; the rest on the next tick. */
export const SILENCE_ALERTS_BATCH = 200;

/**
 * Gateway health's silence (issue 15, lib/gateways/health.ts): connected accounts whose checkouts have gone without any
 * notification for GATEWAY_SILENCE_MS get an alert and an email, once per account and episode (keyed by the first
 * silent checkout). Accounts whose gateway sends nothing in their mode (Mercado Pago test credentials) are skipped.
 */
async function claimSilentAccounts(tx: Database, context: JobContext, db: Database): Promise<Work> {
  const silenceMs = GATEWAY_HEALTH.silenceMs();
  const silent = await listSilentAccounts(
    tx,
    { since: new Date(context.now.getTime() - GATEWAY_HEALTH.windowMs), silentBefore: new Date(context.now.getTime() - silenceMs) },
    SILENCE_ALERTS_BATCH,
  );
  const hours = Math.max(1, Math.round(silenceMs / 3_600_000));
  return async () => {
    let raised = 0;
    for (const account of silent) {
      if (!expectsNotifications(account)) continue;
      if (await notifyNotificationsSilent(db, { ...account, checkouts: account.count, hours }, context.now)) raised++;
    }
    return { silent: silent.length, raised };
  };
}

/** Lock ids are fixed numbers (any bigint); they only need to differ from each other and from the migration lock. */
export const JOBS = {
  'cancel-unpaid-subscriptions': { lockId: 726_101, claim: claimUnpaidSubscriptions },
  'send-emails': { lockId: 726_102, claim: claimEmails },
  'verification-alerts': { lockId: 726_103, claim: claimFailingVerification },
  'reconcile-orders': { lockId: 726_104, claim: claimOrdersToReconcile },
  'purge-old-data': { lockId: 726_105, claim: claimPurge },
  'silence-alerts': { lockId: 726_106, claim: claimSilentAccounts },
} satisfies Record<string, Job>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

export type JobRun = { job: JobName; ran: boolean; result?: Record<string, number> };

/**
 * Whether this run may claim the job's work: the job's transaction-scoped advisory lock is free (no other instance is
 * claiming it right now) and, with `oncePerMs`, no instance has run it yet in the current slot of the clock
 * (`floor(now / oncePerMs)`). The slot is a counter of the shared rate-limit table (`scheduler:tick:<job>`, reset at
 * the slot's end), taken in the same statement as the lock: instances whose ticks fall anywhere in one interval run
 * each job once between them, not once each. The lock id is a constant of ours, written into the SQL.
 */
async function tryTurn(tx: Database, name: JobName, job: Job, context: JobContext): Promise<boolean> {
  const lock = sql.raw(`pg_try_advisory_xact_lock(${Math.trunc(job.lockId)})`);
  if (!context.oncePerMs) return rowsOf<{ locked: boolean }>(await tx.execute(sql`select ${lock} as locked`))[0]?.locked === true;
  const now = context.now.toISOString();
  const slotEnd = new Date((Math.floor(context.now.getTime() / context.oncePerMs) + 1) * context.oncePerMs).toISOString();
  // One line each: a statement's text stays on one line of PostgreSQL's log (the two-instances drill reads it there).
  const reset = sql`${rateLimits.resetAt} <= ${now}::timestamptz`;
  const take = sql`insert into ${rateLimits} (key, points, reset_at) values (${`scheduler:tick:${name}`}, 1, ${slotEnd}::timestamptz) on conflict (key) do update set points = case when ${reset} then 1 else ${rateLimits.points} + 1 end, reset_at = case when ${reset} then excluded.reset_at else ${rateLimits.resetAt} end returning points`;
  const turn = await tx.execute(sql`with turn as (${take}) select case when (select points from turn) = 1 then ${lock} else false end as locked`);
  return rowsOf<{ locked: boolean }>(turn)[0]?.locked === true;
}

/** Runs one job if no other instance is claiming it right now, nor (with `oncePerMs`) ran it this tick (`ran: false` then). */
export async function runJob(name: JobName, context: JobContext, db?: Database): Promise<JobRun> {
  const database = db ?? (await getDb());
  const job: Job = JOBS[name];
  const work = await database.transaction(async (tx): Promise<Work | null> => {
    if (!(await tryTurn(tx, name, job, context))) return null;
    return job.claim(tx, context, database);
  });
  if (!work) return { job: name, ran: false };
  // The transaction (and its lock) is over: the calls out happen now; the claim's leases keep others off.
  return { job: name, ran: true, result: await work() };
}

/** Every job once, in order; one job's failure does not stop the others. */
export async function runAllJobs(context: JobContext): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  for (const name of JOB_NAMES) {
    try {
      runs.push(await runJob(name, context));
    } catch (error) {
      log.error('scheduled job failed', { job: name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return runs;
}

