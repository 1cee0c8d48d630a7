// Records what the gateways tell us about payments and subscriptions. Every write is an upsert keyed by the
// gateway's own id, and a status only changes along core/payment-status.ts, inside one transaction with its
// history entry — so processing the same notification twice, or an older one after a newer one, changes
// nothing the second time.
import 'server-only';
import { and, count, eq, sql } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { gatewayAccounts, orders, paymentRefunds, payments, statusHistory, subscriptionCharges, subscriptions } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';
import { canMovePayment, canMoveSubscription, isNewer, type PaymentStatus, type SubscriptionStatus } from '@/core/payment-status';
import { applyPaymentTotals } from '@/db/queries/overview';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export type ProcessingAccount = {
  id: string;
  merchantId: string;
  gateway: GatewayId;
  status: 'pending' | 'connected' | 'disconnected';
  externalAccountId: string | null;
  country: string | null;
};

/** The account a stored notification belongs to, with what processing needs (no merchant session here). */
export async function getProcessingAccount(accountId: string): Promise<ProcessingAccount | undefined> {
  const db = await getDb();
  const [account] = await db
    .select({
      id: gatewayAccounts.id,
      merchantId: gatewayAccounts.merchantId,
      gateway: gatewayAccounts.gateway,
      status: gatewayAccounts.status,
      externalAccountId: gatewayAccounts.externalAccountId,
      country: gatewayAccounts.country,
    })
    .from(gatewayAccounts)
    .where(eq(gatewayAccounts.id, accountId))
    .limit(1);
  return account;
}

/** `detail`: the status stayed, its detail changed (e.g. approved, now `partially_refunded`). */
export type Change<S extends string> = { id: string; change: 'created' | 'moved' | 'detail' | 'unchanged'; from: S | null; to: S; detail?: string | null };

/** Who told us what a record says: a notification, reconciliation's scheduled check, or the merchant's Check now. */
export type HistorySource = 'notification' | 'reconciliation' | 'check_now';
/** The notification behind a write (null when none) and who told us. */
export type RecordedBy = { eventId: string | null; source: HistorySource };
export const byNotification = (eventId: string | null): RecordedBy => ({ eventId, source: 'notification' });

/** Why a payment or subscription naming one of our orders does not match it: it is recorded, never applied to the order. */
export type OrderMismatch = { orderId: string; problem: 'account' | 'amount' | 'currency'; expectedAmountMinor: number; expectedCurrency: string };

/**
 * Our order, when the gateway's reference is one of this merchant's order ids — and only when the payment is what
 * the order asked for: the same gateway account, currency and amount (issue 13). Otherwise no order is linked, and
 * the mismatch is returned so the caller can tell the merchant.
 */
async function orderFor(
  tx: Tx,
  account: ProcessingAccount,
  facts: { reference: string | null; amountMinor: number; currency: string },
): Promise<{ orderId: string | null; mismatch: OrderMismatch | null }> {
  const reference = facts.reference;
  if (!reference || !/^[0-9a-f-]{36}$/i.test(reference)) return { orderId: null, mismatch: null };
  const [order] = await tx
    .select({ id: orders.id, accountId: orders.accountId, amountMinor: orders.amountMinor, currency: orders.currency })
    .from(orders)
    .where(and(eq(orders.id, reference), eq(orders.merchantId, account.merchantId)))
    .limit(1);
  if (!order) return { orderId: null, mismatch: null };
  const problem = order.accountId !== account.id ? 'account' : order.currency !== facts.currency ? 'currency' : order.amountMinor !== facts.amountMinor ? 'amount' : null;
  if (!problem) return { orderId: order.id, mismatch: null };
  return { orderId: null, mismatch: { orderId: order.id, problem, expectedAmountMinor: order.amountMinor, expectedCurrency: order.currency } };
}

async function recordHistory(
  tx: Tx,
  entry: { entityType: 'payment' | 'subscription'; entityId: string; from: string | null; to: string; detail?: string | null; by: RecordedBy },
) {
  await tx
    .insert(statusHistory)
    .values({
      entityType: entry.entityType,
      entityId: entry.entityId,
      fromStatus: entry.from,
      toStatus: entry.to,
      detail: entry.detail ?? null,
      source: entry.by.source,
      webhookEventId: entry.by.eventId,
    })
    .onConflictDoNothing();
}

