// Sending webhooks the way the gateways do: each notification is POSTed to a URL, and an answer that is not 2xx
// (or no answer within the time-out) is retried on a schedule, with the same notification id every time. On
// request it also sends duplicates and holds notifications back to release them in reverse order, because real
// gateways do both (https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks).
// Per account, on request: notifications are dropped (recorded, never sent: for reconciliation tests), and retries
// repeat the first attempt's request byte for byte (same signature headers) instead of being built afresh.
// Each gateway module owns one sender (its own state); this file holds only the mechanics, and
// webhook-delivery-routes.ts their control routes.

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
  /** False for notifications the gateway never retries (Mercado Pago's fraud alerts): one attempt only. */
  retry?: boolean;
  /** A time-out of its own, instead of the sender's (Mercado Pago's Delivery topic: 500 ms). */
  timeoutMs?: number;
  build(): OutgoingRequest;
};

/**
 * How an account's notifications are delivered, settable per account (`POST …/delivery-options`).
 * `retrySigning`: `fresh` builds every attempt anew (new request id, timestamp and signature, as today's default);
 * `first` repeats the first attempt's request on every retry of it (same `x-request-id` and `ts`, so the same
 * signature): Mercado Pago's docs do not say that a retry is signed anew. `drop`: while on, nothing is sent; each
 * notification is recorded in the log as dropped (and can still be redelivered by id).
 */
export type DeliveryOptions = { retrySigning: 'fresh' | 'first'; drop: boolean };

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = { retrySigning: 'fresh', drop: false };

export type SendOptions = {
  /** Extra copies of the notification, sent as duplicates. */
  duplicates?: number;
  /** This notification (and its duplicates) is recorded as dropped and never sent. */
  drop?: boolean;
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
  /** True when the notification was dropped on purpose (drop switch or `drop: true`): it was never sent. */
  dropped: boolean;
};

/** One send of a notification (the original or a duplicate) and, once made, its first attempt's request. */
type Send = { notification: OutgoingNotification; duplicate: boolean; first?: OutgoingRequest };

export class WebhookSender {
  settings: DeliverySettings;
  private readonly defaults: DeliverySettings;
  private readonly notifications = new Map<string, OutgoingNotification>();
  private readonly log: DeliveryRecord[] = [];
  private readonly held = new Map<string, Send[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private readonly accountOptions = new Map<string, DeliveryOptions>();

  constructor(defaults: DeliverySettings) {
    this.defaults = { ...defaults, retryDelaysMs: [...defaults.retryDelaysMs] };
    this.settings = { ...defaults, retryDelaysMs: [...defaults.retryDelaysMs] };
  }

  /**
   * Sends a notification now (or holds it when its account is held), plus `duplicates` extra copies; with `drop`, or
   * while the account's drop switch is on, each is only recorded as dropped.
   */
  send(notification: OutgoingNotification, options: SendOptions = {}): void {
    this.notifications.set(notification.id, notification);
    const drop = options.drop === true;
    this.dispatch({ notification, duplicate: false }, drop);
    for (let copy = 0; copy < (options.duplicates ?? 0); copy += 1) this.dispatch({ notification, duplicate: true }, drop);
  }

  options(account: string): DeliveryOptions {
    return { ...(this.accountOptions.get(account) ?? DEFAULT_DELIVERY_OPTIONS) };
  }

  setOptions(account: string, changes: Partial<DeliveryOptions>): DeliveryOptions {
    const options = { ...this.options(account), ...changes };
    this.accountOptions.set(account, options);
    return { ...options };
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
    this.accountOptions.clear();
    this.log.length = 0;
    this.settings = { ...this.defaults, retryDelaysMs: [...this.defaults.retryDelaysMs] };
  }

  private dispatch(item: Send, drop = false): void {
    if (drop || this.options(item.notification.account).drop) {
      this.record(item, item.notification.build(), { attempt: 1, status: null, error: 'dropped', started: Date.now(), dropped: true });
      return;
    }
    const queue = this.held.get(item.notification.account);
    if (queue) queue.push(item);
    else this.track(this.attempt(item, 1));
  }

  private record(item: Send, request: OutgoingRequest, outcome: { attempt: number; status: number | null; error: string | null; started: number; dropped: boolean }): void {
    const { notification } = item;
    this.log.push({
      notificationId: notification.id,
      account: notification.account,
      channel: notification.channel,
      topic: notification.topic,
      action: notification.action,
      resourceId: notification.resourceId,
      url: request.url,
      attempt: outcome.attempt,
      duplicate: item.duplicate,
      status: outcome.status,
      error: outcome.error,
      at: new Date(outcome.started).toISOString(),
      durationMs: Date.now() - outcome.started,
      headers: request.headers,
      dropped: outcome.dropped,
    });
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private async attempt(item: Send, attempt: number): Promise<void> {
    const { notification } = item;
    // A retry repeats the first attempt's request when the account asks for it; otherwise every attempt is new.
    const reuse = attempt > 1 && item.first !== undefined && this.options(notification.account).retrySigning === 'first';
    const request = reuse && item.first ? item.first : notification.build();
    if (attempt === 1) item.first = request;
    const controller = new AbortController();
    this.aborts.add(controller);
    const timer = setTimeout(() => controller.abort(), notification.timeoutMs ?? this.settings.timeoutMs);
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
    this.record(item, request, { attempt, status, error, started, dropped: false });
    if (status !== null && status >= 200 && status < 300) return;
    if (notification.retry === false) return; // lost on a failed attempt, as documented for such notifications
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

