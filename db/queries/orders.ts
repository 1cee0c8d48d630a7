// Orders made on the public payment pages. An order is stored (pending) before the gateway's checkout is
// created, so a gateway error leaves it retryable; its `submissionKey` (one per page load) makes a double submit
// one order. Each write is a single statement: nothing is ever half-written.
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import type { Locale } from '@/core/locales';
import { orders, type Order } from '@/db/schema';
import { isUuid } from './prices';

export type NewOrder = {
  submissionKey: string;
  merchantId: string;
  priceId: string;
  accountId: string;
  amountMinor: number;
  currency: string;
  customerEmail: string;
  customerFirstName: string;
  customerLastName: string;
  taxIdType: string | null;
  taxIdNumber: string | null;
  /** The page's language when the customer submitted (their emails follow it). */
  locale: Locale;
};

export type PlaceOrderResult = { ok: true; order: Order; created: boolean } | { ok: false; error: 'key_reused' };

/**
 * Stores the order, or returns the one this submission key already made. A submission that comes back after a
 * gateway error (still pending) takes the customer's corrected fields; one whose checkout exists is returned
 * as it is, so the customer is sent to the same checkout again.
 */
export async function placeOrder(input: NewOrder): Promise<PlaceOrderResult> {
  const db = await getDb();
  const [inserted] = await db.insert(orders).values(input).onConflictDoNothing({ target: orders.submissionKey }).returning();
  if (inserted) return { ok: true, order: inserted, created: true };

  const [existing] = await db.select().from(orders).where(eq(orders.submissionKey, input.submissionKey)).limit(1);
  // A key from another page (or forged) must not touch someone else's order.
  if (!existing || existing.priceId !== input.priceId) return { ok: false, error: 'key_reused' };
  if (existing.status !== 'pending') return { ok: true, order: existing, created: false };
  const [updated] = await db
    .update(orders)
    .set({
      amountMinor: input.amountMinor,
      currency: input.currency,
      customerEmail: input.customerEmail,
      customerFirstName: input.customerFirstName,
      customerLastName: input.customerLastName,
      taxIdType: input.taxIdType,
      taxIdNumber: input.taxIdNumber,
      locale: input.locale,
      updatedAt: new Date(),
    })
    .where(and(eq(orders.id, existing.id), eq(orders.status, 'pending')))
    .returning();
  return { ok: true, order: updated ?? existing, created: false };
}

/**
 * The gateway's checkout exists: remember where it is, so a resubmit goes to the same one. `reconcileAt`: the first
 * reconciliation check (lib/reconciliation/schedule.ts), null when the gateway cannot be asked about an order.
 */
export async function markCheckoutCreated(orderId: string, checkout: { id: string; url: string }, reconcileAt: Date | null = null): Promise<void> {
  const db = await getDb();
  await db
    .update(orders)
    .set({ status: 'checkout_created', checkoutId: checkout.id, checkoutUrl: checkout.url, lastError: null, reconcileAt, reconcileRound: 0, updatedAt: new Date() })
    .where(and(eq(orders.id, orderId), inArray(orders.status, ['pending', 'checkout_created'])));
}

/** The gateway refused or was unreachable: the order stays pending (retryable) with the reason, for support. */
export async function recordCheckoutError(orderId: string, error: string): Promise<void> {
  const db = await getDb();
  await db
    .update(orders)
    .set({ lastError: error.slice(0, 500), updatedAt: new Date() })
    .where(and(eq(orders.id, orderId), eq(orders.status, 'pending')));
}

/** What the return pages show of an order: only for the price whose page the customer came back to. */
export type ReturnedOrder = Pick<Order, 'id' | 'status' | 'amountMinor' | 'currency' | 'checkoutId' | 'accountId' | 'returnOutcome' | 'returnCheckedAt'>;

export async function getReturnedOrder(priceId: string, orderId: string): Promise<ReturnedOrder | undefined> {
  if (!isUuid(orderId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select({
      id: orders.id,
      status: orders.status,
      amountMinor: orders.amountMinor,
      currency: orders.currency,
      checkoutId: orders.checkoutId,
      accountId: orders.accountId,
      returnOutcome: orders.returnOutcome,
      returnCheckedAt: orders.returnCheckedAt,
    })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.priceId, priceId)))
    .limit(1);
  return row;
}

/** What the return page learned from the gateway for this order (null: the gateway could not tell), and when. */
export async function recordReturnCheck(orderId: string, outcome: string | null, at: Date): Promise<void> {
  const db = await getDb();
  await db.update(orders).set({ returnOutcome: outcome, returnCheckedAt: at }).where(eq(orders.id, orderId));
}

/** The language the customer checked out in (emails to them use it), read inside the writer's transaction. */
export async function getOrderLocale(db: Database, orderId: string): Promise<Locale | undefined> {
  const [row] = await db.select({ locale: orders.locale }).from(orders).where(eq(orders.id, orderId)).limit(1);
  return row?.locale;
}
