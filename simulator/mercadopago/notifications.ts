// Mercado Pago's notifications: the two webhook envelopes, the `x-signature` HMAC, and the legacy IPN, handed to
// the shared WebhookSender (../webhook-delivery.ts), which retries them on Mercado Pago's schedule. The other topics'
// bodies (fraud alerts, Card Updater, Point, …) are built in topics.ts and signed here the same way.
import { createHmac, randomUUID } from 'node:crypto';
import { randomDigits } from '../random';
import type { DeliverySettings, OutgoingRequest, SendOptions } from '../webhook-delivery';
import type { MercadoPagoContext, MercadoPagoSimAccount } from './state';
import { nowIso } from './time';

/**
 * Mercado Pago retries an unacknowledged notification "every 15 minutes", then less often
 * (https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks). The docs give no end;
 * the simulator stops after this list. Tests shorten it with `retryDelaysMs`.
 */
export const MERCADOPAGO_DEFAULT_DELIVERY: DeliverySettings = {
  retryDelaysMs: [15, 15, 15, 60, 240, 720, 1440].map((minutes) => minutes * 60_000),
  // "Acknowledge with 200 or 201 within 22 seconds" (same page).
  timeoutMs: 22_000,
};

export type NotificationEvent = {
  topic: 'payment' | 'subscription_preapproval' | 'subscription_authorized_payment';
  action: string;
  resourceId: string;
  notificationUrl: string | null;
  version?: number;
};

/**
 * `x-signature` as Mercado Pago computes it: HMAC-SHA256 with the application's secret signature over the manifest
 * `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, where "if any of the values shown in the above template are
 * not present in your notification, you should remove them" (devsite-docs
 * guides/additional-content/your-integrations/webhooks.en.md, "Validate notification origin"): a body without
 * `data.id` (fraud alerts, Card Updater, Point, Delivery, merchant orders) is signed over
 * `request-id:<x-request-id>;ts:<ts>;`, and its URL carries no `data.id`.
 */
function signedRequest(account: MercadoPagoSimAccount, target: string, spec: { dataId: string | null; type: string; body: string }): OutgoingRequest {
  // Mercado Pago appends `data.id` and `type` to the URL's own query (e.g. `source_news=webhooks`).
  const url = new URL(target);
  if (spec.dataId !== null) url.searchParams.set('data.id', spec.dataId);
  url.searchParams.set('type', spec.type);
  // Each HTTP request has its own x-request-id and ts (unless the account's delivery options repeat the first
  // attempt's request on retries: webhook-delivery.ts `retrySigning`).
  const requestId = randomUUID();
  const ts = String(Math.floor(Date.now() / 1000));
  const manifest = `${spec.dataId === null ? '' : `id:${spec.dataId};`}request-id:${requestId};ts:${ts};`;
  const v1 = createHmac('sha256', account.webhookSecret).update(manifest).digest('hex');
  return {
    url: url.toString(),
    body: spec.body,
    headers: {
      'content-type': 'application/json',
      'user-agent': `MercadoPago WebHook v1.0 ${spec.type}`,
      'x-request-id': requestId,
      'x-signature': `ts=${ts},v1=${v1}`,
    },
  };
}

export type Webhook = {
  /** The notification's id in the delivery log (the body's own id, or a generated one). */
  notificationId: string;
  /** `type` in the URL's query and the User-Agent. */
  type: string;
  /** For the delivery log: the topic the merchant subscribed to, its action and the resource concerned. */
  topic: string;
  action: string | null;
  resourceId: string;
  /** `data.id`, signed and added to the URL; null when the body has none. */
  dataId: string | null;
  /** The exact bytes sent (some bodies carry numbers a JavaScript number cannot hold). */
  body: string;
  /** False: never retried (fraud alerts). */
  retry?: boolean;
  timeoutMs?: number;
  /** Where to; by default the account's URL (Your integrations → Webhooks). */
  target?: string | null;
};

/** Sends one signed webhook. Accounts with test credentials get nothing (GW-MP1); nor does an account without a URL. */
export function sendWebhook(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, webhook: Webhook, sendOptions: SendOptions = {}): boolean {
  const target = webhook.target === undefined ? account.webhookUrl : webhook.target;
  if (account.mode === 'test' || !target) return false;
  ctx.sender.send(
    {
      id: webhook.notificationId,
      account: String(account.userId),
      channel: 'webhook',
      topic: webhook.topic,
      action: webhook.action,
      resourceId: webhook.resourceId,
      ...(webhook.retry === undefined ? {} : { retry: webhook.retry }),
      ...(webhook.timeoutMs === undefined ? {} : { timeoutMs: webhook.timeoutMs }),
      build: () => signedRequest(account, target, webhook),
    },
    sendOptions,
  );
  return true;
}

/**
 * Sends a notification as Mercado Pago does. Where to: the resource's `notification_url` when it has one (it wins
 * over the URL saved in Your integrations), else the account's URL. A `notification_url` without
 * `source_news=webhooks` also gets the legacy IPN (`?topic=payment&id=…`), as Mercado Pago sends both
 * (https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/ipn).
 * Payments made with test credentials send no notifications at all, as in real life (docs/requirements.md GW-MP1).
 */
export function notify(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, event: NotificationEvent, sendOptions: SendOptions = {}): void {
  if (account.mode === 'test') return;
  const target = event.notificationUrl ?? account.webhookUrl;
  if (!target) return;
  const sourceNews = event.notificationUrl ? new URL(event.notificationUrl).searchParams.get('source_news') : 'webhooks';
  const notificationId = Number(randomDigits(12));
  const created = nowIso();

  if (sourceNews !== 'ipn') {
    // Two envelopes: `payment` carries user_id, live_mode, api_version and date_created; the subscription topics
    // carry application_id, entity, version and date (as Mercado Pago's "Simulate" and real deliveries show).
    const body =
      event.topic === 'payment'
        ? { action: event.action, api_version: 'v1', data: { id: event.resourceId }, date_created: created, id: notificationId, live_mode: account.mode === 'live', type: event.topic, user_id: account.userId }
        : {
            action: event.action,
            application_id: account.applicationId,
            data: { id: event.resourceId },
            date: created,
            entity: event.topic === 'subscription_preapproval' ? 'preapproval' : 'authorized_payment',
            id: notificationId,
            type: event.topic,
            version: event.version ?? 0,
          };
    sendWebhook(
      ctx,
      account,
      { notificationId: String(notificationId), type: event.topic, topic: event.topic, action: event.action, resourceId: event.resourceId, dataId: event.resourceId, body: JSON.stringify(body), target },
      sendOptions,
    );
  }

  if (event.notificationUrl && event.topic === 'payment' && sourceNews !== 'webhooks') {
    const ipnBody = JSON.stringify({ resource: event.resourceId, topic: 'payment' });
    ctx.sender.send(
      {
        id: `ipn-${randomDigits(12)}`,
        account: String(account.userId),
        channel: 'ipn',
        topic: 'payment',
        action: null,
        resourceId: event.resourceId,
        build: () => {
          const url = new URL(target);
          url.searchParams.set('topic', 'payment');
          url.searchParams.set('id', event.resourceId);
          return { url: url.toString(), body: ipnBody, headers: { 'content-type': 'application/json', 'user-agent': 'MercadoPago Feed v2.0 payment' } };
        },
      },
      sendOptions,
    );
  }
}
