// Mercado Pago's notification processors, by topic (GW-MP11, GW-MP13 in docs/requirements.md). A notification's
// body is never trusted, signed or not: each processor fetches the resource with the account's access token and checks it belongs to the connected
// account (collector_id = the account's user id) before recording anything. Other topics
// (topic_merchant_order_wh, topic_chargebacks_wh, merchant_order IPN…) are acknowledged and recorded only.
// https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks
import 'server-only';
import { getDb } from '@/db';
import type { WebhookEvent } from '@/db/schema';
import {
  findSubscriptionId,
  getProcessingAccount,
  recordCharge,
  recordPayment,
  recordSubscription,
  type ProcessingAccount,
} from '@/db/queries/payments';
import { notifyCredentialsRejected, notifyPaymentFailed, notifySubscriptionCancelled } from '@/lib/alerts/notify';
import { toMinorUnits } from '@/lib/payments/money';
import { describeStatusChange, type SubscriptionStatus } from '@/core/payment-status';
import { readAccountSecret } from '@/lib/gateways/secrets';
import { acknowledgeOnly, type GatewayProcessors, type ProcessorOutcome, type WebhookProcessor } from '@/lib/webhooks/processor';
import {
  getAuthorizedPayment,
  getPayment,
  getPreapproval,
  type MercadoPagoCallOptions,
  type MercadoPagoFailure,
  type MercadoPagoPreapproval,
} from './api';
import { mercadopagoApiUrl } from './api-url';

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/** A failure the queue should retry (gateway down, token refused) throws; a 404 is recorded, never retried. */
async function failureOutcome(account: ProcessingAccount, what: string, failure: MercadoPagoFailure, now: Date): Promise<ProcessorOutcome> {
  // Mercado Pago answers 404 both for a resource that does not exist and for one of another account.
  if (failure.reason === 'not_found') {
    return { status: 'rejected', result: `Rejected: Mercado Pago has no ${what} for this account (404: unknown, or another account's); nothing changed, not retried.` };
  }
  // The merchant must act (a new access token); the queue keeps retrying meanwhile, and they are told once.
  if (failure.reason === 'unauthorized') await notifyCredentialsRejected(await getDb(), account, now);
  throw new Error(`Mercado Pago answered ${failure.reason}${failure.status ? ` (${failure.status})` : ''} for ${what}${failure.message ? `: ${failure.message}` : ''}`);
}

const notOurs = (what: string, collectorId: number): ProcessorOutcome => ({
  status: 'rejected',
  result: `Rejected: ${what} belongs to another Mercado Pago account (${collectorId}); nothing changed.`,
});

async function prepare(event: WebhookEvent): Promise<{ account: ProcessingAccount; api: MercadoPagoCallOptions; resourceId: string } | ProcessorOutcome> {
  const account = await getProcessingAccount(event.accountId);
  if (!account) throw new Error('account not found');
  if (!event.resourceId) return { status: 'ignored', result: 'The notification names no resource.' };
  const accessToken = await readAccountSecret(account.id, 'accessToken');
  if (!accessToken) throw new Error('the account has no access token');
  return { account, api: { baseUrl: mercadopagoApiUrl(), accessToken }, resourceId: event.resourceId };
}

const isOutcome = (value: object): value is ProcessorOutcome => 'status' in value && 'result' in value;

const processPayment: WebhookProcessor = async (event, { now }) => {
  const prepared = await prepare(event);
  if (isOutcome(prepared)) return prepared;
  const { account, api, resourceId } = prepared;
  const fetched = await getPayment(api, resourceId);
  if (!fetched.ok) return failureOutcome(account, `payment ${resourceId}`, fetched, now);
  const payment = fetched.payment;
  if (String(payment.collector_id) !== account.externalAccountId) return notOurs(`payment ${payment.id}`, payment.collector_id);
  const payerName = [payment.payer?.first_name, payment.payer?.last_name].filter(Boolean).join(' ') || null;
  const change = await recordPayment(
    account,
    {
      gatewayPaymentId: String(payment.id),
      reference: payment.external_reference ?? null,
      amountMinor: toMinorUnits(payment.transaction_amount, payment.currency_id),
      currency: payment.currency_id,
      status: payment.status,
      statusDetail: payment.status_detail ?? null,
      paymentMethodType: payment.payment_type_id,
      payerEmail: payment.payer?.email ?? null,
      payerName,
      gatewayCreatedAt: date(payment.date_created),
      approvedAt: date(payment.date_approved),
      gatewayUpdatedAt: date(payment.date_last_updated),
    },
    event.id,
  );
  const result = describeStatusChange(`Payment ${payment.id}`, change);
  // Every failed attempt is its own Mercado Pago payment (subscription retries too): each one is told once.
  if (change.to === 'rejected' && (await notifyPaymentFailed(await getDb(), change.id, now))) {
    return { status: 'processed', result: `${result} The merchant and the customer were notified.` };
  }
  return { status: 'processed', result };
};

