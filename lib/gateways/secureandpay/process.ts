// Secure and Pay's notification processors (docs/secureandpay-api.md, section 8). Notifications are signed, so the
// body says what happened; the current state still comes from the status lookups the contract offers
// (sections 5–6), because events can arrive out of order. Other event types are acknowledged and recorded only.
import 'server-only';
import { getDb } from '@/db';
import type { WebhookEvent } from '@/db/schema';
import { byNotification, getProcessingAccount, type ProcessingAccount } from '@/db/queries/payments';
import { notifyCredentialsRejected } from '@/lib/alerts/notify';
import { describeStatusChange } from '@/core/payment-status';
import { readAccountSecret } from '@/lib/gateways/secrets';
import { acknowledgeOnly, RateLimitedError, type GatewayProcessors, type ProcessorOutcome, type WebhookProcessor } from '@/lib/webhooks/processor';
import {
  getPayment,
  getSubscription,
  type SecureAndPayCallOptions,
  type SecureAndPayFailure,
  type SecureAndPaySubscription,
} from './api';
import { secureandpayApiUrl } from './api-url';
import { recordSitePayment, recordSiteSubscriptionEvent } from './record';
import { secureandpayNotificationSchema, type SecureAndPayNotification } from './webhook';

async function failureOutcome(account: ProcessingAccount, what: string, failure: SecureAndPayFailure, now: Date): Promise<ProcessorOutcome> {
  if (failure.reason === 'not_found') {
    return { status: 'rejected', result: `Rejected: Secure and Pay has no ${what} for this site (404); nothing changed, not retried.` };
  }
  // The merchant must act (new API secret); the queue keeps retrying meanwhile, and they are told once.
  if (failure.reason === 'unauthorized') await notifyCredentialsRejected(await getDb(), account, now);
  // The client does not retry, and the contract names no Retry-After: the worker waits its own pause.
  if (failure.status === 429) throw new RateLimitedError(`Secure and Pay answered 429 (too many requests) for ${what}; will try again shortly`, undefined);
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
  let subscription: SecureAndPaySubscription | null = null;
  if (payment.subscription_id) {
    const read = await getSubscription(api, payment.subscription_id);
    if (!read.ok) return failureOutcome(account, `subscription ${payment.subscription_id}`, read, now);
    subscription = read.subscription;
  }
  const recorded = await recordSitePayment({ account, by: byNotification(event.id), now }, payment, subscription);
  const results = [describeStatusChange(`Payment ${payment.id}`, recorded.payment)];
  if (subscription && recorded.subscription) results.push(describeStatusChange(`Subscription ${subscription.id}`, recorded.subscription));
  if (recorded.failureTold) results.push('The merchant and the customer were notified.');
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
  const change = await recordSiteSubscriptionEvent({ account, by: byNotification(event.id), now }, fetched.subscription);
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
