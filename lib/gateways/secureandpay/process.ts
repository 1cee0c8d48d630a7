// Secure and Pay's notification processors (docs/secureandpay-api.md, section 8). Notifications are signed, so the
// body says what happened; the current state still comes from the status lookups the contract offers
// (sections 5–6), because events can arrive out of order. Other event types are acknowledged and recorded only.
import 'server-only';
import { getDb } from '@/db';
import type { WebhookEvent } from '@/db/schema';
import {
  byNotification,
  getProcessingAccount,
  recordCharge,
  recordPayment,
  recordSubscription,
  type ProcessingAccount,
} from '@/db/queries/payments';
import { endPastDue, startPastDue } from '@/db/queries/past-due';
import { notifyCredentialsRejected, notifyPaymentFailed, notifySubscriptionCancelled } from '@/lib/alerts/notify';
import { describeStatusChange, type PaymentStatus, type SubscriptionStatus } from '@/core/payment-status';
import { readAccountSecret } from '@/lib/gateways/secrets';
import { acknowledgeOnly, type GatewayProcessors, type ProcessorOutcome, type WebhookProcessor } from '@/lib/webhooks/processor';
import {
  getPayment,
  getSubscription,
  type SecureAndPayCallOptions,
  type SecureAndPayFailure,
  type SecureAndPayPayment,
  type SecureAndPaySubscription,
} from './api';
import { secureandpayApiUrl } from './api-url';
import { secureandpayNotificationSchema, type SecureAndPayNotification } from './webhook';

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

async function failureOutcome(account: ProcessingAccount, what: string, failure: SecureAndPayFailure, now: Date): Promise<ProcessorOutcome> {
  if (failure.reason === 'not_found') {
    return { status: 'rejected', result: `Rejected: Secure and Pay has no ${what} for this site (404); nothing changed, not retried.` };
  }
  // The merchant must act (new API secret); the queue keeps retrying meanwhile, and they are told once.
  if (failure.reason === 'unauthorized') await notifyCredentialsRejected(await getDb(), account, now);
  throw new Error(`Secure and Pay answered ${failure.reason}${failure.status ? ` (${failure.status})` : ''} for ${what}`);
}

type Prepared = { account: ProcessingAccount; api: SecureAndPayCallOptions; notification: SecureAndPayNotification };

async function prepare(event: WebhookEvent): Promise<Prepared | ProcessorOutcome> {
  const account = await getProcessingAccount(event.accountId);
  if (!account?.externalAccountId) throw new Error('account not found or not connected');
  const parsed = secureandpayNotificationSchema.safeParse(JSON.parse(event.rawBody));
  if (!parsed.success) return { status: 'ignored', result: 'The notification body is not in Secure and Pay’s shape.' };
  if (parsed.data.site_id !== account.externalAccountId) {
    return { status: 'rejected', result: `Rejected: the notification is for site ${parsed.data.site_id}, not this account’s; nothing changed.` };
  }
  const apiSecret = await readAccountSecret(account.id, 'apiSecret');
  if (!apiSecret) throw new Error('the account has no API secret key');
  return { account, api: { baseUrl: secureandpayApiUrl(), siteId: account.externalAccountId, apiSecret }, notification: parsed.data };
}

const isOutcome = (value: object): value is ProcessorOutcome => 'status' in value && 'result' in value;

async function recordSiteSubscription(account: ProcessingAccount, subscription: SecureAndPaySubscription, eventId: string) {
  return recordSubscription(
    account,
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
    byNotification(eventId),
  );
}

/** payment.succeeded, payment.failed, refund.succeeded: the payment (and, for a charge, its subscription). */
const processPaymentEvent: WebhookProcessor = async (event, { now }) => {
  const prepared = await prepare(event);
  if (isOutcome(prepared)) return prepared;
  const { account, api, notification } = prepared;
  const paymentId = notification.data.payment_id;
  if (!paymentId) return { status: 'ignored', result: 'The notification names no payment.' };
  const fetched = await getPayment(api, paymentId);
  if (!fetched.ok) return failureOutcome(account, `payment ${paymentId}`, fetched, now);
  const payment = fetched.payment;
  const results: string[] = [];
  let subscriptionId: string | null = null;
  if (payment.subscription_id) {
    const subscription = await getSubscription(api, payment.subscription_id);
    if (!subscription.ok) return failureOutcome(account, `subscription ${payment.subscription_id}`, subscription, now);
    const change = await recordSiteSubscription(account, subscription.subscription, event.id);
    subscriptionId = change.id;
    // Seed SP7: past due from the failure's moment, counted by the scheduler's 30-day rule; paid again: no countdown.
    if (change.to === 'past_due' && payment.status === 'failed') await startPastDue(await getDb(), change.id, new Date(payment.updated));
    else if (change.to === 'authorized') await endPastDue(await getDb(), change.id);
    // Secure and Pay does not retry a failed charge (seed SP7): every charge is its own payment, attempt 1.
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
    results.push(describeStatusChange(`Subscription ${subscription.subscription.id}`, change));
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
    byNotification(event.id),
  );
  results.unshift(describeStatusChange(`Payment ${payment.id}`, change));
  if (change.to === 'rejected' && payment.status === 'failed' && (await notifyPaymentFailed(await getDb(), change.id, now))) {
    results.push('The merchant and the customer were notified.');
  }
  return { status: 'processed', result: results.join(' ') };
};

const processSubscriptionEvent: WebhookProcessor = async (event, { now }) => {
  const prepared = await prepare(event);
  if (isOutcome(prepared)) return prepared;
  const { account, api, notification } = prepared;
  const subscriptionId = notification.data.subscription_id;
  if (!subscriptionId) return { status: 'ignored', result: 'The notification names no subscription.' };
  const fetched = await getSubscription(api, subscriptionId);
  if (!fetched.ok) return failureOutcome(account, `subscription ${subscriptionId}`, fetched, now);
  const change = await recordSiteSubscription(account, fetched.subscription, event.id);
  // Cancelled by the customer or at the gateway; our own 30-day cancellation already told everyone (same key).
  if (change.to === 'cancelled') await notifySubscriptionCancelled(await getDb(), change.id, now);
  return { status: 'processed', result: describeStatusChange(`Subscription ${fetched.subscription.id}`, change) };
};

export const secureandpayProcessors: GatewayProcessors = {
  byType: new Map<string, WebhookProcessor>([
    ['payment.succeeded', processPaymentEvent],
    ['payment.failed', processPaymentEvent],
    ['refund.succeeded', processPaymentEvent],
    ['subscription.cancelled', processSubscriptionEvent],
  ]),
  otherwise: acknowledgeOnly('Secure and Pay'),
};
