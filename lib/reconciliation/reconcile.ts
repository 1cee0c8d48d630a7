// Reconciliation (issue 12): no order stays pending because a notification was lost. Shared code: it asks a
// gateway through its adapter's `reconcile` (lib/gateways/<id>/reconcile.ts records what it finds exactly as the
// notification would have), tells the merchant what no notification told (`notification_missed`) or what does not
// match (`reconciliation_mismatch`), and keeps each order on the schedule (schedule.ts) until it is settled or the
// schedule is over. Used by the scheduler's `reconcile-orders` job and by Check now. No transaction is open while a
// gateway is asked: the job claims its batch in its locked transaction and checks after it has committed.
import 'server-only';
import { getDb } from '@/db';
import {
  advanceSchedule,
  endSchedule,
  getOrderToCheck,
  getPaymentToCheck,
  hasWaitingNotification,
  isOrderSettled,
  listAwaitingOrders,
  markChecked,
  type AwaitingOrderRow,
  type OrderToCheck,
} from '@/db/queries/reconciliation';
import { isUuid } from '@/db/queries/prices';
import { notifyCredentialsRejected, notifyNotificationMissed, notifyReconciliationMismatch } from '@/lib/alerts/notify';
import type { ReconcileBy, ReconcileOutcome } from '@/lib/gateways/adapter-types';
import { accountAccess, gatewayOf } from '@/lib/gateways/adapters';
import { log } from '@/lib/server/log';
import type { GatewayId } from '@/core/gateway-ids';
import { nextCheck } from './schedule';
import { isCheckablePayment } from './statuses';

/**
 * What a check came to: the gateway's outcome, or why the gateway was not asked (`unsupported`: its API cannot tell;
 * `settled`: the order needs no check; `final`: the payment cannot change any more; `missing`: not the merchant's,
 * or not there).
 */
export type CheckResult =
  | (ReconcileOutcome & { gateway: GatewayId })
  | { outcome: 'unsupported' | 'settled' | 'final'; gateway: GatewayId }
  | { outcome: 'missing' };

type Account = OrderToCheck['account'];

/** Tells the merchant what the check found: once per record, or per mismatching resource (the alerts' keys). */
async function tell(outcome: ReconcileOutcome, account: Account, href: string, now: Date): Promise<void> {
  const db = await getDb();
  if (outcome.outcome === 'found') {
    // Created, or its status moved: a notification should have told us. A mere detail, or nothing new, is not that;
    // nor is news whose notification is in the inbox, waiting for the worker (it arrived, it is only late).
    for (const record of outcome.records) {
      if (record.change !== 'created' && record.change !== 'moved') continue;
      if (await hasWaitingNotification(account.id, record.resourceId)) continue;
      await notifyNotificationMissed(db, record, now);
    }
  } else if (outcome.outcome === 'mismatch') {
    const { kind, resourceId, problem } = outcome;
    await notifyReconciliationMismatch(db, { merchantId: account.merchantId, accountId: account.id, gateway: account.gateway, kind, resourceId, problem, href }, now);
  } else if (outcome.outcome === 'failed' && outcome.reason === 'unauthorized') {
    // The merchant must act (new credentials): told once per account, as the webhook worker tells it.
    await notifyCredentialsRejected(db, account, now);
  }
}

/** Asks the gateway through `ask`; a gateway module that throws is a failed check (logged), never a stuck one. */
async function ask(account: Account, what: Record<string, string>, call: () => Promise<ReconcileOutcome>): Promise<ReconcileOutcome> {
  try {
    return await call();
  } catch (error) {
    log.error('reconciliation check failed', { ...what, accountId: account.id, error: error instanceof Error ? error.message : String(error) });
    return { outcome: 'failed', reason: 'unexpected' };
  }
}

/** Asks the gateway about one order and tells the merchant what it found. */
export async function reconcileOrder(target: OrderToCheck, source: ReconcileBy['source'], now: Date): Promise<CheckResult> {
  const { order, account } = target;
  const reconcile = gatewayOf(account.gateway).reconcile.order;
  if (!reconcile) return { outcome: 'unsupported', gateway: account.gateway };
  const by: ReconcileBy = { eventId: null, source };
  const outcome = await ask(account, { orderId: order.id }, () =>
    reconcile(accountAccess(account), { id: order.id, kind: order.kind, amountMinor: order.amountMinor, currency: order.currency, checkoutId: order.checkoutId }, by),
  );
  await tell(outcome, account, '/payments', now);
  return { ...outcome, gateway: account.gateway };
}

/** What a tick did: orders claimed, asked about, by outcome, found settled, and taken off the schedule. */
export type ScheduledChecks = {
  claimed: number;
  checked: number;
  found: number;
  nothing_yet: number;
  mismatch: number;
  failed: number;
  settled: number;
  ended: number;
};

