// Reconciliation with Mercado Pago (issue 12): what a lost notification would have told, found by our order id.
// GW-MP19: `GET /v1/payments/search?external_reference=<order id>` finds a one-time order's payments and
// `GET /preapproval/search?external_reference=<order id>` a subscription order's preapproval. As the processors do
// (GW-MP11), each resource must be the connected account's (collector_id = its user id), and for the order's amount
// and currency, before anything is recorded; what is recorded goes through the processors' own functions, so a row
// looks exactly as a notification would have left it, with `by` (reconciliation or Check now) in its history.
import 'server-only';
import { getProcessingAccount } from '@/db/queries/payments';
import type {
  AccountAccess,
  GatewayReconcile,
  ReconcileBy,
  ReconciledRecord,
  ReconcileOrder,
  ReconcileOutcome,
  ReconcilePayment,
} from '@/lib/gateways/adapter-types';
import { toMinorUnits } from '@/lib/payments/money';
import { recordedChange } from '@/lib/reconciliation/changes';
import { getPayment, MERCADOPAGO_CLIENT, searchPayments, searchPreapprovals, type MercadoPagoBudget, type MercadoPagoFailure } from './api';
import { callOptions } from './checkout';
import { recordMercadoPagoPayment, recordMercadoPagoPreapproval, type MercadoPagoRecording } from './process';

/**
 * Each call's time budget (MERCADOPAGO_CLIENT's rules apply within it). The scheduled job checks its batch one order
 * after the other and a failed check is simply asked again next round, so it does not ride out long outages the
 * way the webhook worker does; Check now has the merchant watching, like Connect.
 */
const BUDGETS: Record<ReconcileBy['source'], MercadoPagoBudget> = {
  reconciliation: { totalMs: 12_000, attemptMs: 6_000 },
  check_now: MERCADOPAGO_CLIENT.budgets.connect,
};

/** One search page is plenty: an order has a handful of payments at most (a declined card, then another). */
const SEARCH_LIMIT = 50;

const failed = (failure: MercadoPagoFailure): ReconcileOutcome => ({ outcome: 'failed', reason: failure.reason });

/** Why a resource naming the order cannot be recorded for it, or null when it can. */
function problemOf(
  resource: { collectorId: number; amount: number; currency: string },
  expected: { amountMinor: number; currency: string },
  userId: string,
): 'account' | 'amount' | 'currency' | null {
  if (String(resource.collectorId) !== userId) return 'account';
  if (resource.currency !== expected.currency) return 'currency';
  if (toMinorUnits(resource.amount, resource.currency) !== expected.amountMinor) return 'amount';
  return null;
}

type Prepared = { recording: MercadoPagoRecording; userId: string };

async function prepare(access: AccountAccess, by: ReconcileBy): Promise<Prepared | ReconcileOutcome> {
  const userId = access.account.externalAccountId;
  const api = await callOptions(access, BUDGETS[by.source]);
  if (!api || !userId) return { outcome: 'failed', reason: 'no_credentials' };
  const account = await getProcessingAccount(access.account.id);
  if (!account) return { outcome: 'failed', reason: 'not_found' };
  return { recording: { account, api, by, now: new Date() }, userId };
}

const isOutcome = (value: Prepared | ReconcileOutcome): value is ReconcileOutcome => 'outcome' in value;

/** GW-MP19: the order's payments (one-time) or preapproval (subscription), by our order id. */
async function reconcileOrder(access: AccountAccess, order: ReconcileOrder, by: ReconcileBy): Promise<ReconcileOutcome> {
  const prepared = await prepare(access, by);
  if (isOutcome(prepared)) return prepared;
  const { recording, userId } = prepared;
  const records: ReconciledRecord[] = [];

  if (order.kind === 'subscription') {
    const found = await searchPreapprovals(recording.api, { externalReference: order.id, limit: SEARCH_LIMIT });
    if (!found.ok) return failed(found);
    const preapprovals = found.search.results;
    for (const preapproval of preapprovals) {
      const recurring = preapproval.auto_recurring;
      const problem = problemOf({ collectorId: preapproval.collector_id, amount: recurring.transaction_amount, currency: recurring.currency_id }, order, userId);
      if (problem) return { outcome: 'mismatch', kind: 'subscription', resourceId: preapproval.id, problem };
    }
    for (const preapproval of preapprovals) {
      // Our own checkout is a pending preapproval until the customer authorizes it: that alone is nothing new.
      const record = await recordedChange(recording.account.id, 'subscription', preapproval.id, async () => {
        if (preapproval.status !== 'pending') await recordMercadoPagoPreapproval(recording, preapproval);
      });
      if (record) records.push(record);
    }
    return records.length > 0 ? { outcome: 'found', records } : { outcome: 'nothing_yet' };
  }

  const found = await searchPayments(recording.api, { externalReference: order.id, limit: SEARCH_LIMIT });
  if (!found.ok) return failed(found);
  const payments = found.search.results;
  for (const payment of payments) {
    const problem = problemOf({ collectorId: payment.collector_id, amount: payment.transaction_amount, currency: payment.currency_id }, order, userId);
    if (problem) return { outcome: 'mismatch', kind: 'payment', resourceId: String(payment.id), problem };
  }
  // The search answers newest first; recorded oldest first, as their notifications would have come.
  for (const payment of [...payments].reverse()) {
    const record = await recordedChange(recording.account.id, 'payment', String(payment.id), () => recordMercadoPagoPayment(recording, payment));
    if (record) records.push(record);
  }
  return records.length > 0 ? { outcome: 'found', records } : { outcome: 'nothing_yet' };
}

/** One payment we hold, read again (`GET /v1/payments/{id}`, as its notification would have had it read). */
async function reconcilePayment(access: AccountAccess, known: ReconcilePayment, by: ReconcileBy): Promise<ReconcileOutcome> {
  const prepared = await prepare(access, by);
  if (isOutcome(prepared)) return prepared;
  const { recording, userId } = prepared;
  const fetched = await getPayment(recording.api, known.gatewayPaymentId);
  if (!fetched.ok) return failed(fetched);
  const payment = fetched.payment;
  const problem = problemOf({ collectorId: payment.collector_id, amount: payment.transaction_amount, currency: payment.currency_id }, known, userId);
  if (problem) return { outcome: 'mismatch', kind: 'payment', resourceId: String(payment.id), problem };
  const record = await recordedChange(recording.account.id, 'payment', String(payment.id), () => recordMercadoPagoPayment(recording, payment));
  return record ? { outcome: 'found', records: [record] } : { outcome: 'nothing_yet' };
}

export const mercadopagoReconcile: GatewayReconcile = { order: reconcileOrder, payment: reconcilePayment };
