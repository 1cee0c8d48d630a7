// Mercado Pago's notification processors, by topic (GW-MP11, GW-MP13 in docs/requirements.md). A notification's
// body is never trusted, signed or not: each processor fetches the resource with the account's access token and checks it belongs to the connected
// account (collector_id = the account's user id) before recording anything. Other topics
// (topic_merchant_order_wh, topic_chargebacks_wh, merchant_order IPN…) are acknowledged and recorded only.
// https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks
import 'server-only';
import { getDb } from '@/db';
import type { WebhookEvent } from '@/db/schema';
import {
  byNotification,
  countInstallmentAttempts,
  findSubscriptionId,
  getProcessingAccount,
  recordCharge,
  recordPayment,
  recordSubscription,
  type ProcessingAccount,
  type RecordedBy,
  type RefundFacts,
} from '@/db/queries/payments';
import {
  notifyCredentialsRejected,
  notifyInstallmentFailed,
  notifyOrderMismatch,
  notifyPaymentChargedBack,
  notifyPaymentDisputed,
  notifyPaymentFailed,
  notifySubscriptionCancelled,
} from '@/lib/alerts/notify';
import { toMinorUnits } from '@/lib/payments/money';
import { describeStatusChange, type SubscriptionStatus } from '@/core/payment-status';
import { readAccountSecret } from '@/lib/gateways/secrets';
import { acknowledgeOnly, RateLimitedError, type GatewayProcessors, type ProcessorContext, type ProcessorOutcome, type WebhookProcessor } from '@/lib/webhooks/processor';
import {
  getAuthorizedPayment,
  getPayment,
  getPreapproval,
  listRefunds,
  type MercadoPagoCallOptions,
  type MercadoPagoFailure,
  type MercadoPagoPayment,
  type MercadoPagoPreapproval,
} from './api';
import { mercadopagoApiUrl } from './api-url';

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/** A failure the queue should retry (gateway down, token refused) throws; a 404 is recorded, never retried. */
export async function failureOutcome(account: ProcessingAccount, what: string, failure: MercadoPagoFailure, now: Date): Promise<ProcessorOutcome> {
  // Mercado Pago answers 404 both for a resource that does not exist and for one of another account.
  if (failure.reason === 'not_found') {
    return { status: 'rejected', result: `Rejected: Mercado Pago has no ${what} for this account (404: unknown, or another account's); nothing changed, not retried.` };
  }
  // The merchant must act (a new access token); the queue keeps retrying meanwhile, and they are told once.
  if (failure.reason === 'unauthorized') await notifyCredentialsRejected(await getDb(), account, now);
  // Still 429 after the client's retries: the account is over Mercado Pago's rate limit, the event is fine.
  if (failure.status === 429) throw new RateLimitedError(`Mercado Pago answered 429 (too many requests) for ${what}; will try again shortly`, failure.retryAfterMs);
  throw new Error(`Mercado Pago answered ${failure.reason}${failure.status ? ` (${failure.status})` : ''} for ${what}${failure.message ? `: ${failure.message}` : ''}`);
}

export const notOurs = (what: string, collectorId: number): ProcessorOutcome => ({
  status: 'rejected',
  result: `Rejected: ${what} belongs to another Mercado Pago account (${collectorId}); nothing changed.`,
});

async function prepare(event: WebhookEvent, context: ProcessorContext): Promise<{ account: ProcessingAccount; api: MercadoPagoCallOptions; resourceId: string } | ProcessorOutcome> {
  const account = await getProcessingAccount(event.accountId);
  if (!account) throw new Error('account not found');
  if (!event.resourceId) return { status: 'ignored', result: 'The notification names no resource.' };
  const accessToken = await readAccountSecret(account.id, 'accessToken');
  if (!accessToken) throw new Error('the account has no access token');
  const onRateLimited = context.onRateLimited;
  return { account, api: { baseUrl: mercadopagoApiUrl(), accessToken, ...(onRateLimited ? { onRateLimited } : {}) }, resourceId: event.resourceId };
}

const isOutcome = (value: object): value is ProcessorOutcome => 'status' in value && 'result' in value;

/**
 * What recording a resource fetched from Mercado Pago needs: the account, its API access, who told us (a
 * notification, or reconciliation: lib/gateways/mercadopago/reconcile.ts records exactly as a notification would),
 * and the time for alerts.
 */
export type MercadoPagoRecording = { account: ProcessingAccount; api: MercadoPagoCallOptions; by: RecordedBy; now: Date };

