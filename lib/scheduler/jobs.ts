// The scheduled jobs: the past-due rule of gateways that do not retry (Secure and Pay, SP7), email retries, alerts
// for notifications failing verification, and reconciliation of orders awaiting payment. Each run holds a PostgreSQL
// transaction-scoped advisory lock for its job, so with several app instances on one database exactly one runs a job
// at a time; the others skip that tick. Every job reads and writes through the locked transaction only (except a
// claiming job's work, which runs after its claim committed), and takes its time from `now`, so tests move days
// without waiting.
import 'server-only';
import { and, eq, gte, sql } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { cancelForNonPayment, listSubscriptionsToCancel } from '@/db/queries/past-due';
import { claimDueOrders } from '@/db/queries/reconciliation';
import { gatewayAccounts, webhookRejections } from '@/db/schema';
import { notifyCredentialsRejected, notifySubscriptionCancelled, notifyVerificationFailing } from '@/lib/alerts/notify';
import { sendDueEmails } from '@/lib/email/outbox';
import type { AccountAccess, CancelAtGateway } from '@/lib/gateways/adapter-types';
import { accountAccess, listGateways } from '@/lib/gateways/adapters';
import { runScheduledChecks } from '@/lib/reconciliation/reconcile';
import { RECONCILIATION_BATCH, RECONCILIATION_LEASE_MS } from '@/lib/reconciliation/schedule';
import { log } from '@/lib/server/log';

type CancelUnpaid = (access: AccountAccess, gatewaySubscriptionId: string) => Promise<CancelAtGateway>;

export type JobContext = {
  now: Date;
  /** Wraps each gateway's cancellation call; tests use it to count calls. */
  aroundCancel?: (cancel: CancelUnpaid, access: AccountAccess, gatewaySubscriptionId: string) => Promise<CancelAtGateway>;
};

type Job = { lockId: number; run: (db: Database, context: JobContext) => Promise<Record<string, number>> };

/**
 * A job that calls gateways for a batch: `claim` runs in the locked transaction and only takes (leases) the batch;
 * the work it returns runs after the transaction has committed, so no transaction is open during a network call.
 */
type ClaimingJob = { lockId: number; claim: (db: Database, context: JobContext) => Promise<() => Promise<Record<string, number>>> };

/**
 * For each gateway whose catalog has a past-due window: cancels subscriptions past due for that long, at the
 * gateway first, then in our records.
 */
async function cancelUnpaidSubscriptions(db: Database, context: JobContext): Promise<Record<string, number>> {
  const counts = { cancelled: 0, failed: 0 };
  for (const adapter of listGateways()) {
    const policy = adapter.catalog.failures.pastDue;
    if (!policy) continue;
    for (const { subscription, account } of await listSubscriptionsToCancel(db, adapter.catalog.id, policy.cancelAfterDays, context.now)) {
      let gatewayUpdatedAt: Date | null = null;
      const cancel = adapter.cancelUnpaidSubscription;
      if (cancel && account.externalAccountId) {
        // Secrets are read through the job's transaction: the lock's connection (one, on PGlite) is busy with it.
        const access = accountAccess(account, { db });
        const answer = context.aroundCancel
          ? await context.aroundCancel(cancel, access, subscription.gatewaySubscriptionId)
          : await cancel(access, subscription.gatewaySubscriptionId);
        if (!answer.ok && answer.reason !== 'not_found' && answer.reason !== 'no_credentials') {
          // Not cancelled at the gateway: our records stay as they are and the next tick tries again.
          if (answer.reason === 'unauthorized') await notifyCredentialsRejected(db, account, context.now);
          log.warn('past-due cancellation not accepted by the gateway, will retry', { subscriptionId: subscription.id, reason: answer.reason });
          counts.failed++;
          continue;
        }
        if (answer.ok) gatewayUpdatedAt = answer.gatewayUpdatedAt;
      }
      // No credentials to cancel with, or a subscription the gateway no longer has (404): nothing to cancel there,
      // and it must not stay past due here for ever.
      if (await cancelForNonPayment(db, subscription.id, policy.cancelReason, gatewayUpdatedAt, context.now)) {
        await notifySubscriptionCancelled(db, subscription.id, context.now);
        counts.cancelled++;
      }
    }
  }
  return counts;
}

async function retryEmails(db: Database, context: JobContext): Promise<Record<string, number>> {
  return sendDueEmails(db, context.now);
}

/** One alert per account, reason and day when requests to a webhook URL fail verification (README "Webhooks"). */
async function alertFailingVerification(db: Database, context: JobContext): Promise<Record<string, number>> {
  const startOfDay = new Date(Date.UTC(context.now.getUTCFullYear(), context.now.getUTCMonth(), context.now.getUTCDate()));
  const rows = await db
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
  let raised = 0;
  for (const row of rows) if (await notifyVerificationFailing(db, row, context.now)) raised++;
  return { raised };
}

/**
 * Reconciliation (issue 12, lib/reconciliation/): orders whose next check is due, a small batch per tick, asked about
 * at their gateway once the claim has committed; each then moves to its next round or leaves the schedule.
 */
async function claimOrdersToReconcile(db: Database, context: JobContext): Promise<() => Promise<Record<string, number>>> {
  const batch = await claimDueOrders(db, { now: context.now, limit: RECONCILIATION_BATCH, leaseMs: RECONCILIATION_LEASE_MS });
  return () => runScheduledChecks(batch, context.now);
}

/** Lock ids are fixed numbers (any bigint); they only need to differ from each other and from the migration lock. */
export const JOBS = {
  'cancel-unpaid-subscriptions': { lockId: 726_101, run: cancelUnpaidSubscriptions },
  'send-emails': { lockId: 726_102, run: retryEmails },
  'verification-alerts': { lockId: 726_103, run: alertFailingVerification },
  'reconcile-orders': { lockId: 726_104, claim: claimOrdersToReconcile },
} satisfies Record<string, Job | ClaimingJob>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

export type JobRun = { job: JobName; ran: boolean; result?: Record<string, number> };

/** Runs one job if no other instance is running it right now (`ran: false` then). */
export async function runJob(name: JobName, context: JobContext, db?: Database): Promise<JobRun> {
  const database = db ?? (await getDb());
  const job: Job | ClaimingJob = JOBS[name];
  type Locked = { work: () => Promise<Record<string, number>> } | { result: Record<string, number> };
  const locked = await database.transaction(async (tx): Promise<Locked | null> => {
    const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${job.lockId}) as locked`));
    if (!lock?.locked) return null;
    return 'claim' in job ? { work: await job.claim(tx, context) } : { result: await job.run(tx, context) };
  });
  if (!locked) return { job: name, ran: false };
  // A claiming job's gateway calls: the transaction (and its lock) is over; the claim's lease keeps others off.
  return { job: name, ran: true, result: 'work' in locked ? await locked.work() : locked.result };
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

/** postgres.js returns the rows, PGlite an object holding them. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

