// What reconciliation reads and writes (issue 12): orders whose checkout was created and whose payment we have not
// heard about, their place on the schedule (orders.reconcileAt / reconcileRound / lastReconciledAt), the list the
// merchant sees, and the state of a payment or subscription before and after a check. The schedule itself (when)
// is lib/reconciliation/schedule.ts; this module only stores it.
import 'server-only';
import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { gatewayAccounts, orders, payments, prices, subscriptions, webhookEvents } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';
import type { PaymentStatus } from '@/core/payment-status';

/** An order reconciliation asks about, with the account whose credentials ask. */
export type OrderToCheck = {
  order: {
    id: string;
    merchantId: string;
    kind: 'one_time' | 'subscription';
    amountMinor: number;
    currency: string;
    checkoutId: string | null;
    customerEmail: string;
    createdAt: Date;
    reconcileAt: Date | null;
    reconcileRound: number;
  };
  account: { id: string; merchantId: string; gateway: GatewayId; externalAccountId: string | null; country: string | null };
};

const orderToCheckColumns = {
  order: {
    id: orders.id,
    merchantId: orders.merchantId,
    kind: prices.kind,
    amountMinor: orders.amountMinor,
    currency: orders.currency,
    checkoutId: orders.checkoutId,
    customerEmail: orders.customerEmail,
    createdAt: orders.createdAt,
    reconcileAt: orders.reconcileAt,
    reconcileRound: orders.reconcileRound,
  },
  account: {
    id: gatewayAccounts.id,
    merchantId: gatewayAccounts.merchantId,
    gateway: gatewayAccounts.gateway,
    externalAccountId: gatewayAccounts.externalAccountId,
    country: gatewayAccounts.country,
  },
};

/**
 * Payment statuses that settle an order: it was paid (approved, and what can only follow a payment). A rejected or
 * cancelled attempt does not: on Checkout Pro the customer may try again under the same order (another payment with
 * the same external_reference), and that one's notification may be the one lost. Such orders stay on the schedule
 * until it ends (7 days).
 */
const SETTLING_PAYMENT_STATUSES: PaymentStatus[] = ['approved', 'in_mediation', 'refunded', 'charged_back'];

/** The order is settled: paid, a payment of it final, or its subscription past the customer's authorization. */
const settled = (orderId: SQL | typeof orders.id): SQL => sql`(
  exists (select 1 from ${payments} where ${payments.orderId} = ${orderId} and ${inArray(payments.status, SETTLING_PAYMENT_STATUSES)})
  or exists (select 1 from ${subscriptions} where ${subscriptions.orderId} = ${orderId} and ${subscriptions.status} <> 'pending')
)`;

/**
 * Claims up to `limit` orders due for a scheduled check (inside the scheduler's locked transaction): due, and not
 * claimed by another instance within the lease. The claim is `lastReconciledAt = now`; `reconcileAt` and the round
 * are left as they are, so the next check is counted from the schedule, not from the claim.
 */
export async function claimDueOrders(db: Database, options: { now: Date; limit: number; leaseMs: number }): Promise<OrderToCheck[]> {
  const leaseEnd = new Date(options.now.getTime() - options.leaseMs);
  const due = db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        isNotNull(orders.reconcileAt),
        lte(orders.reconcileAt, options.now),
        or(isNull(orders.lastReconciledAt), lte(orders.lastReconciledAt, leaseEnd)),
      ),
    )
    .orderBy(orders.reconcileAt)
    .limit(options.limit)
    .for('update', { skipLocked: true });
  const claimed = await db.update(orders).set({ lastReconciledAt: options.now }).where(inArray(orders.id, due)).returning({ id: orders.id });
  if (claimed.length === 0) return [];
  return db
    .select(orderToCheckColumns)
    .from(orders)
    .innerJoin(prices, eq(orders.priceId, prices.id))
    .innerJoin(gatewayAccounts, eq(orders.accountId, gatewayAccounts.id))
    .where(
      inArray(
        orders.id,
        claimed.map((row) => row.id),
      ),
    )
    .orderBy(orders.reconcileAt);
}

/** One of the merchant's orders whose checkout was created (Check now); undefined when it is not one. */
export async function getOrderToCheck(merchantId: string, orderId: string): Promise<OrderToCheck | undefined> {
  const db = await getDb();
  const [row] = await db
    .select(orderToCheckColumns)
    .from(orders)
    .innerJoin(prices, eq(orders.priceId, prices.id))
    .innerJoin(gatewayAccounts, eq(orders.accountId, gatewayAccounts.id))
    .where(and(eq(orders.id, orderId), eq(orders.merchantId, merchantId), eq(orders.status, 'checkout_created')))
    .limit(1);
  return row;
}

/** Whether the order needs no more checks: paid, or its payment failed for good. */
export async function isOrderSettled(orderId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ settled: sql<boolean>`(${orders.status} = 'paid' or ${settled(orders.id)})` })
    .from(orders)
    .where(eq(orders.id, orderId))
    .limit(1);
  return row?.settled === true;
}

/**
 * After a scheduled check: the next round, or none (the schedule is over, or the order is settled). Only if the
 * order is still where the check found it: a payment recorded meanwhile (recordPayment clears `reconcileAt`) is
 * not put back on the schedule.
 */