/** Refunds are listed only when there are some (GW-MP20); a payment without any costs no extra call. */
async function fetchRefunds(recording: MercadoPagoRecording, payment: MercadoPagoPayment): Promise<RefundFacts[] | undefined | ProcessorOutcome> {
  const refunded = (payment.transaction_amount_refunded ?? 0) > 0 || payment.status === 'refunded';
  if (!refunded) return undefined;
  const listed = await listRefunds(recording.api, payment.id);
  if (!listed.ok) {
    // A 404 on the list of a payment we could read: record the payment without its refunds, the amount still shows.
    if (listed.reason === 'not_found') return undefined;
    return failureOutcome(recording.account, `the refunds of payment ${payment.id}`, listed, recording.now);
  }
  return listed.refunds.map((refund) => ({
    gatewayRefundId: String(refund.id),
    amountMinor: toMinorUnits(refund.amount, payment.currency_id),
    status: refund.status,
    // Who refunded (collector, bpp after a dispute, admin) is what the merchant needs; a free-text reason otherwise.
    reason: refund.source?.type ?? refund.reason ?? null,
    gatewayCreatedAt: date(refund.date_created),
  }));
}

/**
 * A subscription's charge is also a payment (GW-MP13: a `payment` notification comes with every charge): it is
 * recognised by its operation type or its point of interaction, and told about once per installment
 * (processAuthorizedPayment), not once per retry.
 */
function subscriptionOf(payment: MercadoPagoPayment): string | null | undefined {
  const interaction = payment.point_of_interaction;
  const fromInteraction = interaction?.transaction_data?.subscription_id;
  if (fromInteraction) return fromInteraction;
  const fromMetadata = payment.metadata?.preapproval_id;
  if (typeof fromMetadata === 'string') return fromMetadata;
  return payment.operation_type === 'recurring_payment' || interaction?.type === 'SUBSCRIPTIONS' ? null : undefined;
}

/** Records a payment read from Mercado Pago (already checked to be this account's) and tells whoever must know. */
export async function recordMercadoPagoPayment(recording: MercadoPagoRecording, payment: MercadoPagoPayment): Promise<ProcessorOutcome> {
  const { account, by, now } = recording;
  const refunds = await fetchRefunds(recording, payment);
  if (refunds && isOutcome(refunds)) return refunds;
  const gatewaySubscriptionId = subscriptionOf(payment);
  const payerName = [payment.payer?.first_name, payment.payer?.last_name].filter(Boolean).join(' ') || null;
  const change = await recordPayment(
    account,
    {
      gatewayPaymentId: String(payment.id),
      reference: payment.external_reference ?? null,
      subscriptionId: gatewaySubscriptionId ? ((await findSubscriptionId(account.id, gatewaySubscriptionId)) ?? null) : null,
      amountMinor: toMinorUnits(payment.transaction_amount, payment.currency_id),
      currency: payment.currency_id,
      status: payment.status,
      statusDetail: payment.status_detail ?? null,
      refundedMinor: toMinorUnits(payment.transaction_amount_refunded ?? 0, payment.currency_id),
      ...(refunds ? { refunds } : {}),
      paymentMethodType: payment.payment_type_id,
      paymentMethodId: payment.payment_method_id,
      payerEmail: payment.payer?.email ?? null,
      payerName,
      gatewayCreatedAt: date(payment.date_created),
      approvedAt: date(payment.date_approved),
      gatewayUpdatedAt: date(payment.date_last_updated),
    },
    by,
  );
  const lines = [describeStatusChange(`Payment ${payment.id}`, change)];
  for (const refund of change.newRefunds) lines.push(`Refund ${refund.gatewayRefundId} of ${refund.amountMinor} minor units recorded.`);
  // Alerts follow the state, not the change: they are keyed (told once), so a payment recorded just before a crash
  // is still told when its notification is processed again and finds nothing new (the kill-9 drill found this).
  const db = await getDb();
  if (change.orderMismatch && (await notifyOrderMismatch(db, change.id, change.orderMismatch, now))) {
    lines.push(`It names order ${change.orderMismatch.orderId} but its ${change.orderMismatch.problem} does not match: the order was not marked paid, and the merchant was alerted.`);
  }
  // A failed one-time payment is told once; a subscription's failed charge is told per installment, with its outcome.
  if (change.to === 'rejected' && gatewaySubscriptionId === undefined && (await notifyPaymentFailed(db, change.id, now))) {
    lines.push('The merchant and the customer were notified.');
  }
  if (change.to === 'in_mediation' && (await notifyPaymentDisputed(db, change.id, now))) lines.push('The merchant was alerted to the dispute.');
  if (change.to === 'charged_back' && (await notifyPaymentChargedBack(db, change.id, now))) lines.push('The merchant was alerted to the chargeback.');
  return { status: 'processed', result: lines.join(' ') };
}

async function prepareRecording(event: WebhookEvent, context: ProcessorContext): Promise<{ recording: MercadoPagoRecording; resourceId: string } | ProcessorOutcome> {
  const { now } = context;
  const prepared = await prepare(event, context);
  if (isOutcome(prepared)) return prepared;
  return { recording: { account: prepared.account, api: prepared.api, by: byNotification(event.id), now }, resourceId: prepared.resourceId };
}

