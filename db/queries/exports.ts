// The CSV exports' reads (lib/exports): the Payments and Subscriptions lists' rows, with the lists' own filters
// (paymentFilters / subscriptionFilters), in the lists' order, a batch at a time. Each batch starts after the last
// row of the one before on the lists' (merchant_id, created_at, id) indexes (keyset), so the millionth row costs
// what the first does and only one batch is ever in memory, on PostgreSQL and PGlite alike (PGlite has no cursors).
// The payer's details the payment may lack (a name, a tax number) come from our order behind it.
import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { orders, payments, subscriptions } from '@/db/schema';
import { beyond, type Position } from './keyset';
import { paymentFilters, subscriptionFilters, type ListFilters } from './payment-views';

export type ExportFilters = Omit<ListFilters, 'cursor'>;

export type PaymentExportRow = {
  id: string;
  /** created_at as text, to the microsecond: the next batch's starting point. */
  position: string;
  createdAt: Date;
  reference: string | null;
  gateway: (typeof payments.$inferSelect)['gateway'];
  gatewayPaymentId: string;
  status: (typeof payments.$inferSelect)['status'];
  statusDetail: string | null;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  paymentMethodType: string | null;
  paymentMethodId: string | null;
  payerName: string | null;
  payerEmail: string | null;
  taxIdType: string | null;
  taxIdNumber: string | null;
};

export async function paymentExportBatch(merchantId: string, filters: ExportFilters, after: Position | undefined, limit: number): Promise<PaymentExportRow[]> {
  const db = await getDb();
  return db
    .select({
      id: payments.id,
      position: sql<string>`${payments.createdAt}::text`,
      createdAt: payments.createdAt,
      reference: payments.reference,
      gateway: payments.gateway,
      gatewayPaymentId: payments.gatewayPaymentId,
      status: payments.status,
      statusDetail: payments.statusDetail,
      amountMinor: payments.amountMinor,
      refundedMinor: payments.refundedMinor,
      currency: payments.currency,
      paymentMethodType: payments.paymentMethodType,
      paymentMethodId: payments.paymentMethodId,
      payerName: sql<string | null>`coalesce(${payments.payerName}, nullif(trim(${orders.customerFirstName} || ' ' || ${orders.customerLastName}), ''))`,
      payerEmail: sql<string | null>`coalesce(${payments.payerEmail}, ${orders.customerEmail})`,
      taxIdType: orders.taxIdType,
      taxIdNumber: orders.taxIdNumber,
    })
    .from(payments)
    .leftJoin(orders, and(eq(orders.id, payments.orderId), eq(orders.merchantId, payments.merchantId)))
    .where(and(paymentFilters(merchantId, filters), after ? beyond(payments.createdAt, payments.id, after, 'after') : undefined))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
}

export type SubscriptionExportRow = {
  id: string;
  position: string;
  createdAt: Date;
  reference: string | null;
  gateway: (typeof subscriptions.$inferSelect)['gateway'];
  gatewaySubscriptionId: string;
  status: (typeof subscriptions.$inferSelect)['status'];
  amountMinor: number;
  currency: string;
  intervalUnit: 'days' | 'months';
  intervalCount: number;
  nextPaymentAt: Date | null;
  payerName: string | null;
  payerEmail: string | null;
  taxIdType: string | null;
  taxIdNumber: string | null;
};

export async function subscriptionExportBatch(
  merchantId: string,
  filters: ExportFilters,
  after: Position | undefined,
  limit: number,
): Promise<SubscriptionExportRow[]> {
  const db = await getDb();
  return db
    .select({
      id: subscriptions.id,
      position: sql<string>`${subscriptions.createdAt}::text`,
      createdAt: subscriptions.createdAt,
      reference: subscriptions.reference,
      gateway: subscriptions.gateway,
      gatewaySubscriptionId: subscriptions.gatewaySubscriptionId,
      status: subscriptions.status,
      amountMinor: subscriptions.amountMinor,
      currency: subscriptions.currency,
      intervalUnit: subscriptions.intervalUnit,
      intervalCount: subscriptions.intervalCount,
      nextPaymentAt: subscriptions.nextPaymentAt,
      payerName: sql<string | null>`nullif(trim(${orders.customerFirstName} || ' ' || ${orders.customerLastName}), '')`,
      payerEmail: sql<string | null>`coalesce(${subscriptions.payerEmail}, ${orders.customerEmail})`,
      taxIdType: orders.taxIdType,
      taxIdNumber: orders.taxIdNumber,
    })
    .from(subscriptions)
    .leftJoin(orders, and(eq(orders.id, subscriptions.orderId), eq(orders.merchantId, subscriptions.merchantId)))
    .where(and(subscriptionFilters(merchantId, filters), after ? beyond(subscriptions.createdAt, subscriptions.id, after, 'after') : undefined))
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(limit);
}