const PREAPPROVAL_STATUS: Record<MercadoPagoPreapproval['status'], SubscriptionStatus> = {
  pending: 'pending',
  authorized: 'authorized',
  paused: 'paused',
  cancelled: 'cancelled',
};

async function recordPreapproval(account: ProcessingAccount, preapproval: MercadoPagoPreapproval, eventId: string | null) {
  const recurring = preapproval.auto_recurring;
  return recordSubscription(
    account,
    {
      gatewaySubscriptionId: preapproval.id,
      reference: preapproval.external_reference ?? null,
      status: PREAPPROVAL_STATUS[preapproval.status],
      amountMinor: toMinorUnits(recurring.transaction_amount, recurring.currency_id),
      currency: recurring.currency_id,
      intervalUnit: recurring.frequency_type,
      intervalCount: recurring.frequency,
      nextPaymentAt: date(preapproval.next_payment_date),
      payerEmail: preapproval.payer_email ?? null,
      gatewayUpdatedAt: date(preapproval.last_modified ?? preapproval.date_created),
    },
    eventId,
  );
}

const processPreapproval: WebhookProcessor = async (event, { now }) => {
  const prepared = await prepare(event);
  if (isOutcome(prepared)) return prepared;
  const { account, api, resourceId } = prepared;
  const fetched = await getPreapproval(api, resourceId);
  if (!fetched.ok) return failureOutcome(account, `subscription ${resourceId}`, fetched, now);
  if (String(fetched.preapproval.collector_id) !== account.externalAccountId) {
    return notOurs(`subscription ${fetched.preapproval.id}`, fetched.preapproval.collector_id);
  }
  const change = await recordPreapproval(account, fetched.preapproval, event.id);
  // MP8: after the last failed attempt Mercado Pago cancels (or pauses) the subscription; a cancellation is told.
  if (change.to === 'cancelled') await notifySubscriptionCancelled(await getDb(), change.id, now);
  return { status: 'processed', result: describeStatusChange(`Subscription ${fetched.preapproval.id}`, change) };
};

/** Each charge of a subscription, with its attempt number (MP8: up to three attempts). */
const processAuthorizedPayment: WebhookProcessor = async (event, { now }) => {
  const prepared = await prepare(event);
  if (isOutcome(prepared)) return prepared;
  const { account, api, resourceId } = prepared;
  const fetched = await getAuthorizedPayment(api, resourceId);
  if (!fetched.ok) return failureOutcome(account, `subscription charge ${resourceId}`, fetched, now);
  const charge = fetched.authorizedPayment;
  // The charge carries no collector: ownership is the subscription's, fetched with this account's token.
  let subscriptionId = await findSubscriptionId(account.id, charge.preapproval_id);
  if (!subscriptionId) {
    const preapproval = await getPreapproval(api, charge.preapproval_id);
    if (!preapproval.ok) return failureOutcome(account, `subscription ${charge.preapproval_id}`, preapproval, now);
    if (String(preapproval.preapproval.collector_id) !== account.externalAccountId) {
      return notOurs(`subscription ${charge.preapproval_id}`, preapproval.preapproval.collector_id);
    }
    subscriptionId = (await recordPreapproval(account, preapproval.preapproval, event.id)).id;
  }
  const attempt = Math.max(1, charge.retry_attempt ?? 1);
  const status = charge.payment?.status ?? charge.status;
  const recorded = await recordCharge(subscriptionId, {
    gatewayChargeId: String(charge.id),
    attempt,
    status,
    statusDetail: charge.payment?.status_detail ?? null,
    paymentMethodType: charge.payment_method_id ?? null,
    amountMinor: toMinorUnits(charge.transaction_amount, charge.currency_id),
    currency: charge.currency_id,
    chargedAt: date(charge.debit_date ?? charge.date_created),
    nextRetryAt: date(charge.next_retry_date),
    gatewayUpdatedAt: date(charge.debit_date ?? charge.date_created),
  });
  const what = `Subscription ${charge.preapproval_id}, charge ${charge.id} attempt ${attempt}: ${status}`;
  return { status: 'processed', result: recorded === 'unchanged' ? `${what} (already recorded).` : `${what}.` };
};

export const mercadopagoProcessors: GatewayProcessors = {
  byType: new Map<string, WebhookProcessor>([
    ['payment', processPayment],
    ['subscription_preapproval', processPreapproval],
    ['subscription_authorized_payment', processAuthorizedPayment],
  ]),
  otherwise: acknowledgeOnly('Mercado Pago'),
};
