// Verifying and reading Secure and Pay notifications at the door. The wire format is our documented assumption
// (docs/secureandpay-api.md, section 8): `X-SecureAndPay-Signature: t=<unix s>,v1=<hex>`, HMAC-SHA256 keyed by the
// site's API secret over `<t>.<raw body>`, 5-minute tolerance; the event id is the same on every retry.
import 'server-only';
import { z } from 'zod';
import { hexDigestsEqual, hmacSha256Hex, parseKeyValueHeader, parseUnsignedInteger } from '@/lib/webhooks/signature';
import { parseJsonBody, parseTimestamp, reject, type GatewayWebhook, type Verdict, type WebhookAccount, type WebhookRequest } from '@/lib/webhooks/types';

export const SECUREANDPAY_SIGNATURE_HEADER = 'x-secureandpay-signature';
export const SECUREANDPAY_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Identifiers are opaque `A–Z a–z 0–9 _ -` strings (docs/secureandpay-api.md section 1). */
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const id = z.string().regex(idPattern);
const nullableId = id.nullable();

/**
 * The notification body (section 8). Unknown event types must be acknowledged and recorded, so `data` is checked
 * field by field where present rather than per type.
 */
export const secureandpayNotificationSchema = z.looseObject({
  id,
  type: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/),
  site_id: id,
  created: z.iso.datetime({ offset: true }),
  data: z.looseObject({
    payment_id: nullableId.optional(),
    subscription_id: nullableId.optional(),
    refund_id: nullableId.optional(),
    amount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable().optional(),
    currency: z.string().max(8).nullable().optional(),
    status: z.string().max(64).nullable().optional(),
    reference: z.string().max(200).nullable().optional(),
    failure_reason: z.string().max(64).nullable().optional(),
  }),
});
export type SecureAndPayNotification = z.infer<typeof secureandpayNotificationSchema>;

export type ParsedSecureAndPaySignature = { t: number; v1: string[] };

/** Parses `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, ignoring unknown keys; null when `t` or every `v1` is missing. */
export function parseSecureAndPaySignature(header: string | null): ParsedSecureAndPaySignature | null {
  const entries = parseKeyValueHeader(header);
  if (!entries) return null;
  const t = parseUnsignedInteger(entries.find(([key]) => key === 't')?.[1]);
  const v1 = entries.filter(([key]) => key === 'v1').map(([, value]) => value);
  if (t === null || v1.length === 0) return null;
  return { t, v1 };
}

/** The signed payload is the bytes of `<t>.` followed by the body exactly as received. */
export function signSecureAndPay(secret: string, t: number, rawBody: Buffer): string {
  return hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${t}.`, 'utf8'), rawBody]));
}

export type SecureAndPaySignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'stale_signature' };

export function checkSecureAndPaySignature(input: { secret: string; header: string | null; rawBody: Buffer; now: Date }): SecureAndPaySignatureCheck {
  if (input.header === null || input.header === '') return { ok: false, reason: 'missing_signature' };
  const signature = parseSecureAndPaySignature(input.header);
  if (!signature) return { ok: false, reason: 'malformed_signature' };
  const expected = signSecureAndPay(input.secret, signature.t, input.rawBody);
  const matched = signature.v1.reduce((found, candidate) => hexDigestsEqual(expected, candidate) || found, false);
  if (!matched) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(input.now.getTime() / 1000 - signature.t) > SECUREANDPAY_SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'stale_signature' };
  return { ok: true };
}

export function verifySecureAndPayWebhook(request: WebhookRequest, account: WebhookAccount): Verdict {
  // A pending account (the webhook URL exists before the credentials, seed SP1) has no key to check with: refuse,
  // and Secure and Pay's retries deliver the event once the merchant has saved the API secret.
  if (!account.signingSecret) return reject(401, 'no_key', 'no API secret saved yet');
  const check = checkSecureAndPaySignature({
    secret: account.signingSecret,
    header: request.headers.get(SECUREANDPAY_SIGNATURE_HEADER),
    rawBody: request.rawBody,
    now: request.now,
  });
  if (!check.ok) return reject(401, check.reason, `signature: ${check.reason}`);

  const parsed = secureandpayNotificationSchema.safeParse(parseJsonBody(request.rawBody));
  if (!parsed.success) return reject(400, 'invalid_body', 'body is not a Secure and Pay notification');
  const event = parsed.data;
  // Signed with this account's secret but about another site: a configuration mix-up, not ours to store.
  if (account.externalAccountId !== null && event.site_id !== account.externalAccountId) {
    return reject(401, 'site_mismatch', 'site_id is not the connected Site ID');
  }
  return {
    ok: true,
    notification: {
      channel: 'webhook',
      verification: 'verified',
      dedupeKey: `event:${event.id}`,
      eventId: event.id,
      resourceId: event.data.payment_id ?? event.data.subscription_id ?? event.data.refund_id ?? null,
      type: event.type,
      action: null,
      occurredAt: parseTimestamp(event.created),
    },
  };
}

export const secureandpayWebhook: GatewayWebhook = {
  secretName: 'apiSecret',
  keptHeaders: [SECUREANDPAY_SIGNATURE_HEADER, 'content-type', 'user-agent'],
  verify: verifySecureAndPayWebhook,
};
