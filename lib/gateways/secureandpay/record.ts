// How a Secure and Pay payment or subscription, read through the status lookups (docs/secureandpay-api.md §5–6),
// is recorded — one piece of code for the notification processors (process.ts) and reconciliation (reconcile.ts),
// so a reconciled row reads exactly as a notified one. `by` says who told us (notification, reconciliation, Check now).
import 'server-only';
import { getDb } from '@/db';
import {
  recordCharge,
  recordPayment,
  recordSubscription,
  type Change,
  type PaymentChange,
  type ProcessingAccount,
  type RecordedBy,
} from '@/db/queries/payments';
import { endPastDue, startPastDue } from '@/db/queries/past-due';
import type { PaymentStatus, SubscriptionStatus } from '@/core/payment-status';
import { notifyOrderMismatch, notifyPaymentFailed, notifySubscriptionCancelled } from '@/lib/alerts/notify';
import type { SecureAndPayPayment, SecureAndPaySubscription } from './api';

export const PAYMENT_STATUS: Record<SecureAndPayPayment['status'], PaymentStatus> = {
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

export type SiteRecording = { account: ProcessingAccount; by: RecordedBy; now: Date };

export async function recordSiteSubscription(recording: SiteRecording, subscription: SecureAndPaySubscription): Promise<Change<SubscriptionStatus>> {
  return recordSubscription(
    recording.account,
    {
      gatewaySubscriptionId: subscription.id,
      reference: subscription.reference,
      status: SUBSCRIPTION_STATUS[subscription.status],
      amountMinor: subscription.amount,
      currency: subscription.currency,
      // Seed SP6: Secure and Pay counts subscription periods in days only.
      intervalUnit: 'days',
      intervalCount: subscription.interval_days,
      nextPaymentAt: subscription.current_period_end ? new Date(subscription.current_period_end) : null,
      payerEmail: subscription.customer.email,
      gatewayUpdatedAt: new Date(subscription.updated),
    },
    recording.by,
  );
}

/** A subscription on its own (a subscription event, or one cancelled before paying); a cancellation is told. */
export async function recordSiteSubscriptionEvent(recording: SiteRecording, subscription: SecureAndPaySubscription): Promise<Change<SubscriptionStatus>> {
  const change = await recordSiteSubscription(recording, subscription);
  // Cancelled by the customer or at the gateway; our own 30-day cancellation already told everyone (same key).
  if (change.to === 'cancelled') await notifySubscriptionCancelled(await getDb(), change.id, recording.now);
  return change;
}

export type SitePaymentRecorded = { payment: PaymentChange; subscription: Change<SubscriptionStatus> | null; failureTold: boolean };

/**
 * A payment (and, for a subscription charge, its subscription, its past-due window and the charge), with the failed
 * payment's alert: what payment.succeeded / payment.failed / refund.succeeded tell.
 */
export async function recordSitePayment(recording: SiteRecording, payment: SecureAndPayPayment, subscription: SecureAndPaySubscription | null): Promise<SitePaymentRecorded> {
  let subscriptionChange: Change<SubscriptionStatus> | null = null;
  if (subscription) {
    subscriptionChange = await recordSiteSubscription(recording, subscription);
    // Seed SP7: past due from the failure's moment, counted by the scheduler's 30-day rule; paid again: no countdown.
    if (subscriptionChange.to === 'past_due' && payment.status === 'failed') await startPastDue(await getDb(), subscriptionChange.id, new Date(payment.updated));
    else if (subscriptionChange.to === 'authorized') await endPastDue(await getDb(), subscriptionChange.id);
    // Secure and Pay does not retry a failed charge (seed SP7): every charge is its own payment, attempt 1.
    await recordCharge(subscriptionChange.id, {
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
  }
  const change = await recordPayment(
    recording.account,
    {
      gatewayPaymentId: payment.id,
      reference: payment.reference,
      subscriptionId: subscriptionChange?.id ?? null,
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
    recording.by,
  );
  if (change.orderMismatch) await notifyOrderMismatch(await getDb(), change.id, change.orderMismatch, recording.now);
  const failureTold = change.to === 'rejected' && payment.status === 'failed' && (await notifyPaymentFailed(await getDb(), change.id, recording.now));
  return { payment: change, subscription: subscriptionChange, failureTold };
}
