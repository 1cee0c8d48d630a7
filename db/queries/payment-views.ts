// What a merchant sees of payments and subscriptions: only their own (the merchant id comes from the session and
// every query filters on it), as rows for lists and details with history and the notifications behind them.
import 'server-only';
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
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
import { beyond, cappedCount, COUNT_CAP, keysetPage, SEARCH_COUNT_CAP, type CappedCount, type ListCursor, type PageLinks } from './keyset';

export type { ListCursor } from './keyset';

export const LIST_PAGE_SIZE = 20;

export type ListFilters = { gateway?: GatewayId; status?: string; query?: string; cursor?: ListCursor };
/** One page of a list: its rows, a count that stops at COUNT_CAP, and where Newer and Older lead. */
export type ListPage<Row> = { rows: Row[]; count: CappedCount; links: PageLinks };

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

/** Paging and count sizes; tests make them small. */
export type ListLimits = { pageSize: number; countCap: number };
const DEFAULT_LIMITS: ListLimits = { pageSize: LIST_PAGE_SIZE, countCap: COUNT_CAP };

/** The Payments list's filters as one condition: the list and its CSV export (db/queries/exports.ts) read the same rows. */
export function paymentFilters(merchantId: string, filters: Omit<ListFilters, 'cursor'>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(payments.merchantId, merchantId)];
  if (filters.gateway) conditions.push(eq(payments.gateway, filters.gateway));
  if (filters.status) conditions.push(eq(payments.status, filters.status as Payment['status']));
  if (filters.query) {
    const pattern = likePattern(filters.query);
    conditions.push(or(ilike(payments.payerEmail, pattern), ilike(payments.payerName, pattern), ilike(payments.reference, pattern)));
  }
  return and(...conditions);
}

/** The Subscriptions list's filters as one condition, shared with its CSV export as paymentFilters is. */
export function subscriptionFilters(merchantId: string, filters: Omit<ListFilters, 'cursor'>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(subscriptions.merchantId, merchantId)];
  if (filters.gateway) conditions.push(eq(subscriptions.gateway, filters.gateway));
  if (filters.status) conditions.push(eq(subscriptions.status, filters.status as Subscription['status']));
  if (filters.query) {
    const pattern = likePattern(filters.query);
    conditions.push(or(ilike(subscriptions.payerEmail, pattern), ilike(subscriptions.reference, pattern)));
  }
  return and(...conditions);
}

/**
 * The merchant's payments, newest first, a page at a time (keyset: `filters.cursor`). The search looks in the payer's
 * email and name and our reference, each with a trigram index (pg_trgm, migration 0011), so a substring search
 * reads the index instead of every row; the status filter has an index of its own in the list's order.
 */
export async function listPayments(merchantId: string, filters: ListFilters, limits: ListLimits = DEFAULT_LIMITS): Promise<ListPage<PaymentRow>> {
  const db = await getDb();
  const where = paymentFilters(merchantId, filters);
  const countCap = filters.query ? Math.min(limits.countCap, SEARCH_COUNT_CAP) : limits.countCap;
  const counting = db
    .select({ total: count() })
    .from(db.select({ one: sql`1` }).from(payments).where(where).limit(countCap + 1).as('capped'));
  const paging = keysetPage<PaymentRow>({
    pageSize: limits.pageSize,
    cursor: filters.cursor,
    locate: async (id) => {
      const [row] = await db
        .select({ at: sql<string>`${payments.createdAt}::text`, id: payments.id })
        .from(payments)
        .where(and(eq(payments.id, id), eq(payments.merchantId, merchantId)));
      return row;
    },
    fetch: (past, order, limit) =>
      db
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
        .where(and(where, past ? beyond(payments.createdAt, payments.id, past.position, past.direction) : undefined))
        .orderBy(...(order === 'newest' ? [desc(payments.createdAt), desc(payments.id)] : [asc(payments.createdAt), asc(payments.id)]))
        .limit(limit),
  });
  const [[totals], page] = await Promise.all([counting, paging]);
  return { rows: page.rows, links: page.links, count: cappedCount(totals?.total ?? 0, countCap) };
}