const TALLY: Partial<Record<CheckResult['outcome'], keyof ScheduledChecks>> = { found: 'found', nothing_yet: 'nothing_yet', mismatch: 'mismatch', failed: 'failed' };

/**
 * The job's work on a claimed batch (after its claim committed): each order is asked about unless it is already
 * settled, then moved to its next round, or off the schedule when settled or when the schedule is over. A failed
 * check (the gateway unreachable) is simply asked again next round.
 */
export async function runScheduledChecks(batch: readonly OrderToCheck[], now: Date): Promise<ScheduledChecks> {
  const counts: ScheduledChecks = { claimed: batch.length, checked: 0, found: 0, nothing_yet: 0, mismatch: 0, failed: 0, settled: 0, ended: 0 };
  for (const target of batch) {
    const { order } = target;
    let result: CheckResult | null = null;
    if (!(await isOrderSettled(order.id))) {
      result = await reconcileOrder(target, 'reconciliation', now);
      counts.checked++;
      const tally = TALLY[result.outcome];
      if (tally) counts[tally]++;
    }
    const settled = await isOrderSettled(order.id);
    if (settled) counts.settled++;
    const next = settled || result?.outcome === 'unsupported' || !order.reconcileAt ? null : nextCheck({ reconcileAt: order.reconcileAt, round: order.reconcileRound }, now);
    if ((await advanceSchedule(order.id, order, next)) && !next) counts.ended++;
  }
  return counts;
}

/** Check now on an order awaiting payment: asked at once, whatever its schedule says (which stays as it is). */
export async function checkOrderNow(merchantId: string, orderId: string, now: Date): Promise<CheckResult> {
  const target = isUuid(orderId) ? await getOrderToCheck(merchantId, orderId) : undefined;
  if (!target) return { outcome: 'missing' };
  const gateway = target.account.gateway;
  if (!canCheckOrder(gateway)) return { outcome: 'unsupported', gateway };
  if (await isOrderSettled(orderId)) {
    await endSchedule(orderId);
    return { outcome: 'settled', gateway };
  }
  await markChecked(orderId, now);
  const result = await reconcileOrder(target, 'check_now', now);
  if (await isOrderSettled(orderId)) await endSchedule(orderId);
  return result;
}

/** Check now on a payment that is not final: the gateway reads it again and what it says is recorded. */
export async function checkPaymentNow(merchantId: string, paymentId: string, now: Date): Promise<CheckResult> {
  const target = isUuid(paymentId) ? await getPaymentToCheck(merchantId, paymentId) : undefined;
  if (!target) return { outcome: 'missing' };
  const { payment, account, expected } = target;
  if (!isCheckablePayment(payment.status)) return { outcome: 'final', gateway: account.gateway };
  const reconcile = gatewayOf(account.gateway).reconcile.payment;
  if (!reconcile) return { outcome: 'unsupported', gateway: account.gateway };
  const by: ReconcileBy = { eventId: null, source: 'check_now' };
  const outcome = await ask(account, { paymentId: payment.id }, () =>
    reconcile(accountAccess(account), { gatewayPaymentId: payment.gatewayPaymentId, ...expected }, by),
  );
  await tell(outcome, account, `/payments/${payment.id}`, now);
  if (payment.orderId && (await isOrderSettled(payment.orderId))) await endSchedule(payment.orderId);
  return { ...outcome, gateway: account.gateway };
}

/** Whether the gateway can read a payment again (Check now on a payment's page). */
export const canReadPayments = (gateway: GatewayId): boolean => gatewayOf(gateway).reconcile.payment !== null;

/** Whether Check now is offered for a payment (not final, and its gateway can read a payment again). */
export const canCheckPayment = (gateway: GatewayId, status: string): boolean => gatewayOf(gateway).reconcile.payment !== null && isCheckablePayment(status);

/** Whether Check now is offered for an order of this gateway. */
export const canCheckOrder = (gateway: GatewayId): boolean => gatewayOf(gateway).reconcile.order !== null;

/** The merchant's list of orders awaiting payment: checkouts started in the last this many days… */
export const AWAITING_WINDOW_DAYS = 30;
/** …the newest this many of them. */
export const AWAITING_LIMIT = 20;

export type AwaitingOrder = AwaitingOrderRow & { checkable: boolean };

/** Orders whose checkout started and that are not settled (no final payment yet), with whether Check now applies. */
export async function listOrdersAwaitingPayment(merchantId: string, now: Date): Promise<{ rows: AwaitingOrder[]; total: number }> {
  const since = new Date(now.getTime() - AWAITING_WINDOW_DAYS * 86_400_000);
  const { rows, total } = await listAwaitingOrders(merchantId, { since, limit: AWAITING_LIMIT });
  return { rows: rows.map((row) => ({ ...row, checkable: canCheckOrder(row.gateway) })), total };
}
