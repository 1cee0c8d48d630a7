// Reconciliation with Secure and Pay (issue 12), through the contract's status lookups (docs/secureandpay-api.md
// §5–6, GW-SP4): an order keeps the id of the hosted payment or subscription its checkout created, and that object
// says whether the customer paid. A payment or subscription of another amount or currency than the order's is a
// mismatch and is not recorded; one of another site is never read (the API answers 404, and api.ts refuses an object
// naming another site). What is recorded is recorded as the notification processor (process.ts) records it: the
// payment, and for a subscription charge the subscription, its past-due window (SP7) and the charge, with the
// alerts it raises, and `by` (reconciliation or Check now) in the history.
import 'server-only';
import { getProcessingAccount, type ProcessingAccount } from '@/db/queries/payments';
import type {
  AccountAccess,
  GatewayReconcile,
  ReconcileBy,
  ReconciledRecord,
  ReconcileOrder,
  ReconcileOutcome,
  ReconcilePayment,
} from '@/lib/gateways/adapter-types';
import {
  getPayment,
  getSubscription,
  type SecureAndPayCallOptions,
  type SecureAndPayFailure,
  type SecureAndPayPayment,
  type SecureAndPaySubscription,
} from './api';
import { callOptions } from './checkout';
import { recordSitePayment, recordSiteSubscriptionEvent } from './record';

/** Check now has the merchant watching; the scheduled job takes the client's usual time-out. */
const TIMEOUT_MS: Record<ReconcileBy['source'], number | undefined> = { reconciliation: undefined, check_now: 7_000 };

const failed = (failure: SecureAndPayFailure): ReconcileOutcome => ({ outcome: 'failed', reason: failure.reason });

function problemOf(object: { amount: number; currency: string }, expected: { amountMinor: number; currency: string }): 'amount' | 'currency' | null {
  if (object.currency !== expected.currency) return 'currency';
  if (object.amount !== expected.amountMinor) return 'amount';
  return null;
}

type Recording = { account: ProcessingAccount; api: SecureAndPayCallOptions; by: ReconcileBy; now: Date };

async function prepare(access: AccountAccess, by: ReconcileBy): Promise<Recording | ReconcileOutcome> {
  const api = await callOptions(access, TIMEOUT_MS[by.source]);
  if (!api) return { outcome: 'failed', reason: 'no_credentials' };
  const account = await getProcessingAccount(access.account.id);
  if (!account) return { outcome: 'failed', reason: 'not_found' };
  return { account, api, by, now: new Date() };
}

const isOutcome = (value: Recording | ReconcileOutcome): value is ReconcileOutcome => 'outcome' in value;

/** A subscription without a charge to tell (cancelled before paying): as process.ts's subscription events. */
async function recordSubscriptionOnly(recording: Recording, subscription: SecureAndPaySubscription): Promise<ReconciledRecord[]> {
  const change = await recordSiteSubscriptionEvent(recording, subscription);
  return [{ kind: 'subscription', id: change.id, resourceId: subscription.id, change: change.change, status: change.to }];
}

/** A payment (and its subscription, for a charge), recorded exactly as its notification would have been (record.ts). */
async function recordPaymentOf(recording: Recording, payment: SecureAndPayPayment, subscription: SecureAndPaySubscription | null): Promise<ReconciledRecord[]> {
  const recorded = await recordSitePayment(recording, payment, subscription);
  const records: ReconciledRecord[] = [{ kind: 'payment', id: recorded.payment.id, resourceId: payment.id, change: recorded.payment.change, status: recorded.payment.to }];
  if (subscription && recorded.subscription) {
    records.push({ kind: 'subscription', id: recorded.subscription.id, resourceId: subscription.id, change: recorded.subscription.change, status: recorded.subscription.to });
  }
  return records;
}

/** The hosted payment or subscription the order's checkout created (GW-SP4). */
async function reconcileOrder(access: AccountAccess, order: ReconcileOrder, by: ReconcileBy): Promise<ReconcileOutcome> {
  const recording = await prepare(access, by);
  if (isOutcome(recording)) return recording;
  if (!order.checkoutId) return { outcome: 'nothing_yet' };

  if (order.kind === 'subscription') {
    const read = await getSubscription(recording.api, order.checkoutId);
    if (!read.ok) return failed(read);
    const subscription = read.subscription;
    const problem = problemOf(subscription, order);
    if (problem) return { outcome: 'mismatch', kind: 'subscription', resourceId: subscription.id, problem };
    if (subscription.last_payment_id) {
      // The first charge (or the latest): what its payment.succeeded / payment.failed notification would have told.
      const charge = await getPayment(recording.api, subscription.last_payment_id);
      if (!charge.ok) return failed(charge);
      const chargeProblem = problemOf(charge.payment, order);
      if (chargeProblem) return { outcome: 'mismatch', kind: 'payment', resourceId: charge.payment.id, problem: chargeProblem };
      return { outcome: 'found', records: await recordPaymentOf(recording, charge.payment, subscription) };
    }
    // Still waiting for its first charge on the hosted page: nothing a notification would have said.
    if (subscription.status === 'pending') return { outcome: 'nothing_yet' };
    return { outcome: 'found', records: await recordSubscriptionOnly(recording, subscription) };
  }

  const read = await getPayment(recording.api, order.checkoutId);
  if (!read.ok) return failed(read);
  const payment = read.payment;
  const problem = problemOf(payment, order);
  if (problem) return { outcome: 'mismatch', kind: 'payment', resourceId: payment.id, problem };
  // The hosted page not completed yet: Secure and Pay notifies nothing about a pending payment (§8).
  if (payment.status === 'pending') return { outcome: 'nothing_yet' };
  return { outcome: 'found', records: await recordPaymentOf(recording, payment, null) };
}

/** One payment we hold, read again (§5), with its subscription when it is a charge (§6). */
async function reconcilePayment(access: AccountAccess, known: ReconcilePayment, by: ReconcileBy): Promise<ReconcileOutcome> {
  const recording = await prepare(access, by);
  if (isOutcome(recording)) return recording;
  const read = await getPayment(recording.api, known.gatewayPaymentId);
  if (!read.ok) return failed(read);
  const payment = read.payment;
  const problem = problemOf(payment, known);
  if (problem) return { outcome: 'mismatch', kind: 'payment', resourceId: payment.id, problem };
  let subscription: SecureAndPaySubscription | null = null;
  if (payment.subscription_id) {
    const parent = await getSubscription(recording.api, payment.subscription_id);
    if (!parent.ok) return failed(parent);
    subscription = parent.subscription;
  }
  return { outcome: 'found', records: await recordPaymentOf(recording, payment, subscription) };
}

export const secureandpayReconcile: GatewayReconcile = { order: reconcileOrder, payment: reconcilePayment };
