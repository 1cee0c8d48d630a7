// Mock Pay's notifications (docs/mockpay-api.md "Notifications"): one `payment.updated` event per change, signed
// `x-mockpay-signature: v1=<hex HMAC-SHA256 under the API key over the raw body>`, handed to the shared
// WebhookSender (../webhook-delivery.ts), which retries it with the same event id and the same bytes.
import { createHmac } from 'node:crypto';
import { randomHex } from '../random';
import type { DeliverySettings } from '../webhook-delivery';
import { CURRENCY, nowIso, type MockPayContext, type MockPayPayment } from './state';

/** The contract names no schedule; this one is Secure and Pay's first steps: 1, 5, 30 min, 2 h, 6 h (time-out 10 s). */
export const MOCKPAY_DEFAULT_DELIVERY: DeliverySettings = {
  retryDelaysMs: [1, 5, 30, 120, 360].map((minutes) => minutes * 60_000),
  timeoutMs: 10_000,
};

export const MOCKPAY_SIGNATURE_HEADER = 'x-mockpay-signature';

export const signMockPayBody = (apiKey: string, body: string): string => `v1=${createHmac('sha256', apiKey).update(body, 'utf8').digest('hex')}`;

/**
 * Notifies the payment's current state to its `notification_url`, else to the account's webhook URL; nothing
 * when neither is set.
 */
export function notifyPayment(ctx: MockPayContext, payment: MockPayPayment): void {
  const account = ctx.accounts.get(payment.accountId);
  const target = payment.notificationUrl ?? account?.webhookUrl;
  if (!account || !target) return;
  const event = {
    id: `evt_${randomHex(16)}`,
    type: 'payment.updated',
    account_id: account.id,
    created: nowIso(),
    payment: { id: payment.id, status: payment.status, amount: payment.amount, currency: CURRENCY, reference: payment.reference },
  };
  // The body and its signature are fixed once: every retry sends the same bytes.
  const body = JSON.stringify(event);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'MockPay-Webhooks/1.0 (simulator)',
    [MOCKPAY_SIGNATURE_HEADER]: signMockPayBody(account.apiKey, body),
  };
  ctx.sender.send({
    id: event.id,
    account: account.id,
    channel: 'webhook',
    topic: event.type,
    action: null,
    resourceId: payment.id,
    build: () => ({ url: target, body, headers: { ...headers } }),
  });
}
