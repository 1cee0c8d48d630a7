// Mercado Pago's notifications: the two webhook envelopes, the `x-signature` HMAC, and the legacy IPN, handed to
// the shared WebhookSender (../webhook-delivery.ts), which retries them on Mercado Pago's schedule.
import { createHmac, randomUUID } from 'node:crypto';
import { randomDigits } from '../random';
import type { DeliverySettings, OutgoingNotification } from '../webhook-delivery';
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
 * Sends a notification as Mercado Pago does. Where to: the resource's `notification_url` when it has one (it wins
 * over the URL saved in Your integrations), else the account's URL. A `notification_url` without
 * `source_news=webhooks` also gets the legacy IPN (`?topic=payment&id=…`), as Mercado Pago sends both
 * (https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/ipn).
 * Payments made with test credentials send no notifications at all, as in real life (docs/requirements.md GW-MP1).
 */
export function notify(
  ctx: MercadoPagoContext,
  account: MercadoPagoSimAccount,
  event: NotificationEvent,
  sendOptions: { duplicates?: number } = {},
): void {
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
    const rawBody = JSON.stringify(body);
    const notification: OutgoingNotification = {
      id: String(notificationId),
      account: String(account.userId),
      channel: 'webhook',
      topic: event.topic,
      action: event.action,
      resourceId: event.resourceId,
      build: () => {
        // Mercado Pago appends `data.id` and `type` to the URL's own query (e.g. `source_news=webhooks`).
        const url = new URL(target);
        url.searchParams.set('data.id', event.resourceId);
        url.searchParams.set('type', event.topic);
        // Each HTTP request has its own x-request-id and ts, so each retry is signed afresh.
        const requestId = randomUUID();
        const ts = String(Math.floor(Date.now() / 1000));
        const manifest = `id:${event.resourceId};request-id:${requestId};ts:${ts};`;
        const v1 = createHmac('sha256', account.webhookSecret).update(manifest).digest('hex');
        return {
          url: url.toString(),
          body: rawBody,
          headers: {
            'content-type': 'application/json',
            'user-agent': `MercadoPago WebHook v1.0 ${event.topic}`,
            'x-request-id': requestId,
            'x-signature': `ts=${ts},v1=${v1}`,
          },
        };
      },
    };
    ctx.sender.send(notification, sendOptions);
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