/** One refund as the gateway lists it (Mercado Pago: GET /v1/payments/{id}/refunds). */
export type RefundFacts = { gatewayRefundId: string; amountMinor: number; status: string; reason: string | null; gatewayCreatedAt: Date | null };

export type PaymentFacts = {
  gatewayPaymentId: string;
  reference: string | null;
  subscriptionId?: string | null;
  amountMinor: number;
  currency: string;
  status: PaymentStatus;
  statusDetail: string | null;
  /** What has been given back so far (GW-MP20: transaction_amount_refunded); 0 when nothing. */
  refundedMinor?: number;
  /** The refunds the gateway listed, when it was asked (undefined: not asked, nothing to compare). */
  refunds?: readonly RefundFacts[];
  paymentMethodType: string | null;
  paymentMethodId?: string | null;
  payerEmail: string | null;
  payerName: string | null;
  gatewayCreatedAt: Date | null;
  approvedAt: Date | null;
  gatewayUpdatedAt: Date | null;
};

export type PaymentChange = Change<PaymentStatus> & {
  /** Refunds we had not recorded before this write. */
  newRefunds: RefundFacts[];
  /** The record's own id and what it belongs to, for the alerts the caller raises. */
  orderId: string | null;
  /** The order the payment names but does not match (not linked, not marked paid): the caller alerts. */
  orderMismatch: OrderMismatch | null;
};

/** Adds the refunds we have not seen (a refund's status may change, e.g. approved → cancelled: it is kept current). */
async function recordRefunds(tx: Tx, paymentId: string, refunds: readonly RefundFacts[] | undefined): Promise<RefundFacts[]> {
  if (!refunds?.length) return [];
  const added: RefundFacts[] = [];
  for (const refund of refunds) {
    const [row] = await tx
      .insert(paymentRefunds)
      .values({ ...refund, paymentId })
      .onConflictDoUpdate({ target: [paymentRefunds.paymentId, paymentRefunds.gatewayRefundId], set: { status: refund.status } })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    if (row?.inserted) added.push(refund);
  }
  return added;
}

/** The columns the overview's rollup follows (core/payment-totals.ts): every write below returns them. */
const totalsColumns = {
  merchantId: payments.merchantId,
  currency: payments.currency,
  createdAt: payments.createdAt,
  status: payments.status,
  amountMinor: payments.amountMinor,
  refundedMinor: payments.refundedMinor,
};

/**
 * Records what the gateway says a payment is now: its status along core/payment-status.ts, a newer detail under
 * the same status (a partial refund stays approved), the refunded amount and each refund, with a history entry for
 * every change of status or detail, in one transaction — which also moves the payment's contribution in the
 * overview's rollup (payment_totals), last, so its row is locked for as short a time as possible.
 */
