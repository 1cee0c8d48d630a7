// Secure and Pay's past-due countdown (seed SP7): no retries by the gateway, so a failed charge starts a 30-day
// window in our records; a successful payment inside it ends the window; the scheduler cancels what is left.
import 'server-only';
import { and, eq, isNotNull, isNull, lte, ne } from 'drizzle-orm';
import type { Database } from '@/db';
import { gatewaySecrets, statusHistory, subscriptions } from '@/db/schema';
import { openSecret } from '@/lib/crypto/secrets';
import { NON_PAYMENT_DAYS, NON_PAYMENT_REASON } from '@/lib/payments/past-due-window';
import { secretContext } from './gateway-accounts';

export { NON_PAYMENT_DAYS, NON_PAYMENT_REASON };
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

/** Day 30 after the failure cancels (day 29 does not): past due since `now - 30 days` or earlier. */
export function nonPaymentCutoff(now: Date): Date {
  return new Date(now.getTime() - NON_PAYMENT_DAYS * DAY_MS);
}

export async function listSubscriptionsToCancel(db: Database, now: Date, limit = 50) {
  return db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.gateway, 'secureandpay'),
        eq(subscriptions.status, 'past_due'),
        isNotNull(subscriptions.pastDueSince),
        lte(subscriptions.pastDueSince, nonPaymentCutoff(now)),
      ),
    )
    .orderBy(subscriptions.pastDueSince)
    .limit(limit);
}

/** In our records: cancelled for non-payment, with its history entry; false when it was no longer past due. */
export async function cancelForNonPayment(db: Database, subscriptionId: string, gatewayUpdatedAt: Date | null, now: Date): Promise<boolean> {
  const updated = await db
    .update(subscriptions)
    .set({ status: 'cancelled', cancelReason: NON_PAYMENT_REASON, updatedAt: now, ...(gatewayUpdatedAt ? { gatewayUpdatedAt } : {}) })
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.status, 'past_due')))
    .returning({ id: subscriptions.id });
  if (updated.length === 0) return false;
  await db
    .insert(statusHistory)
    .values({ entityType: 'subscription', entityId: subscriptionId, fromStatus: 'past_due', toStatus: 'cancelled', at: now })
    .onConflictDoNothing();
  return true;
}

/** The account's API secret, read through the given database (the scheduler's transaction). */
export async function readApiSecret(db: Database, accountId: string): Promise<string | undefined> {
  const [row] = await db
    .select()
    .from(gatewaySecrets)
    .where(and(eq(gatewaySecrets.accountId, accountId), eq(gatewaySecrets.name, 'apiSecret')))
    .limit(1);
  return row ? openSecret(row, secretContext(accountId, 'apiSecret')) : undefined;
}
