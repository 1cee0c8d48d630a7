// Verifying and reading Mercado Pago notifications at the door. Pure: the route passes in the request bytes, the
// account's webhook secret (when the merchant saved one) and the clock.
// Protocol: https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks
// (source: github.com/mercadopago/devsite-docs, guides/additional-content/your-integrations/webhooks.en.md).
import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hexDigestsEqual, hmacSha256Hex, parseKeyValueHeader, parseUnsignedInteger } from '@/lib/webhooks/signature';
import { parseJsonBody, parseTimestamp, reject, type GatewayWebhook, type Verdict, type WebhookAccount, type WebhookRequest } from '@/lib/webhooks/types';

/** How far `ts` may be from our clock, either way (the choice; Mercado Pago leaves it to the receiver). */
export const MERCADOPAGO_SIGNATURE_TOLERANCE_MS = 10 * 60_000;

/** Above this, `ts` can only be milliseconds: 10^11 seconds is the year 5138. */
const MILLISECONDS_THRESHOLD = 100_000_000_000;

/** Mercado Pago's ids are numeric or short alphanumeric strings; anything else is not from Mercado Pago. */
const idPattern = /^[A-Za-z0-9_.:-]{1,64}$/;
const id = z.union([z.string().regex(idPattern), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).transform(String);
const topicPattern = /^[a-z][a-z0-9_.-]{0,63}$/;
const topic = z.string().regex(topicPattern);
/** x-request-id is a UUID in practice; bound it so a huge header never reaches the manifest or the database. */
const MAX_REQUEST_ID_LENGTH = 128;

/**
 * The webhook body. Only what the door needs is checked; the rest is kept verbatim in the raw body. Topics differ
 * in details (`date_created` for payments, `date` and `entity` for subscriptions), hence the optional fields.
 */
export const mercadopagoNotificationSchema = z.looseObject({
  id,
  type: topic,
  action: z.string().max(100).regex(/^[\w.-]*$/).optional(),
  live_mode: z.boolean().optional(),
  date_created: z.string().max(64).optional(),
  date: z.string().max(64).optional(),
  user_id: z.union([z.number().int(), z.string().max(64)]).optional(),
  data: z.looseObject({ id }),
});
export type MercadoPagoNotification = z.infer<typeof mercadopagoNotificationSchema>;

export type ParsedSignature = { ts: string; tsValue: number; v1: string[] };

/** Parses `x-signature: ts=<ts>,v1=<hex>`; null when it is absent, oversized, or lacks `ts` or `v1`. */
export function parseMercadoPagoSignature(header: string | null): ParsedSignature | null {
  const entries = parseKeyValueHeader(header);
  if (!entries) return null;
  const ts = entries.find(([key]) => key === 'ts')?.[1];
  const tsValue = parseUnsignedInteger(ts);
  const v1 = entries.filter(([key]) => key === 'v1').map(([, value]) => value);
  if (ts === undefined || tsValue === null || v1.length === 0) return null;
  return { ts, tsValue, v1 };
}

/**
 * The signed manifest: `id:<data.id from the query>;request-id:<x-request-id>;ts:<ts>;`, each part left out when
 * its value is absent (per the docs). `data.id` keeps its case as received.
 */
export function mercadopagoManifest(parts: { dataId: string | null; requestId: string | null; ts: string }): string {
  let manifest = '';
  if (parts.dataId) manifest += `id:${parts.dataId};`;
  if (parts.requestId) manifest += `request-id:${parts.requestId};`;
  return `${manifest}ts:${parts.ts};`;
}

export function signMercadoPagoManifest(secret: string, parts: { dataId: string | null; requestId: string | null; ts: string }): string {
  return hmacSha256Hex(secret, mercadopagoManifest(parts));
}

/** The docs call `ts` milliseconds but show seconds (`ts=1704908010`): accept both. */
export function mercadopagoTimestampMs(tsValue: number): number {
  return tsValue >= MILLISECONDS_THRESHOLD ? tsValue : tsValue * 1000;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'stale_signature' };

/** Checks `x-signature` against the secret; constant-time comparison, 10-minute tolerance. */
export function checkMercadoPagoSignature(input: {
  secret: string;
  signatureHeader: string | null;
  requestId: string | null;
  dataId: string | null;
  now: Date;
}): SignatureCheck {
  if (input.signatureHeader === null || input.signatureHeader === '') return { ok: false, reason: 'missing_signature' };
  const signature = parseMercadoPagoSignature(input.signatureHeader);
  if (!signature || (input.requestId !== null && input.requestId.length > MAX_REQUEST_ID_LENGTH)) {
    return { ok: false, reason: 'malformed_signature' };
  }
  const expected = signMercadoPagoManifest(input.secret, { dataId: input.dataId, requestId: input.requestId, ts: signature.ts });
  // Every v1 is compared (no early exit on the first), so timing says nothing about which one matched.
  const matched = signature.v1.reduce((found, candidate) => hexDigestsEqual(expected, candidate) || found, false);
  if (!matched) return { ok: false, reason: 'bad_signature' };
  // The age is checked after the HMAC, so a stale-looking forgery is reported as a forgery.
  const age = Math.abs(input.now.getTime() - mercadopagoTimestampMs(signature.tsValue));
  if (age > MERCADOPAGO_SIGNATURE_TOLERANCE_MS) return { ok: false, reason: 'stale_signature' };
  return { ok: true };
}

/**
 * Legacy IPN (`?topic=payment&id=123`): unsigned, a hint to fetch the resource, never a fact.
 * https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/ipn
 */
function isIpn(query: URLSearchParams): boolean {
  return query.has('topic') && query.has('id') && !query.has('data.id');
}

function verifyIpn(request: WebhookRequest): Verdict {
  const ipnTopic = request.query.get('topic') ?? '';
  const resourceId = request.query.get('id') ?? '';
  if (!topicPattern.test(ipnTopic) || !idPattern.test(resourceId)) return reject(400, 'invalid_body', 'IPN topic or id malformed');
  // The body of an IPN is at most a small JSON object (`{"resource":…,"topic":…}`); anything else is not Mercado Pago.
  if (request.rawBody.length > 0) {
    const body = parseJsonBody(request.rawBody);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return reject(400, 'invalid_body', 'IPN body is not a JSON object');
  }
  const requestId = request.headers.get('x-request-id');
  if (requestId !== null && requestId.length > MAX_REQUEST_ID_LENGTH) return reject(400, 'invalid_body', 'x-request-id too long');
  // An IPN carries no notification id. Keyed by delivery when Mercado Pago names it, else never merged: a dropped
  // hint could hide a status change, while a duplicate hint only costs one more read of the resource.
  const delivery = requestId ?? randomUUID();
  return {
    ok: true,
    notification: {
      channel: 'ipn',
      verification: 'unverified',
      dedupeKey: `ipn:${ipnTopic}:${resourceId}:${delivery}`,
      eventId: null,
      resourceId,
      type: ipnTopic,
      action: null,
      occurredAt: null,
    },
  };
}

export function verifyMercadoPagoWebhook(request: WebhookRequest, account: WebhookAccount): Verdict {
  if (isIpn(request.query)) return verifyIpn(request);

  const queryDataId = request.query.get('data.id');
  const requestId = request.headers.get('x-request-id');
  let verification: 'verified' | 'unverified' = 'unverified';
  if (account.signingSecret) {
    const check = checkMercadoPagoSignature({
      secret: account.signingSecret,
      signatureHeader: request.headers.get('x-signature'),
      requestId,
      dataId: queryDataId,
      now: request.now,
    });
    if (!check.ok) return reject(401, check.reason, `x-signature: ${check.reason}`);
    verification = 'verified';
  } else if (requestId !== null && requestId.length > MAX_REQUEST_ID_LENGTH) {
    return reject(400, 'invalid_body', 'x-request-id too long');
  }

  const parsed = mercadopagoNotificationSchema.safeParse(parseJsonBody(request.rawBody));
  if (!parsed.success) return reject(400, 'invalid_body', 'body is not a Mercado Pago notification');
  const notification = parsed.data;
  // The signature covers the query's data.id, not the body: the body must name the same resource, or a signed
  // request could carry a body about another payment.
  if (queryDataId === null || queryDataId !== notification.data.id) return reject(400, 'invalid_body', 'data.id differs between query and body');
  const queryType = request.query.get('type');
  if (queryType !== null && queryType !== notification.type) return reject(400, 'invalid_body', 'type differs between query and body');

  return {
    ok: true,
    notification: {
      channel: 'webhook',
      verification,
      // The notification id is the same on every retry of one notification.
      dedupeKey: `webhook:${notification.id}`,
      eventId: notification.id,
      resourceId: notification.data.id,
      type: notification.type,
      action: notification.action || null,
      occurredAt: parseTimestamp(notification.date_created ?? notification.date),
    },
  };
}

export const mercadopagoWebhook: GatewayWebhook = {
  secretName: 'webhookSecret',
  keptHeaders: ['x-signature', 'x-request-id', 'content-type', 'user-agent'],
  verify: verifyMercadoPagoWebhook,
};