export async function advanceSchedule(orderId: string, checked: { reconcileAt: Date | null }, next: { reconcileAt: Date; round: number } | null): Promise<boolean> {
  const db = await getDb();
  const updated = await db
    .update(orders)
    .set(next ? { reconcileAt: next.reconcileAt, reconcileRound: next.round } : { reconcileAt: null })
    .where(and(eq(orders.id, orderId), checked.reconcileAt ? eq(orders.reconcileAt, checked.reconcileAt) : isNull(orders.reconcileAt)))
    .returning({ id: orders.id });
  return updated.length > 0;
}

/** A settled order leaves the schedule (whoever found it settled: a check, Check now, a notification). */
export async function endSchedule(orderId: string): Promise<void> {
  const db = await getDb();
  await db.update(orders).set({ reconcileAt: null }).where(and(eq(orders.id, orderId), isNotNull(orders.reconcileAt)));
}

/** Check now asked the gateway at `at`. The schedule's own rounds stay as they are. */
export async function markChecked(orderId: string, at: Date): Promise<void> {
  const db = await getDb();
  await db.update(orders).set({ lastReconciledAt: at }).where(eq(orders.id, orderId));
}

/** An order awaiting payment, as the merchant's list shows it. */
export type AwaitingOrderRow = {
  id: string;
  createdAt: Date;
  amountMinor: number;
  currency: string;
  customerEmail: string;
  gateway: GatewayId;
  priceName: string;
  lastReconciledAt: Date | null;
  reconcileAt: Date | null;
};

/**
 * The merchant's orders whose checkout started since `since` and that are not settled (no final payment yet),
 * newest first, the first `limit`, with how many there are in all.
 */
export async function listAwaitingOrders(merchantId: string, options: { since: Date; limit: number }): Promise<{ rows: AwaitingOrderRow[]; total: number }> {
  const db = await getDb();
  const where = and(
    eq(orders.merchantId, merchantId),
    eq(orders.status, 'checkout_created'),
    gte(orders.createdAt, options.since),
    sql`not ${settled(orders.id)}`,
  );
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: orders.id,
        createdAt: orders.createdAt,
        amountMinor: orders.amountMinor,
        currency: orders.currency,
        customerEmail: orders.customerEmail,
        gateway: gatewayAccounts.gateway,
        priceName: prices.name,
        lastReconciledAt: orders.lastReconciledAt,
        reconcileAt: orders.reconcileAt,
      })
      .from(orders)
      .innerJoin(prices, eq(orders.priceId, prices.id))
      .innerJoin(gatewayAccounts, eq(orders.accountId, gatewayAccounts.id))
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(options.limit),
    db.select({ total: count() }).from(orders).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

/** A payment or subscription as we hold it, by the gateway's id: what a check is compared with. */
export type RecordState = { id: string; status: string; statusDetail: string | null };

export async function getRecordState(accountId: string, kind: 'payment' | 'subscription', gatewayId: string): Promise<RecordState | undefined> {
  const db = await getDb();
  if (kind === 'payment') {
    const [row] = await db
      .select({ id: payments.id, status: payments.status, statusDetail: payments.statusDetail })
      .from(payments)
      .where(and(eq(payments.accountId, accountId), eq(payments.gatewayPaymentId, gatewayId)))
      .limit(1);
    return row;
  }
  const [row] = await db
    .select({ id: subscriptions.id, status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.accountId, accountId), eq(subscriptions.gatewaySubscriptionId, gatewayId)))
    .limit(1);
  return row ? { ...row, statusDetail: null } : undefined;
}

/** One of the merchant's payments for Check now, with its account and what it must be for (its order's amount). */
export type PaymentToCheck = {
  payment: { id: string; merchantId: string; gatewayPaymentId: string; status: PaymentStatus; amountMinor: number; currency: string; orderId: string | null };
  account: OrderToCheck['account'];
  expected: { amountMinor: number; currency: string };
};

export async function getPaymentToCheck(merchantId: string, paymentId: string): Promise<PaymentToCheck | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({
      payment: {
        id: payments.id,
        merchantId: payments.merchantId,
        gatewayPaymentId: payments.gatewayPaymentId,
        status: payments.status,
        amountMinor: payments.amountMinor,
        currency: payments.currency,
        orderId: payments.orderId,
      },
      account: orderToCheckColumns.account,
      orderAmountMinor: orders.amountMinor,
      orderCurrency: orders.currency,
    })
    .from(payments)
    .innerJoin(gatewayAccounts, eq(payments.accountId, gatewayAccounts.id))
    .leftJoin(orders, eq(payments.orderId, orders.id))
    .where(and(eq(payments.id, paymentId), eq(payments.merchantId, merchantId)))
    .limit(1);
  if (!row) return undefined;
  const { payment, account, orderAmountMinor, orderCurrency } = row;
  // What the payment is for: its order's amount when it has one (a payment page), else what we recorded of it.
  const expected =
    orderAmountMinor !== null && orderCurrency !== null
      ? { amountMinor: orderAmountMinor, currency: orderCurrency }
      : { amountMinor: payment.amountMinor, currency: payment.currency };
  return { payment, account, expected };
}

/**
 * Whether a notification about this resource is in the inbox and not processed yet (waiting, or being retried):
 * then it did arrive, and what reconciliation found is no sign of a lost one.
 */
export async function hasWaitingNotification(accountId: string, resourceId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.accountId, accountId), eq(webhookEvents.resourceId, resourceId), inArray(webhookEvents.status, ['pending', 'processing'])))
    .limit(1);
  return row !== undefined;
}