/** The merchant's subscriptions, newest first, a page at a time; searched in the payer's email and our reference. */
export async function listSubscriptions(merchantId: string, filters: ListFilters, limits: ListLimits = DEFAULT_LIMITS): Promise<ListPage<SubscriptionRow>> {
  const db = await getDb();
  const where = subscriptionFilters(merchantId, filters);
  const countCap = filters.query ? Math.min(limits.countCap, SEARCH_COUNT_CAP) : limits.countCap;
  const counting = db
    .select({ total: count() })
    .from(db.select({ one: sql`1` }).from(subscriptions).where(where).limit(countCap + 1).as('capped'));
  const paging = keysetPage<SubscriptionRow>({
    pageSize: limits.pageSize,
    cursor: filters.cursor,
    locate: async (id) => {
      const [row] = await db
        .select({ at: sql<string>`${subscriptions.createdAt}::text`, id: subscriptions.id })
        .from(subscriptions)
        .where(and(eq(subscriptions.id, id), eq(subscriptions.merchantId, merchantId)));
      return row;
    },
    fetch: (past, order, limit) =>
      db
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
        .where(and(where, past ? beyond(subscriptions.createdAt, subscriptions.id, past.position, past.direction) : undefined))
        .orderBy(...(order === 'newest' ? [desc(subscriptions.createdAt), desc(subscriptions.id)] : [asc(subscriptions.createdAt), asc(subscriptions.id)]))
        .limit(limit),
  });
  const [[totals], page] = await Promise.all([counting, paging]);
  return { rows: page.rows, links: page.links, count: cappedCount(totals?.total ?? 0, countCap) };
}

/** A detail page's reads, in one transaction. */
type Reader = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * A detail page reads the record, its refunds or charges, its history and its notifications in one read-only
 * REPEATABLE READ transaction: one snapshot. Read one by one, a page rendered while a refund was being recorded
 * showed the new refund with the old refunded amount (R$ 0.00 refunded beside a R$ 30.00 refund: the e2e suite
 * caught it).
 */
function inOneSnapshot<T>(db: Database, read: (tx: Reader) => Promise<T>): Promise<T> {
  return db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function historyOf(db: Reader, entityType: 'payment' | 'subscription', entityId: string): Promise<HistoryEntry[]> {
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

/**
 * The notifications about these resources on this account (the gateway's id is the notification's resource id), on
 * the (account_id, resource_id) index: without it, a payment's page read the account's whole inbox (757 ms at 2M).
 */
async function notificationsAbout(db: Reader, accountId: string, resourceIds: string[]): Promise<CausingNotification[]> {
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
    .where(and(eq(webhookEvents.accountId, accountId), inArray(webhookEvents.resourceId, resourceIds)))
    .orderBy(asc(webhookEvents.receivedAt));
}

export type PaymentDetail = { payment: Payment; refunds: PaymentRefund[]; history: HistoryEntry[]; notifications: CausingNotification[] };

export async function getPaymentDetail(merchantId: string, id: string): Promise<PaymentDetail | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return inOneSnapshot(await getDb(), async (tx) => {
    const [payment] = await tx.select().from(payments).where(and(eq(payments.id, id), eq(payments.merchantId, merchantId))).limit(1);
    if (!payment) return undefined;
    const refunds = await tx.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment.id)).orderBy(asc(paymentRefunds.gatewayCreatedAt), asc(paymentRefunds.createdAt));
    const history = await historyOf(tx, 'payment', payment.id);
    const notifications = await notificationsAbout(tx, payment.accountId, [payment.gatewayPaymentId]);
    return { payment, refunds, history, notifications };
  });
}

export type SubscriptionDetail = { subscription: Subscription; charges: SubscriptionCharge[]; history: HistoryEntry[]; notifications: CausingNotification[] };

export async function getSubscriptionDetail(merchantId: string, id: string): Promise<SubscriptionDetail | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return inOneSnapshot(await getDb(), async (tx) => {
    const [subscription] = await tx
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.id, id), eq(subscriptions.merchantId, merchantId)))
      .limit(1);
    if (!subscription) return undefined;
    const charges = await tx
      .select()
      .from(subscriptionCharges)
      .where(eq(subscriptionCharges.subscriptionId, subscription.id))
      .orderBy(asc(subscriptionCharges.chargedAt), asc(subscriptionCharges.createdAt), asc(subscriptionCharges.attempt));
    const history = await historyOf(tx, 'subscription', subscription.id);
    const notifications = await notificationsAbout(tx, subscription.accountId, [subscription.gatewaySubscriptionId, ...charges.map((charge) => charge.gatewayChargeId)]);
    return { subscription, charges, history, notifications };
  });
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
