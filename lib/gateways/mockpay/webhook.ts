// Verifying Mock Pay notifications at the door (docs/mockpay-api.md "Notifications"): `x-mockpay-signature: v1=<hex>`,
// HMAC-SHA256 under the API key over the raw body; the event id is the same on every retry.
import 'server-only';
import { z } from 'zod';
import { hexDigestsEqual, hmacSha256Hex, parseKeyValueHeader } from '@/lib/webhooks/signature';
import { parseJsonBody, parseTimestamp, reject, type GatewayWebhook, type Verdict, type WebhookAccount, type WebhookRequest } from '@/lib/webhooks/types';

export const MOCKPAY_SIGNATURE_HEADER = 'x-mockpay-signature';

export const mockpayNotificationSchema = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9_]{1,64}$/),
  type: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/),
  account_id: z.string().max(64),
  created: z.iso.datetime({ offset: true }),
  payment: z.looseObject({ id: z.string().regex(/^[A-Za-z0-9_]{1,64}$/) }).optional(),
});

export const signMockPay = (apiKey: string, rawBody: Buffer) => hmacSha256Hex(apiKey, rawBody);

function verify(request: WebhookRequest, account: WebhookAccount): Verdict {
  if (!account.signingSecret) return reject(401, 'no_key', 'no API key stored');
  const entries = parseKeyValueHeader(request.headers.get(MOCKPAY_SIGNATURE_HEADER));
  if (!entries) return reject(401, 'missing_signature', `${MOCKPAY_SIGNATURE_HEADER} missing`);
  const v1 = entries.filter(([key]) => key.toLowerCase() === 'v1').map(([, value]) => value);
  if (v1.length === 0) return reject(401, 'malformed_signature', 'no v1');
  const expected = signMockPay(account.signingSecret, request.rawBody);
  if (!v1.some((candidate) => hexDigestsEqual(expected, candidate))) return reject(401, 'bad_signature', 'v1 does not match');

  const parsed = mockpayNotificationSchema.safeParse(parseJsonBody(request.rawBody));
  if (!parsed.success) return reject(400, 'invalid_body', 'body is not a Mock Pay notification');
  const event = parsed.data;
  if (account.externalAccountId !== null && event.account_id !== account.externalAccountId) return reject(400, 'site_mismatch', 'account_id is not this account');
  return {
    ok: true,
    notification: {
      channel: 'webhook',
      verification: 'verified',
      dedupeKey: `event:${event.id}`,
      eventId: event.id,
      resourceId: event.payment?.id ?? null,
      type: event.type,
      action: null,
      occurredAt: parseTimestamp(event.created),
    },
  };
}

export const mockpayWebhook: GatewayWebhook = {
  secretName: 'apiKey',
  keptHeaders: [MOCKPAY_SIGNATURE_HEADER, 'content-type', 'user-agent'],
  verify,
};
