// The contract between the webhook route and each gateway's verifier (lib/gateways/<id>/webhook.ts).
import type { AcceptedNotification } from '@/db/queries/webhook-events';
import type { WebhookRejectionReason } from '@/db/schema';

/** Reads one request header by its lower-case name (a web `Headers` is one; the route adapts Node's headers). */
export type HeaderReader = { get(name: string): string | null };

/** What a verifier sees of a request: the exact bytes, the query, the headers, and the receiver's clock. */
export type WebhookRequest = {
  rawBody: Buffer;
  query: URLSearchParams;
  headers: HeaderReader;
  now: Date;
};

/** What the route knows about the account the URL names. */
export type WebhookAccount = {
  /** The key that signs this account's notifications; undefined when the merchant has not given one (yet). */
  signingSecret: string | undefined;
  /** The gateway's own id for the account (Secure and Pay site id, Mercado Pago user id), when known. */
  externalAccountId: string | null;
};

/** A notification that passed the door: what goes into the inbox besides the raw request (its owner's type). */
export type { AcceptedNotification };

export type Rejection = {
  status: 400 | 401;
  reason: WebhookRejectionReason;
  /** For the server log only, never for the response. */
  detail: string;
};

export type Verdict = { ok: true; notification: AcceptedNotification } | ({ ok: false } & Rejection);

export type GatewayWebhook = {
  /** Which stored secret signs notifications (decrypted by the route, passed in as `signingSecret`). */
  secretName: string;
  /** Request headers worth keeping beside the raw body (lower-case names). */
  keptHeaders: readonly string[];
  verify(request: WebhookRequest, account: WebhookAccount): Verdict;
};

export const reject = (status: 400 | 401, reason: WebhookRejectionReason, detail: string): Verdict => ({ ok: false, status, reason, detail });

/** Decodes the body as UTF-8 and parses it as JSON; null when either fails (the caller answers 400). */
export function parseJsonBody(rawBody: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(rawBody);
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A gateway timestamp as a Date, or null when it is absent or not a date. */
export function parseTimestamp(value: string | undefined | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
