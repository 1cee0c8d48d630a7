// Secure and Pay's notifications (docs/secureandpay-api.md §8): the event body and the `X-SecureAndPay-Signature`
// HMAC, handed to the shared WebhookSender (../webhook-delivery.ts), which retries them on the contract's schedule.
import { createHmac } from 'node:crypto';
import { randomHex } from '../random';
import type { DeliverySettings } from '../webhook-delivery';
import type { SecureAndPayContext, SecureAndPaySimSite, SimPayment } from './state';
import { nowIso } from './time';

/** docs/secureandpay-api.md §8 "Delivery": about 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h for 3 days. */
export const SECUREANDPAY_DEFAULT_DELIVERY: DeliverySettings = {
  retryDelaysMs: [1, 5, 30, 120, 360, 720, 720, 720, 720, 720, 720].map((minutes) => minutes * 60_000),
  timeoutMs: 10_000,
};

export const SECUREANDPAY_SIGNATURE_HEADER = 'X-SecureAndPay-Signature';

export type EventType = 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'subscription.cancelled';

export function notify(
  ctx: SecureAndPayContext,
  site: SecureAndPaySimSite,
  type: EventType,
  data: Record<string, unknown> & { payment_id: string | null; subscription_id: string | null },
  notificationUrl: string | null,
  sendOptions: { duplicates?: number } = {},
): void {
  const target = notificationUrl ?? site.webhookUrl;
  if (!target) return;
  const event = { id: `evt_${randomHex(16)}`, type, site_id: site.siteId, created: nowIso(), data };
  const body = JSON.stringify(event);
  ctx.sender.send(
    {
      id: event.id,
      account: site.siteId,
      channel: 'webhook',
      topic: type,
      action: null,
      resourceId: data.payment_id ?? data.subscription_id ?? '',
      build: () => {
        // Signed afresh on each attempt (the 5-minute tolerance would refuse a retry hours later), same body and id.
        const t = Math.floor(Date.now() / 1000);
        const v1 = createHmac('sha256', site.apiSecret).update(`${t}.${body}`, 'utf8').digest('hex');
        return {
          url: target,
          body,
          headers: { 'content-type': 'application/json', 'user-agent': 'SecureAndPay-Webhooks/1.0 (simulator)', [SECUREANDPAY_SIGNATURE_HEADER.toLowerCase()]: `t=${t},v1=${v1}` },
        };
      },
    },
    sendOptions,
  );
}

export function paymentEventData(payment: SimPayment) {
  return {
    payment_id: payment.id,
    subscription_id: payment.subscriptionId,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    reference: payment.reference,
    failure_reason: payment.failureReason,
  };
}

/** `payment.succeeded` or `payment.failed`; nothing while the payment is pending. */
export function notifyPayment(ctx: SecureAndPayContext, payment: SimPayment, sendOptions: { duplicates?: number } = {}): void {
  const site = ctx.sites.get(payment.siteId);
  if (!site || payment.status === 'pending') return;
  notify(ctx, site, payment.status === 'failed' ? 'payment.failed' : 'payment.succeeded', paymentEventData(payment), payment.notificationUrl, sendOptions);
}
