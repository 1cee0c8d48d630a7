// The past-due countdown of gateways that do not retry (catalog failures.pastDue; Secure and Pay, SP7): a failed
// charge starts a window in our records; a successful payment inside it ends the window; the scheduler cancels
// what is left. The window and the reason are the gateway's, passed in.
import 'server-only';
import { and, eq, isNotNull, isNull, lte, ne } from 'drizzle-orm';
import type { Database } from '@/db';
import type { GatewayId } from '@/core/gateway-ids';
import { gatewayAccounts, statusHistory, subscriptions } from '@/db/schema';
import { hitRateLimit } from './rate-limits';

const DAY_MS = 86_400_000;

/**
 * A charge failed at `failedAt`: the subscription, now past due at the gateway, counts from then. Only the first
 * failure starts the window (a later failure while still past due does not push the deadline back), and only a
 * subscription we hold as past due (an older failure processed after a newer success changes nothing).
 */
export async function startPastDue(db: Database, subscriptionId: string, failedAt: Date): Promise<boolean> {
  const updated = await db
    .update(subscriptions)
    .set({ pastDueSince: failedAt, updatedAt: new Date() })
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.status, 'past_due'), isNull(subscriptions.pastDueSince)))
    .returning({ id: subscriptions.id });
  return updated.length > 0;
}

/** Paid again (the gateway reports it active): the countdown stops. */
export async function endPastDue(db: Database, subscriptionId: string): Promise<boolean> {
  const updated = await db
    .update(subscriptions)
    .set({ pastDueSince: null, updatedAt: new Date() })
    .where(and(eq(subscriptions.id, subscriptionId), ne(subscriptions.status, 'past_due'), ne(subscriptions.status, 'cancelled'), isNotNull(subscriptions.pastDueSince)))
    .returning({ id: subscriptions.id });
  return updated.length > 0;
}

/** Day N after the failure cancels (day N−1 does not): past due since `now - N days` or earlier. */
export function nonPaymentCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** This gateway's subscriptions past due for `days` or more, with the account they belong to. */
export async function listSubscriptionsToCancel(db: Database, gateway: GatewayId, days: number, now: Date, limit = 50) {
  return db
    .select({ subscription: subscriptions, account: gatewayAccounts })
    .from(subscriptions)
    .innerJoin(gatewayAccounts, eq(subscriptions.accountId, gatewayAccounts.id))
    .where(
      and(
        eq(subscriptions.gateway, gateway),
        eq(subscriptions.status, 'past_due'),
        isNotNull(subscriptions.pastDueSince),
        lte(subscriptions.pastDueSince, nonPaymentCutoff(now, days)),
      ),
    )
    .orderBy(subscriptions.pastDueSince)
    .limit(limit);
}

export type SubscriptionToCancel = Awaited<ReturnType<typeof listSubscriptionsToCancel>>[number];

/**
 * Claims up to `limit` of this gateway's subscriptions due for cancellation (in the scheduler's locked transaction):
 * each is leased for `leaseMs` to the caller, who asks the gateway after the commit. Subscriptions have no lease
 * column, so the lease is a counter of the shared rate-limit table (`scheduler:cancel-unpaid:<id>`, one attempt per
 * lease across instances; it expires by itself, and the retention job purges it): another instance's tick within
 * the lease skips the subscription instead of asking the gateway a second time.
 */
export async function claimSubscriptionsToCancel(
  db: Database,
  gateway: GatewayId,
  days: number,
  now: Date,
  options: { limit: number; leaseMs: number },
): Promise<SubscriptionToCancel[]> {
  const claimed: SubscriptionToCancel[] = [];
  // Listed a few more than the limit, so subscriptions another instance is still working on do not fill the batch.
  for (const row of await listSubscriptionsToCancel(db, gateway, days, now, options.limit * 2)) {
    if (claimed.length === options.limit) break;
    const hit = await hitRateLimit(`scheduler:cancel-unpaid:${row.subscription.id}`, options.leaseMs, now, db);
    if (hit.points === 1) claimed.push(row);
  }
  return claimed;
}

/** In our records: cancelled for non-payment, with its history entry; false when it was no longer past due. */
export async function cancelForNonPayment(db: Database, subscriptionId: string, reason: string, gatewayUpdatedAt: Date | null, now: Date): Promise<boolean> {
  const updated = await db
    .update(subscriptions)
    .set({ status: 'cancelled', cancelReason: reason, updatedAt: now, ...(gatewayUpdatedAt ? { gatewayUpdatedAt } : {}) })
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.status, 'past_due')))
    .returning({ id: subscriptions.id });
  if (updated.length === 0) return false;
  await db
    .insert(statusHistory)
    .values({ entityType: 'subscription', entityId: subscriptionId, fromStatus: 'past_due', toStatus: 'cancelled', at: now })
    .onConflictDoNothing();
  return true;
}
