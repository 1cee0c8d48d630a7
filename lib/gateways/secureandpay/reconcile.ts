// Reconciliation with Secure and Pay (issue 12), through the contract's status lookups (docs/secureandpay-api.md
// §5–6, GW-SP4): an order keeps the id of the hosted payment or subscription its checkout created, and that object
// says whether the customer paid. A payment or subscription of another amount or currency than the order's is a
// mismatch and is not recorded; one of another site is never read (the API answers 404, and api.ts refuses an object
// naming another site). What is recorded is recorded as the notification processor (process.ts) records it: the
// payment, and for a subscription charge the subscription, its past-due window (SP7) and the charge, with the
// alerts it raises, and `by` (reconciliation or Check now) in the history.
import 'server-only';
import { getDb } from '@/db';
import { getProcessingAccount, recordCharge, recordPayment, recordSubscription, type ProcessingAccount } from '@/db/queries/payments';
import { endPastDue, startPastDue } from '@/db/queries/past-due';
import type { PaymentStatus, SubscriptionStatus } from '@/core/payment-status';
import { notifyPaymentFailed, notifySubscriptionCancelled } from '@/lib/alerts/notify';
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

// The same mappings as process.ts: a reconciled row must read exactly as a notified one.
const PAYMENT_STATUS: Record<SecureAndPayPayment['status'], PaymentStatus> = {
  pending: 'pending',
  succeeded: 'approved',
  failed: 'rejected',
  refunded: 'refunded',
};

const SUBSCRIPTION_STATUS: Record<SecureAndPaySubscription['status'], SubscriptionStatus> = {
  pending: 'pending',
  active: 'authorized',
  past_due: 'past_due',
  cancelled: 'cancelled',
};

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

async function recordSiteSubscription(recording: Recording, subscription: SecureAndPaySubscription) {
  return recordSubscription(
    recording.account,
    {
      gatewaySubscriptionId: subscription.id,
      reference: subscription.reference,
      status: SUBSCRIPTION_STATUS[subscription.status],
      amountMinor: subscription.amount,
      currency: subscription.currency,
      // SP6: Secure and Pay counts subscription periods in days only.
      intervalUnit: 'days',
      intervalCount: subscription.interval_days,
      nextPaymentAt: subscription.current_period_end ? new Date(subscription.current_period_end) : null,
      payerEmail: subscription.customer.email,
      gatewayUpdatedAt: new Date(subscription.updated),
    },
    recording.by,
  );
}

/** A subscription without a charge to tell (cancelled before paying): as process.ts's subscription.cancelled. */
async function recordSubscriptionOnly(recording: Recording, subscription: SecureAndPaySubscription): Promise<ReconciledRecord[]> {
  const change = await recordSiteSubscription(recording, subscription);
  if (change.to === 'cancelled') await notifySubscriptionCancelled(await getDb(), change.id, recording.now);
  return [{ kind: 'subscription', id: change.id, resourceId: subscription.id, change: change.change, status: change.to }];
}

/**
 * A payment read from Secure and Pay (and its subscription, for a charge), recorded as process.ts records a
 * payment.succeeded / payment.failed / refund.succeeded notification.
 */
async function recordSitePayment(recording: Recording, payment: SecureAndPayPayment, subscription: SecureAndPaySubscription | null): Promise<ReconciledRecord[]> {
  const { account, by, now } = recording;
  const records: ReconciledRecord[] = [];
  let subscriptionId: string | null = null;
  if (subscription) {
    const change = await recordSiteSubscription(recording, subscription);
    subscriptionId = change.id;
    // SP7: past due from the failure's moment; paid again: no countdown.
    if (change.to === 'past_due' && payment.status === 'failed') await startPastDue(await getDb(), change.id, new Date(payment.updated));
    else if (change.to === 'authorized') await endPastDue(await getDb(), change.id);
    // SP7: Secure and Pay does not retry a failed charge: every charge is its own payment, attempt 1.
    await recordCharge(change.id, {
      gatewayChargeId: payment.id,
      attempt: 1,
      status: PAYMENT_STATUS[payment.status],
      statusDetail: payment.failure_reason,
      paymentMethodType: 'card',
      amountMinor: payment.amount,
      currency: payment.currency,
      chargedAt: new Date(payment.created),
      nextRetryAt: null,
      gatewayUpdatedAt: new Date(payment.updated),
    });
    records.push({ kind: 'subscription', id: change.id, resourceId: subscription.id, change: change.change, status: change.to });
  }
  const change = await recordPayment(
    account,
    {
      gatewayPaymentId: payment.id,
      reference: payment.reference,
      subscriptionId,
      amountMinor: payment.amount,
      currency: payment.currency,
      status: PAYMENT_STATUS[payment.status],
      statusDetail: payment.failure_reason,
      paymentMethodType: 'card',
      payerEmail: payment.customer.email,
      payerName: `${payment.customer.first_name} ${payment.customer.last_name}`.trim() || null,
      gatewayCreatedAt: new Date(payment.created),
      approvedAt: payment.status === 'succeeded' || payment.status === 'refunded' ? new Date(payment.updated) : null,
      gatewayUpdatedAt: new Date(payment.updated),
    },
    by,
  );
  if (change.to === 'rejected' && payment.status === 'failed') await notifyPaymentFailed(await getDb(), change.id, now);
  records.unshift({ kind: 'payment', id: change.id, resourceId: payment.id, change: change.change, status: change.to });
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
      return { outcome: 'found', records: await recordSitePayment(recording, charge.payment, subscription) };
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
  return { outcome: 'found', records: await recordSitePayment(recording, payment, null) };
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
  return { outcome: 'found', records: await recordSitePayment(recording, payment, subscription) };
}

export const secureandpayReconcile: GatewayReconcile = { order: reconcileOrder, payment: reconcilePayment };
