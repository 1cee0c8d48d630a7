// Records what the gateways tell us about payments and subscriptions. Every write is an upsert keyed by the
// gateway's own id, and a status only changes along core/payment-status.ts, inside one transaction with its
// history entry — so processing the same notification twice, or an older one after a newer one, changes
// nothing the second time.
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { gatewayAccounts, orders, payments, statusHistory, subscriptionCharges, subscriptions } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';
import { canMovePayment, canMoveSubscription, type PaymentStatus, type SubscriptionStatus } from '@/core/payment-status';

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

/** Our order, when the gateway's reference is one of this merchant's order ids. */
async function orderFor(tx: Tx, merchantId: string, reference: string | null): Promise<string | null> {
  if (!reference || !/^[0-9a-f-]{36}$/i.test(reference)) return null;
  const [order] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.id, reference), eq(orders.merchantId, merchantId))).limit(1);
  return order?.id ?? null;
}

async function recordHistory(tx: Tx, entry: { entityType: 'payment' | 'subscription'; entityId: string; from: string | null; to: string; eventId: string | null }) {
  await tx
    .insert(statusHistory)
    .values({ entityType: entry.entityType, entityId: entry.entityId, fromStatus: entry.from, toStatus: entry.to, webhookEventId: entry.eventId })
    .onConflictDoNothing();
}

export type PaymentFacts = {
  gatewayPaymentId: string;
  reference: string | null;
  subscriptionId?: string | null;
  amountMinor: number;
  currency: string;
  status: PaymentStatus;
  statusDetail: string | null;
  paymentMethodType: string | null;
  payerEmail: string | null;
  payerName: string | null;
  gatewayCreatedAt: Date | null;
  approvedAt: Date | null;
  gatewayUpdatedAt: Date | null;
};

export async function recordPayment(account: ProcessingAccount, facts: PaymentFacts, eventId: string | null): Promise<Change<PaymentStatus>> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const key = and(eq(payments.accountId, account.id), eq(payments.gatewayPaymentId, facts.gatewayPaymentId));
    const orderId = await orderFor(tx, account.merchantId, facts.reference);
    const { status, ...details } = facts;
    const inserted = await tx
      .insert(payments)
      .values({ ...details, status, merchantId: account.merchantId, accountId: account.id, gateway: account.gateway, orderId })
      .onConflictDoNothing()
      .returning({ id: payments.id });
    let result: Change<PaymentStatus>;
    if (inserted[0]) {
      await recordHistory(tx, { entityType: 'payment', entityId: inserted[0].id, from: null, to: status, eventId });
      result = { id: inserted[0].id, change: 'created', from: null, to: status };
    } else {
      const [existing] = await tx.select().from(payments).where(key).for('update').limit(1);
      if (!existing) throw new Error(`payment ${facts.gatewayPaymentId} vanished`);
      if (!canMovePayment(existing.status, status)) {
        // The same status with another detail (a partial refund keeps `approved`, GW-MP20) is news when the
        // gateway's copy is newer than ours: an older notification processed late must not bring an old detail back.
        const newer = facts.gatewayUpdatedAt !== null && (existing.gatewayUpdatedAt === null || facts.gatewayUpdatedAt > existing.gatewayUpdatedAt);
        if (existing.status === status && newer && facts.statusDetail !== existing.statusDetail) {
          await tx
            .update(payments)
            .set({ statusDetail: facts.statusDetail, gatewayUpdatedAt: facts.gatewayUpdatedAt, updatedAt: new Date() })
            .where(eq(payments.id, existing.id));
          return { id: existing.id, change: 'detail', from: status, to: status, detail: facts.statusDetail };
        }
        return { id: existing.id, change: 'unchanged', from: existing.status, to: existing.status };
      }
      await tx.update(payments).set({ ...details, status, orderId: existing.orderId ?? orderId, updatedAt: new Date() }).where(eq(payments.id, existing.id));
      await recordHistory(tx, { entityType: 'payment', entityId: existing.id, from: existing.status, to: status, eventId });
      result = { id: existing.id, change: 'moved', from: existing.status, to: status };
    }
    if (orderId && status === 'approved') await tx.update(orders).set({ status: 'paid', updatedAt: new Date() }).where(eq(orders.id, orderId));
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

export async function recordSubscription(
  account: ProcessingAccount,
  facts: SubscriptionFacts,
  eventId: string | null,
): Promise<Change<SubscriptionStatus>> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const key = and(eq(subscriptions.accountId, account.id), eq(subscriptions.gatewaySubscriptionId, facts.gatewaySubscriptionId));
    const orderId = await orderFor(tx, account.merchantId, facts.reference);
    const { status, ...details } = facts;
    const inserted = await tx
      .insert(subscriptions)
      .values({ ...details, status, merchantId: account.merchantId, accountId: account.id, gateway: account.gateway, orderId })
      .onConflictDoNothing()
      .returning({ id: subscriptions.id });
    if (inserted[0]) {
      await recordHistory(tx, { entityType: 'subscription', entityId: inserted[0].id, from: null, to: status, eventId });
      if (orderId && status === 'authorized') await tx.update(orders).set({ status: 'paid', updatedAt: new Date() }).where(eq(orders.id, orderId));
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
    await recordHistory(tx, { entityType: 'subscription', entityId: existing.id, from: existing.status, to: status, eventId });
    return { id: existing.id, change: 'moved', from: existing.status, to: status };
  });
}

export type ChargeFacts = {
  gatewayChargeId: string;
  attempt: number;
  status: string;
  statusDetail: string | null;
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
    if (older || (existing.status === facts.status && existing.nextRetryAt?.getTime() === facts.nextRetryAt?.getTime())) return 'unchanged';
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
