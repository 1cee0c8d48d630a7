// Sending webhooks the way the gateways do: each notification is POSTed to a URL, and an answer that is not 2xx
// (or no answer within the time-out) is retried on a schedule, with the same notification id every time. On
// request it also sends duplicates and holds notifications back to release them in reverse order, because real
// gateways do both (https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks).
// Each gateway module owns one sender (its own state); this file holds only the mechanics and their control routes.
import { z } from 'zod';
import { HttpError, json, type Router } from './http';

export type DeliverySettings = {
  /** Delay before each retry after a failed attempt; when the list runs out, the gateway gives up. */
  retryDelaysMs: number[];
  /** How long the gateway waits for our answer before counting the attempt as failed. */
  timeoutMs: number;
};

/** What one attempt sends. Built afresh per attempt: request ids, timestamps and signatures change, the body's id does not. */
export type OutgoingRequest = { url: string; headers: Record<string, string>; body: string };

export type OutgoingNotification = {
  /** The gateway's notification (event) id: the same on every retry and duplicate. */
  id: string;
  /** The account it belongs to (Mercado Pago user id, Secure and Pay site id). */
  account: string;
  /** How it is sent: `webhook`, or Mercado Pago's legacy `ipn`. */
  channel: 'webhook' | 'ipn';
  /** e.g. `payment`, `subscription_preapproval`, `payment.succeeded`. */
  topic: string;
  action: string | null;
  resourceId: string;
  build(): OutgoingRequest;
};

export type DeliveryRecord = {
  notificationId: string;
  account: string;
  channel: 'webhook' | 'ipn';
  topic: string;
  action: string | null;
  resourceId: string;
  url: string;
  /** 1 for the first attempt of a send, 2 for its first retry, … */
  attempt: number;
  /** True for a duplicate or a redelivery requested through the control API. */
  duplicate: boolean;
  /** The status our endpoint answered; null when it did not answer (refused, time-out). */
  status: number | null;
  error: string | null;
  /** When the attempt started, ISO 8601. */
  at: string;
  durationMs: number;
  /** The request's headers as sent, so tests can check signatures against the log too. */
  headers: Record<string, string>;
};

type Send = { notification: OutgoingNotification; duplicate: boolean };

export class WebhookSender {
  settings: DeliverySettings;
  private readonly defaults: DeliverySettings;
  private readonly notifications = new Map<string, OutgoingNotification>();
  private readonly log: DeliveryRecord[] = [];
  private readonly held = new Map<string, Send[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();

  constructor(defaults: DeliverySettings) {
    this.defaults = { ...defaults, retryDelaysMs: [...defaults.retryDelaysMs] };
    this.settings = { ...defaults, retryDelaysMs: [...defaults.retryDelaysMs] };
  }

  /** Sends a notification now (or holds it when its account is held), plus `duplicates` extra copies. */
  send(notification: OutgoingNotification, options: { duplicates?: number } = {}): void {
    this.notifications.set(notification.id, notification);
    this.dispatch({ notification, duplicate: false });
    for (let copy = 0; copy < (options.duplicates ?? 0); copy += 1) this.dispatch({ notification, duplicate: true });
  }

  /** Sends a known notification once more, as a gateway's duplicate would arrive. False when the id is unknown. */
  redeliver(notificationId: string): boolean {
    const notification = this.notifications.get(notificationId);
    if (!notification) return false;
    this.dispatch({ notification, duplicate: true });
    return true;
  }

  /** From now on, this account's notifications wait until `release`. */
  hold(account: string): void {
    if (!this.held.has(account)) this.held.set(account, []);
  }

  /** Sends what was held for the account, in the order they were made or reversed; returns how many. */
  release(account: string, order: 'fifo' | 'reverse'): number {
    const queue = this.held.get(account) ?? [];
    this.held.delete(account);
    const sends = order === 'reverse' ? [...queue].reverse() : queue;
    // One after the other, so the receiver sees them in exactly this order.
    const chain = sends.reduce<Promise<void>>((previous, item) => previous.then(() => this.attempt(item, 1)), Promise.resolve());
    this.track(chain);
    return sends.length;
  }

  deliveries(account?: string): DeliveryRecord[] {
    return this.log.filter((record) => account === undefined || record.account === account);
  }

  notificationIds(account?: string): string[] {
    return [...this.notifications.values()].filter((n) => account === undefined || n.account === account).map((n) => n.id);
  }

  /** Resolves when no attempt is in flight (scheduled retries may still be waiting). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Cancels scheduled retries and in-flight attempts, forgets the log, and restores the default settings. */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.aborts) controller.abort();
    this.aborts.clear();
    this.notifications.clear();
    this.held.clear();
    this.log.length = 0;
    this.settings = { ...this.defaults, retryDelaysMs: [...this.defaults.retryDelaysMs] };
  }

  private dispatch(item: Send): void {
    const queue = this.held.get(item.notification.account);
    if (queue) queue.push(item);
    else this.track(this.attempt(item, 1));
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private async attempt(item: Send, attempt: number): Promise<void> {
    const request = item.notification.build();
    const controller = new AbortController();
    this.aborts.add(controller);
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        // Gateways do not follow redirects to deliver a notification: a 3xx is a failed delivery.
        redirect: 'manual',
        signal: controller.signal,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      error = controller.signal.aborted ? 'timeout' : caught instanceof Error ? caught.message : 'request failed';
    } finally {
      clearTimeout(timer);
      this.aborts.delete(controller);
    }
    const { notification } = item;
    this.log.push({
      notificationId: notification.id,
      account: notification.account,
      channel: notification.channel,
      topic: notification.topic,
      action: notification.action,
      resourceId: notification.resourceId,
      url: request.url,
      attempt,
      duplicate: item.duplicate,
      status,
      error,
      at: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      headers: request.headers,
    });
    if (status !== null && status >= 200 && status < 300) return;
    const delay = this.settings.retryDelaysMs[attempt - 1];
    if (delay === undefined || !this.notifications.has(notification.id)) return; // gave up, or reset meanwhile
    const retry = setTimeout(() => {
      this.timers.delete(retry);
      this.track(this.attempt(item, attempt + 1));
    }, delay);
    // A pending retry hours away must not keep `npm run sim` or a test process alive on its own.
    retry.unref();
    this.timers.add(retry);
  }
}