export async function recordPayment(account: ProcessingAccount, facts: PaymentFacts, by: RecordedBy): Promise<PaymentChange> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const key = and(eq(payments.accountId, account.id), eq(payments.gatewayPaymentId, facts.gatewayPaymentId));
    const { orderId, mismatch: orderMismatch } = await orderFor(tx, account, facts);
    const { status, refunds, ...details } = facts;
    const inserted = await tx
      .insert(payments)
      .values({ ...details, status, merchantId: account.merchantId, accountId: account.id, gateway: account.gateway, orderId })
      .onConflictDoNothing()
      .returning({ id: payments.id, ...totalsColumns });
    let result: PaymentChange;
    let totals: Parameters<typeof applyPaymentTotals>;
    if (inserted[0]) {
      totals = [tx, null, inserted[0]];
      await recordHistory(tx, { entityType: 'payment', entityId: inserted[0].id, from: null, to: status, detail: facts.statusDetail, by });
      const newRefunds = await recordRefunds(tx, inserted[0].id, refunds);
      result = { id: inserted[0].id, change: 'created', from: null, to: status, detail: facts.statusDetail, newRefunds, orderId, orderMismatch };
    } else {
      const [existing] = await tx.select().from(payments).where(key).for('update').limit(1);
      if (!existing) throw new Error(`payment ${facts.gatewayPaymentId} vanished`);
      const newer = isNewer(facts.gatewayUpdatedAt, existing.gatewayUpdatedAt);
      const newRefunds = await recordRefunds(tx, existing.id, refunds);
      const base = { id: existing.id, newRefunds, orderId: existing.orderId ?? orderId, orderMismatch };
      if (!canMovePayment(existing.status, status, newer)) {
        // The same status with newer facts: a new detail (GW-MP20: approved, now partially_refunded; GW-MP21: a
        // chargeback's outcome) or a new refunded amount. An older copy processed late must not bring old facts back.
        const current = existing.status === status && newer === true;
        const detailChanged = current && facts.statusDetail !== existing.statusDetail;
        const refundedChanged = current && facts.refundedMinor !== undefined && facts.refundedMinor !== existing.refundedMinor;
        if (detailChanged || refundedChanged) {
          const [updated] = await tx
            .update(payments)
            .set({
              statusDetail: facts.statusDetail,
              ...(facts.refundedMinor === undefined ? {} : { refundedMinor: facts.refundedMinor }),
              gatewayUpdatedAt: facts.gatewayUpdatedAt,
              updatedAt: new Date(),
            })
            .where(eq(payments.id, existing.id))
            .returning(totalsColumns);
          if (detailChanged) await recordHistory(tx, { entityType: 'payment', entityId: existing.id, from: status, to: status, detail: facts.statusDetail, by });
          // A new refunded amount changes what an approved payment counts for.
          await applyPaymentTotals(tx, existing, updated ?? null);
        }
        if (detailChanged) return { ...base, change: 'detail', from: status, to: status, detail: facts.statusDetail };
        return { ...base, change: 'unchanged', from: existing.status, to: existing.status, detail: existing.statusDetail };
      }
      const [updated] = await tx
        .update(payments)
        .set({ ...details, status, orderId: base.orderId, updatedAt: new Date() })
        .where(eq(payments.id, existing.id))
        .returning(totalsColumns);
      totals = [tx, existing, updated ?? null];
      await recordHistory(tx, { entityType: 'payment', entityId: existing.id, from: existing.status, to: status, detail: facts.statusDetail, by });
      result = { ...base, change: 'moved', from: existing.status, to: status, detail: facts.statusDetail };
    }
    if (orderId && status === 'approved') {
      // A paid order needs no more reconciliation checks.
      await tx.update(orders).set({ status: 'paid', reconcileAt: null, updatedAt: new Date() }).where(eq(orders.id, orderId));
    }
    await applyPaymentTotals(...totals);
    return result;
  });
}

export type SubscriptionFacts = {
  gatewaySubscriptionId: string;
  reference: string | null;
  status: SubscriptionStatus;
  amountMinor: number;
  currency: string;
  intervalUnit: 'days' | 'months';
  intervalCount: number;
  nextPaymentAt: Date | null;
  payerEmail: string | null;
  gatewayUpdatedAt: Date | null;
};

