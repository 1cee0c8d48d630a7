// The past-due countdown of gateways that do not retry (catalog failures.pastDue; Secure and Pay, SP7): a failed
// charge starts a window in our records; a successful payment inside it ends the window; the scheduler cancels
// what is left. The window and the reason are the gateway's, passed in.
import 'server-only';
import { and, eq, isNotNull, isNull, lte, ne } from 'drizzle-orm';
import type { Database } from '@/db';
import type { GatewayId } from '@/core/gateway-ids';
import { gatewayAccounts, statusHistory, subscriptions } from '@/db/schema';
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