const settingsSchema = z
  .object({
    retryDelaysMs: z.array(z.number().int().min(0).max(7 * 24 * 3_600_000)).max(50).optional(),
    timeoutMs: z.number().int().min(1).max(120_000).optional(),
  })
  .refine((value) => value.retryDelaysMs !== undefined || value.timeoutMs !== undefined, 'give "retryDelaysMs" and/or "timeoutMs"');

const releaseSchema = z.object({ order: z.enum(['fifo', 'reverse']).default('fifo') });

/**
 * The delivery control routes every gateway module mounts under `/_sim/<gateway>`. `accounts` names the account
 * in the query and the paths: `{ param: 'userId', collection: 'accounts' }` for Mercado Pago,
 * `{ param: 'siteId', collection: 'sites' }` for Secure and Pay.
 */
export function addDeliveryControlRoutes(router: Router, sender: WebhookSender, accounts: { param: string; collection: string }): Router {
  const accountParam = accounts.param;
  return router
    .add('GET', '/deliveries', (request) => {
      const account = request.query.get(accountParam) ?? undefined;
      return json(200, { deliveries: sender.deliveries(account) });
    })
    .add('GET', '/delivery-settings', () => json(200, sender.settings))
    .add('POST', '/delivery-settings', async (request) => {
      const parsed = settingsSchema.safeParse(await request.json());
      if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
      if (parsed.data.retryDelaysMs) sender.settings.retryDelaysMs = parsed.data.retryDelaysMs;
      if (parsed.data.timeoutMs !== undefined) sender.settings.timeoutMs = parsed.data.timeoutMs;
      return json(200, sender.settings);
    })
    .add('POST', '/notifications/:id/redeliver', (request) => {
      const id = request.params.id ?? '';
      if (!sender.redeliver(id)) throw new HttpError(404, 'not_found', `no notification ${id}`);
      return json(202, { redelivered: id });
    })
    .add('POST', `/${accounts.collection}/:account/hold`, (request) => {
      sender.hold(request.params.account ?? '');
      return json(200, { held: true });
    })
    .add('POST', `/${accounts.collection}/:account/release`, async (request) => {
      const parsed = releaseSchema.safeParse((await request.json()) ?? {});
      if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
      return json(200, { released: sender.release(request.params.account ?? '', parsed.data.order) });
    });
}
