// What a merchant sees of payments and subscriptions: only their own (the merchant id comes from the session and
// every query filters on it), as rows for lists and details with history and the notifications behind them.
import 'server-only';
import { and, asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { getDb } from '@/db';
import {
  paymentRefunds,
  payments,
  statusHistory,
  subscriptionCharges,
  subscriptions,
  webhookEvents,
  type Payment,
  type PaymentRefund,
  type Subscription,
  type SubscriptionCharge,
} from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';

export const LIST_PAGE_SIZE = 20;

export type ListFilters = { gateway?: GatewayId; status?: string; query?: string; page: number };
export type ListPage<Row> = { rows: Row[]; total: number; page: number; pageCount: number };

export type PaymentRow = Pick<
  Payment,
  | 'id'
  | 'gateway'
  | 'gatewayPaymentId'
  | 'reference'
  | 'orderId'
  | 'amountMinor'
  | 'currency'
  | 'status'
  | 'paymentMethodType'
  | 'paymentMethodId'
  | 'payerEmail'
  | 'payerName'
  | 'createdAt'
>;
export type SubscriptionRow = Pick<
  Subscription,
  'id' | 'gateway' | 'gatewaySubscriptionId' | 'reference' | 'status' | 'amountMinor' | 'currency' | 'intervalUnit' | 'intervalCount' | 'nextPaymentAt' | 'payerEmail' | 'createdAt'
>;

export type HistoryEntry = {
  from: string | null;
  to: string;
  /** The status detail that came with the change; a same-status entry is a change of detail alone. */
  detail: string | null;
  source: 'notification' | 'reconciliation' | 'check_now';
  at: Date;
  notificationId: string | null;
};
export type CausingNotification = { id: string; receivedAt: Date; type: string; action: string | null; verification: string; status: string; result: string | null };

/** `%` and `_` typed by the merchant are searched for literally. */
const likePattern = (query: string) => `%${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

function pageOf(requested: number, total: number) {
  const pageCount = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  return { page: Math.min(Math.max(1, requested), pageCount), pageCount };
}

export async function listPayments(merchantId: string, filters: ListFilters): Promise<ListPage<PaymentRow>> {
  const db = await getDb();
  const conditions: (SQL | undefined)[] = [eq(payments.merchantId, merchantId)];
  if (filters.gateway) conditions.push(eq(payments.gateway, filters.gateway));
  if (filters.status) conditions.push(eq(payments.status, filters.status as Payment['status']));
  if (filters.query) conditions.push(or(ilike(payments.payerEmail, likePattern(filters.query)), ilike(payments.reference, likePattern(filters.query))));
  const where = and(...conditions);
  const [totals] = await db.select({ total: count() }).from(payments).where(where);
  const total = totals?.total ?? 0;
  const { page, pageCount } = pageOf(filters.page, total);
  const rows = await db
    .select({
      id: payments.id,
      gateway: payments.gateway,
      gatewayPaymentId: payments.gatewayPaymentId,
      reference: payments.reference,
      orderId: payments.orderId,
      amountMinor: payments.amountMinor,
      currency: payments.currency,
      status: payments.status,
      paymentMethodType: payments.paymentMethodType,
      paymentMethodId: payments.paymentMethodId,
      payerEmail: payments.payerEmail,
      payerName: payments.payerName,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .where(where)
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(LIST_PAGE_SIZE)
    .offset((page - 1) * LIST_PAGE_SIZE);
  return { rows, total, page, pageCount };
}

export async function listSubscriptions(merchantId: string, filters: ListFilters): Promise<ListPage<SubscriptionRow>> {
  const db = await getDb();
  const conditions: (SQL | undefined)[] = [eq(subscriptions.merchantId, merchantId)];
  if (filters.gateway) conditions.push(eq(subscriptions.gateway, filters.gateway));
  if (filters.status) conditions.push(eq(subscriptions.status, filters.status as Subscription['status']));
  if (filters.query) {
    conditions.push(or(ilike(subscriptions.payerEmail, likePattern(filters.query)), ilike(subscriptions.reference, likePattern(filters.query))));
  }
  const where = and(...conditions);
  const [totals] = await db.select({ total: count() }).from(subscriptions).where(where);
  const total = totals?.total ?? 0;
  const { page, pageCount } = pageOf(filters.page, total);
  const rows = await db
    .select({
      id: subscriptions.id,
      gateway: subscriptions.gateway,
      gatewaySubscriptionId: subscriptions.gatewaySubscriptionId,
      reference: subscriptions.reference,
      status: subscriptions.status,
      amountMinor: subscriptions.amountMinor,
      currency: subscriptions.currency,
      intervalUnit: subscriptions.intervalUnit,
      intervalCount: subscriptions.intervalCount,
      nextPaymentAt: subscriptions.nextPaymentAt,
      payerEmail: subscriptions.payerEmail,
      createdAt: subscriptions.createdAt,
    })
    .from(subscriptions)
    .where(where)
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(LIST_PAGE_SIZE)
    .offset((page - 1) * LIST_PAGE_SIZE);
  return { rows, total, page, pageCount };
}

async function historyOf(entityType: 'payment' | 'subscription', entityId: string): Promise<HistoryEntry[]> {
  const db = await getDb();
  return db
    .select({
      from: statusHistory.fromStatus,
      to: statusHistory.toStatus,
      detail: statusHistory.detail,
      source: statusHistory.source,
      at: statusHistory.at,
      notificationId: statusHistory.webhookEventId,
    })
    .from(statusHistory)
    .where(and(eq(statusHistory.entityType, entityType), eq(statusHistory.entityId, entityId)))
    .orderBy(asc(statusHistory.at));
}

/** The notifications about this resource on this account (the gateway's id is the notification's resource id). */
async function notificationsAbout(accountId: string, resourceIds: string[]): Promise<CausingNotification[]> {
  const db = await getDb();
  if (resourceIds.length === 0) return [];
  return db
    .select({
      id: webhookEvents.id,
      receivedAt: webhookEvents.receivedAt,
      type: webhookEvents.type,
      action: webhookEvents.action,
      verification: webhookEvents.verification,
      status: webhookEvents.status,
      result: webhookEvents.result,
    })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.accountId, accountId), or(...resourceIds.map((id) => eq(webhookEvents.resourceId, id)))))
    .orderBy(asc(webhookEvents.receivedAt));
}

export type PaymentDetail = { payment: Payment; refunds: PaymentRefund[]; history: HistoryEntry[]; notifications: CausingNotification[] };

export async function getPaymentDetail(merchantId: string, id: string): Promise<PaymentDetail | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const db = await getDb();
  const [payment] = await db.select().from(payments).where(and(eq(payments.id, id), eq(payments.merchantId, merchantId))).limit(1);
  if (!payment) return undefined;
  const [refunds, history, notifications] = await Promise.all([
    db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment.id)).orderBy(asc(paymentRefunds.gatewayCreatedAt), asc(paymentRefunds.createdAt)),
    historyOf('payment', payment.id),
    notificationsAbout(payment.accountId, [payment.gatewayPaymentId]),
  ]);
  return { payment, refunds, history, notifications };
}

export type SubscriptionDetail = { subscription: Subscription; charges: SubscriptionCharge[]; history: HistoryEntry[]; notifications: CausingNotification[] };

export async function getSubscriptionDetail(merchantId: string, id: string): Promise<SubscriptionDetail | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const db = await getDb();
  const [subscription] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), eq(subscriptions.merchantId, merchantId)))
    .limit(1);
  if (!subscription) return undefined;
  const charges = await db
    .select()
    .from(subscriptionCharges)
    .where(eq(subscriptionCharges.subscriptionId, subscription.id))
    .orderBy(asc(subscriptionCharges.chargedAt), asc(subscriptionCharges.createdAt), asc(subscriptionCharges.attempt));
  const [history, notifications] = await Promise.all([
    historyOf('subscription', subscription.id),
    notificationsAbout(subscription.accountId, [subscription.gatewaySubscriptionId, ...charges.map((charge) => charge.gatewayChargeId)]),
  ]);
  return { subscription, charges, history, notifications };
}

/** The latest payment recorded for one of a merchant's orders (the return page explains its status detail). */
export async function latestPaymentOfOrder(
  merchantId: string,
  orderId: string,
): Promise<Pick<Payment, 'gateway' | 'status' | 'statusDetail'> | undefined> {
  const db = await getDb();
  const [latest] = await db
    .select({ gateway: payments.gateway, status: payments.status, statusDetail: payments.statusDetail })
    .from(payments)
    .where(and(eq(payments.merchantId, merchantId), eq(payments.orderId, orderId)))
    .orderBy(desc(payments.createdAt))
    .limit(1);
  return latest;
}
