// The scheduled jobs: the 30-day rule for Secure and Pay (seed SP7), email retries, and alerts for notifications
// failing verification. Each run holds a PostgreSQL transaction-scoped advisory lock for its job, so with several
// app instances on one database exactly one runs a job at a time; the others skip that tick. Every job reads and
// writes through the locked transaction only, and takes its time from `now`, so tests move days without waiting.
import 'server-only';
import { and, eq, gte, sql } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { cancelForNonPayment, listSubscriptionsToCancel, readApiSecret } from '@/db/queries/past-due';
import { gatewayAccounts, webhookRejections } from '@/db/schema';
import { notifyCredentialsRejected, notifySubscriptionCancelled, notifyVerificationFailing } from '@/lib/alerts/notify';
import { sendDueEmails } from '@/lib/email/outbox';
import { getEnv } from '@/lib/env';
import { cancelSubscription } from '@/lib/gateways/secureandpay/api';
import { log } from '@/lib/server/log';

export type JobContext = {
  now: Date;
  /** Secure and Pay's cancel call; tests wrap it to count calls. */
  cancelSubscription?: typeof cancelSubscription;
};

type Job = { lockId: number; run: (db: Database, context: JobContext) => Promise<Record<string, number>> };

/** Cancels Secure and Pay subscriptions past due for 30 days or more: at the gateway first, then in our records. */
async function cancelUnpaidSubscriptions(db: Database, context: JobContext): Promise<Record<string, number>> {
  const cancel = context.cancelSubscription ?? cancelSubscription;
  const counts = { cancelled: 0, failed: 0 };
  for (const subscription of await listSubscriptionsToCancel(db, context.now)) {
    const [account] = await db.select().from(gatewayAccounts).where(eq(gatewayAccounts.id, subscription.accountId)).limit(1);
    const apiSecret = account?.externalAccountId ? await readApiSecret(db, account.id) : undefined;
    let gatewayUpdatedAt: Date | null = null;
    if (account?.externalAccountId && apiSecret) {
      const answer = await cancel(
        { baseUrl: getEnv().SECUREANDPAY_API_URL, siteId: account.externalAccountId, apiSecret },
        subscription.gatewaySubscriptionId,
        'non_payment',
      );
      if (!answer.ok && answer.reason !== 'not_found') {
        // Not cancelled at the gateway: our records stay as they are and the next tick tries again.
        if (answer.reason === 'unauthorized') await notifyCredentialsRejected(db, account, context.now);
        log.warn('30-day cancellation not accepted by Secure and Pay, will retry', { subscriptionId: subscription.id, reason: answer.reason });
        counts.failed++;
        continue;
      }
      if (answer.ok) gatewayUpdatedAt = new Date(answer.subscription.updated);
    }
    // A disconnected account (no API secret) or a subscription Secure and Pay no longer has: nothing to cancel
    // there, and it must not stay past due here for ever.
    if (await cancelForNonPayment(db, subscription.id, gatewayUpdatedAt, context.now)) {
      await notifySubscriptionCancelled(db, subscription.id, context.now);
      counts.cancelled++;
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

/** Lock ids are fixed numbers (any bigint); they only need to differ from each other and from the migration lock. */
export const JOBS = {
  'cancel-unpaid-subscriptions': { lockId: 726_101, run: cancelUnpaidSubscriptions },
  'send-emails': { lockId: 726_102, run: retryEmails },
  'verification-alerts': { lockId: 726_103, run: alertFailingVerification },
} satisfies Record<string, Job>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

export type JobRun = { job: JobName; ran: boolean; result?: Record<string, number> };

/** Runs one job if no other instance is running it right now (`ran: false` then). */
export async function runJob(name: JobName, context: JobContext, db?: Database): Promise<JobRun> {
  const database = db ?? (await getDb());
  const job: Job = JOBS[name];
  return database.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${job.lockId}) as locked`));
    if (!lock?.locked) return { job: name, ran: false };
    return { job: name, ran: true, result: await job.run(tx, context) };
  });
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