export async function recordSubscription(account: ProcessingAccount, facts: SubscriptionFacts, by: RecordedBy): Promise<Change<SubscriptionStatus>> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const key = and(eq(subscriptions.accountId, account.id), eq(subscriptions.gatewaySubscriptionId, facts.gatewaySubscriptionId));
    const { orderId } = await orderFor(tx, account, facts);
    const { status, ...details } = facts;
    const inserted = await tx
      .insert(subscriptions)
      .values({ ...details, status, merchantId: account.merchantId, accountId: account.id, gateway: account.gateway, orderId })
      .onConflictDoNothing()
      .returning({ id: subscriptions.id });
    if (inserted[0]) {
      await recordHistory(tx, { entityType: 'subscription', entityId: inserted[0].id, from: null, to: status, by });
      if (orderId && status === 'authorized') {
        await tx.update(orders).set({ status: 'paid', reconcileAt: null, updatedAt: new Date() }).where(eq(orders.id, orderId));
      }
      return { id: inserted[0].id, change: 'created', from: null, to: status };
    }
    const [existing] = await tx.select().from(subscriptions).where(key).for('update').limit(1);
    if (!existing) throw new Error(`subscription ${facts.gatewaySubscriptionId} vanished`);
    const newer = !existing.gatewayUpdatedAt || !facts.gatewayUpdatedAt || facts.gatewayUpdatedAt >= existing.gatewayUpdatedAt;
    if (!canMoveSubscription(existing, { status, gatewayUpdatedAt: facts.gatewayUpdatedAt })) {
      // Same status, newer facts (e.g. the next payment date): keep the details current.
      if (newer && existing.status === status) {
        await tx.update(subscriptions).set({ ...details, updatedAt: new Date() }).where(eq(subscriptions.id, existing.id));
      }
      return { id: existing.id, change: 'unchanged', from: existing.status, to: existing.status };
    }
    await tx
      .update(subscriptions)
      .set({ ...details, status, orderId: existing.orderId ?? orderId, updatedAt: new Date() })
      .where(eq(subscriptions.id, existing.id));
    await recordHistory(tx, { entityType: 'subscription', entityId: existing.id, from: existing.status, to: status, by });
    const subscriptionOrder = existing.orderId ?? orderId;
    if (subscriptionOrder && status === 'authorized') {
      await tx.update(orders).set({ status: 'paid', reconcileAt: null, updatedAt: new Date() }).where(eq(orders.id, subscriptionOrder));
    }
    return { id: existing.id, change: 'moved', from: existing.status, to: status };
  });
}

export type ChargeFacts = {
  gatewayChargeId: string;
  /** The gateway's own attempt number (Mercado Pago's retry_attempt), as reported. */
  attempt: number;
  /** The attempt's payment status (approved, rejected…). */
  status: string;
  statusDetail: string | null;
  /** The installment's state (Mercado Pago: scheduled, recycling, processed, cancelled); null when the gateway has none. */
  installmentStatus?: string | null;
  paymentMethodType: string | null;
  amountMinor: number;
  currency: string;
  chargedAt: Date | null;
  nextRetryAt: Date | null;
  gatewayUpdatedAt: Date | null;
};

/** One row per charge attempt; a later report of the same attempt updates it unless it is older. */
export async function recordCharge(subscriptionId: string, facts: ChargeFacts): Promise<'created' | 'updated' | 'unchanged'> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(subscriptionCharges).values({ ...facts, subscriptionId }).onConflictDoNothing().returning({ id: subscriptionCharges.id });
    if (inserted[0]) return 'created';
    const [existing] = await tx
      .select()
      .from(subscriptionCharges)
      .where(
        and(
          eq(subscriptionCharges.subscriptionId, subscriptionId),
          eq(subscriptionCharges.gatewayChargeId, facts.gatewayChargeId),
          eq(subscriptionCharges.attempt, facts.attempt),
        ),
      )
      .for('update')
      .limit(1);
    if (!existing) throw new Error(`charge ${facts.gatewayChargeId} vanished`);
    const older = existing.gatewayUpdatedAt && facts.gatewayUpdatedAt && facts.gatewayUpdatedAt < existing.gatewayUpdatedAt;
    const same =
      existing.status === facts.status &&
      existing.installmentStatus === (facts.installmentStatus ?? null) &&
      existing.nextRetryAt?.getTime() === facts.nextRetryAt?.getTime();
    if (older || same) return 'unchanged';
    await tx.update(subscriptionCharges).set({ ...facts, updatedAt: new Date() }).where(eq(subscriptionCharges.id, existing.id));
    return 'updated';
  });
}

export async function findSubscriptionId(accountId: string, gatewaySubscriptionId: string): Promise<string | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.accountId, accountId), eq(subscriptions.gatewaySubscriptionId, gatewaySubscriptionId)))
    .limit(1);
  return row?.id;
}

/** How many attempts of one installment we know of (each retry is its own row). */
export async function countInstallmentAttempts(subscriptionId: string, gatewayChargeId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ attempts: count() })
    .from(subscriptionCharges)
    .where(and(eq(subscriptionCharges.subscriptionId, subscriptionId), eq(subscriptionCharges.gatewayChargeId, gatewayChargeId)));
  return row?.attempts ?? 0;
}