const processPayment: WebhookProcessor = async (event, context) => {
  const { now } = context;
  const prepared = await prepareRecording(event, context);
  if (isOutcome(prepared)) return prepared;
  const { recording, resourceId } = prepared;
  const fetched = await getPayment(recording.api, resourceId);
  if (!fetched.ok) return failureOutcome(recording.account, `payment ${resourceId}`, fetched, now);
  if (String(fetched.payment.collector_id) !== recording.account.externalAccountId) return notOurs(`payment ${fetched.payment.id}`, fetched.payment.collector_id);
  return recordMercadoPagoPayment(recording, fetched.payment);
};

const PREAPPROVAL_STATUS: Record<MercadoPagoPreapproval['status'], SubscriptionStatus> = {
  pending: 'pending',
  authorized: 'authorized',
  paused: 'paused',
  cancelled: 'cancelled',
};

/** Records a subscription read from Mercado Pago (already checked to be this account's); a cancellation is told. */
export async function recordMercadoPagoPreapproval(recording: MercadoPagoRecording, preapproval: MercadoPagoPreapproval): Promise<ProcessorOutcome> {
  const recurring = preapproval.auto_recurring;
  const change = await recordSubscription(
    recording.account,
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
    recording.by,
  );
  // GW-MP23: after 3 installments with rejected payments Mercado Pago cancels the subscription; a cancellation is told.
  if (change.to === 'cancelled') await notifySubscriptionCancelled(await getDb(), change.id, recording.now);
  return { status: 'processed', result: describeStatusChange(`Subscription ${preapproval.id}`, change) };
}

const processPreapproval: WebhookProcessor = async (event, context) => {
  const { now } = context;
  const prepared = await prepareRecording(event, context);
  if (isOutcome(prepared)) return prepared;
  const { recording, resourceId } = prepared;
  const fetched = await getPreapproval(recording.api, resourceId);
  if (!fetched.ok) return failureOutcome(recording.account, `subscription ${resourceId}`, fetched, now);
  if (String(fetched.preapproval.collector_id) !== recording.account.externalAccountId) {
    return notOurs(`subscription ${fetched.preapproval.id}`, fetched.preapproval.collector_id);
  }
  return recordMercadoPagoPreapproval(recording, fetched.preapproval);
};

/** An installment is over when Mercado Pago stops retrying it (GW-MP23: processed, or cancelled). */
const INSTALLMENT_OVER = new Set(['processed', 'cancelled']);
const DECLINED = new Set(['rejected', 'cancelled']);

/**
 * Each charge of a subscription: one installment (an authorized payment) and its attempts, recorded as Mercado Pago
 * reports them (GW-MP22: `retry_attempt`, `next_retry_date`, `recycling` while retried). No cap of our own: the
 * installment is over when Mercado Pago says so, and a failed one is told once, with its outcome, not per retry.
 */
const processAuthorizedPayment: WebhookProcessor = async (event, context) => {
  const { now } = context;
  const prepared = await prepareRecording(event, context);
  if (isOutcome(prepared)) return prepared;
  const { recording, resourceId } = prepared;
  const { account, api } = recording;
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
    await recordMercadoPagoPreapproval(recording, preapproval.preapproval);
    subscriptionId = await findSubscriptionId(account.id, charge.preapproval_id);
    if (!subscriptionId) throw new Error(`subscription ${charge.preapproval_id} was not recorded`);
  }
  const attempt = charge.retry_attempt ?? 0;
  const status = charge.payment?.status ?? charge.status;
  const recorded = await recordCharge(subscriptionId, {
    gatewayChargeId: String(charge.id),
    attempt,
    status,
    statusDetail: charge.payment?.status_detail ?? null,
    installmentStatus: charge.status,
    paymentMethodType: charge.payment_method_id ?? null,
    amountMinor: toMinorUnits(charge.transaction_amount, charge.currency_id),
    currency: charge.currency_id,
    chargedAt: date(charge.debit_date ?? charge.date_created),
    nextRetryAt: date(charge.next_retry_date),
    gatewayUpdatedAt: date(charge.last_modified ?? charge.debit_date ?? charge.date_created),
  });
  const lines = [`Subscription ${charge.preapproval_id}, installment ${charge.id}, attempt ${attempt}: ${status} (${charge.status})${recorded === 'unchanged' ? ', already recorded' : ''}.`];
  if (INSTALLMENT_OVER.has(charge.status) && DECLINED.has(status)) {
    const attempts = Math.max(await countInstallmentAttempts(subscriptionId, String(charge.id)), attempt);
    const told = await notifyInstallmentFailed(
      await getDb(),
      { subscriptionId, installmentId: String(charge.id), attempts, reason: charge.payment?.status_detail ?? status },
      now,
    );
    if (told) lines.push('The installment failed for good: the merchant and the customer were notified.');
  }
  return { status: 'processed', result: lines.join(' ') };
};

export const mercadopagoProcessors: GatewayProcessors = {
  byType: new Map<string, WebhookProcessor>([
    ['payment', processPayment],
    ['subscription_preapproval', processPreapproval],
    ['subscription_authorized_payment', processAuthorizedPayment],
  ]),
  otherwise: acknowledgeOnly('Mercado Pago'),
};
