// Mercado Pago conformance: deliveries as Mercado Pago sends them, through the real webhook route and database.
// Built from Mercado Pago's docs (mercadopago/devsite-docs; docs/requirements.md GW-MP3 to GW-MP14) and from the
// five official SDKs' own webhook-validator tests, which share one set of vectors (sdk-nodejs
// src/utils/webhook/webhook.spec.ts, sdk-python tests/test_webhook_signature_validator.py, sdk-php
// tests/MercadoPago/Webhook/Unit/WebhookSignatureValidatorUnitTest.php, sdk-java WebhookSignatureValidatorTest.java,
// sdk-dotnet WebhookSignatureValidatorTest.cs; "SDK case N" below is their numbering). Each case names its source.
// Signatures are computed here with node:crypto the way those tests do, not with the app's signer.
//
// Where the app deliberately differs from an SDK default, the case says so: a missing signature is stored as
// unverified rather than refused, and there is no freshness window (issue 12; GW-MP4, GW-MP7).
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { gatewayAccounts, webhookEvents, type WebhookEvent } from '@/db/schema';
import { describeEachDatabase } from '../support/databases';
import { connectMercadoPago, quietLogs, send, sendsToTheRoute, type WireRequest } from './support';

// The SDK tests' constants.
const SECRET = 'your_secret_key_here';
const REQUEST_ID = '2066ca19-c6f1-498a-be75-1923005edd06';
const DATA_ID_RAW = 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3';
const DATA_ID_LOWER = 'ord01jq4s4ky8hwq6na5pxb65b3d3';
/** In milliseconds, March 2025: long past any freshness window. */
const TS = '1742505638683';
const TS_SECONDS = '1742505638';

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** The SDK tests' computeHash: `id:…;request-id:…;ts:…;`, absent parts left out, HMAC-SHA256 hex. */
function computeHash(dataId: string | null, requestId: string | null, ts: string, secret = SECRET): string {
  const parts: string[] = [];
  if (dataId) parts.push(`id:${dataId}`);
  if (requestId) parts.push(`request-id:${requestId}`);
  parts.push(`ts:${ts}`);
  return createHmac('sha256', secret).update(`${parts.join(';')};`).digest('hex');
}

type Delivery = Omit<WireRequest, 'gateway' | 'accountId'>;

/**
 * A webhook delivery: the query carries `data.id` and `type` when given (GW-MP3), x-request-id and x-signature are
 * signed over them (GW-MP4). `header` rewrites the x-signature value, for the parsing cases.
 */
function delivery(
  body: string | object,
  options: {
    dataId?: string | null;
    type?: string | null;
    requestId?: string | null;
    ts?: string;
    signedDataId?: string | null;
    secret?: string;
    header?: (parts: { ts: string; v1: string }) => string | null;
    extraQuery?: string;
  } = {},
): Delivery {
  const dataId = options.dataId ?? null;
  const requestId = options.requestId === undefined ? REQUEST_ID : options.requestId;
  const ts = options.ts ?? nowSeconds();
  const v1 = computeHash(options.signedDataId === undefined ? dataId : options.signedDataId, requestId, ts, options.secret);
  const header = options.header ? options.header({ ts, v1 }) : `ts=${ts},v1=${v1}`;
  const query = new URLSearchParams();
  if (dataId !== null) query.set('data.id', dataId);
  if (options.type) query.set('type', options.type);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (requestId !== null) headers['x-request-id'] = requestId;
  if (header !== null) headers['x-signature'] = header;
  const search = [query.toString(), options.extraQuery ?? ''].filter(Boolean).join('&');
  return { query: search, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

// ---- Bodies, as the docs print them ----

/** devsite guides/additional-content/your-integrations/webhooks.en.md, "Validate notification origin". */
const PAYMENT = {
  id: 12345,
  live_mode: true,
  type: 'payment',
  date_created: '2015-03-25T10:04:58.396-04:00',
  user_id: 44444,
  api_version: 'v1',
  action: 'payment.created',
  data: { id: '999999999' },
};

/** An `order` topic envelope (GW-MP3 fields) around the SDK tests' order id. */
const order = (dataId: string, id = 'sdk-order-notification') => ({ id, type: 'order', action: 'order.processed', api_version: 'v1', live_mode: true, data: { id: dataId } });

/** GW-MP14: `{action, application_id, data.id, date, entity, id, type, version}` (devsite reference/api-json/subscriptions.json). */
const subscription = (type: string, entity: string, dataId: string) => ({
  action: 'updated',
  application_id: 8339021212080291,
  data: { id: dataId },
  date: '2024-03-14T13:30:00Z',
  entity,
  id: 114562894612,
  type,
  version: 3,
});

/** devsite notification-additional-info.en.md, "Fraud alerts" (verbatim, its malformed date included). */
const FRAUD_ALERT = {
  action: 'Created',
  api_version: 'v1',
  data: { description: 'desc', merchant_order: 249940988000, payment_id: 58980959081, site_id: 'MLA' },
  date_created: '2022-07-23T23:03:5704:00',
  id: '58980959081',
  live_mode: true,
  type: 'stop_delivery_op_wh',
  user_id: 224403329,
  version: 1,
};

/** devsite notification-additional-info.en.md, "Card Updater" (verbatim). */
const CARD_UPDATER = {
  action: 'card.updated',
  api_version: 'v1',
  application_id: 8339021212080291,
  data: { customer_id: '12345678-aluyasdhfyt', new_card_id: 50000102202, old_card_id: 50000006036 },
  date_created: '2024-01-11T15:23:53-03:00',
  id: 'a47fc06844bf4e418a03aeab1479c496',
  live_mode: true,
  type: 'automatic-payments',
  user_id: 1197520450,
  version: 1,
};

/**
 * devsite mp-point/integration-api/notifications-pdv.en.md, "Finished Status" (MLB). The page prints
 * `"caller_id": 09876543`, which is not JSON (a leading zero); sent here as 9876543.
 */
const pointIntent = (state: string, payment?: object) => ({
  amount: 100,
  caller_id: 9876543,
  client_id: 1234567890,
  created_at: '2021-11-29 17:10:37',
  id: 'abcdef123-8ab5-4139-9aa3-abcd123',
  ...(payment ? { payment } : {}),
  state,
  additional_info: { external_reference: 'information' },
});

/** devsite notification-additional-info.en.md, "Delivery" (MLA); the page prints it with unquoted keys. */
const delivering = (attempts: number) => ({
  _id: 'f9f08571-1f65-4c46-9e0a-c0f43faas1557e',
  topic: 'delivery',
  resource: '/shipments/12345',
  user_id: 1793791954,
  application_id: '924152943338358',
  sent: `2021-11-01T0${attempts}:02:02.002Z`,
  attempts,
  received: '2021-11-01T02:02:02.002Z',
  actions: [],
});

/** An envelope of the topics named in webhooks.en.md's table (GW-MP3 fields, GW-MP14 topics). */
const envelope = (type: string, action: string, dataId: string, id: number) => ({
  action,
  api_version: 'v1',
  data: { id: dataId },
  date_created: '2024-05-02T12:00:00.000-04:00',
  id,
  live_mode: true,
  type,
  user_id: 44444,
});

type Stored = Partial<Pick<WebhookEvent, 'channel' | 'verification' | 'type' | 'resourceId' | 'eventId' | 'action'>> & { dedupe?: RegExp; occurredAt?: string | null };

type Case = {
  name: string;
  /** Default: an account with the SDK tests' secret saved. */
  account?: 'signed' | 'unsigned';
  deliveries: Delivery[];
  /** One answer per delivery: a status, or 200 with `received` / `duplicate`. */
  answers: Array<number | 'received' | 'duplicate'>;
  /** What the account's inbox holds afterwards (any order). */
  stored: Stored[];
};

const VERIFIED = { channel: 'webhook', verification: 'verified' } as const;
const UNVERIFIED = { channel: 'webhook', verification: 'unverified' } as const;
const BY_ID = /^webhook:/;
const BY_BODY = /^body:[0-9a-f]{64}$/;

const cases: Case[] = [
  // ---- The SDKs' shared vectors ----
  // SDK case 1: lowercase dataId passes (ts in milliseconds, from March 2025: accepted, GW-MP7).
  {
    name: 'SDK case 1: lowercase data.id',
    deliveries: [delivery(order(DATA_ID_LOWER), { dataId: DATA_ID_LOWER, type: 'order', ts: TS })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'order', resourceId: DATA_ID_LOWER, eventId: 'sdk-order-notification', action: 'order.processed', dedupe: BY_ID }],
  },
  // SDK case 2: an uppercase dataId is signed and checked as received (GW-MP6).
  {
    name: 'SDK case 2: uppercase data.id kept as received',
    deliveries: [delivery(order(DATA_ID_RAW), { dataId: DATA_ID_RAW, type: 'order', ts: TS })],
    answers: ['received'],
    stored: [{ ...VERIFIED, resourceId: DATA_ID_RAW }],
  },
  // SDK case 2, the other way round: a signature over the lowercased id does not match the uppercase one (GW-MP6:
  // the SDKs stopped lower-casing data.id).
  {
    name: 'SDK case 2 (negative): signed over the lowercased data.id',
    deliveries: [delivery(order(DATA_ID_RAW), { dataId: DATA_ID_RAW, signedDataId: DATA_ID_LOWER, type: 'order', ts: TS })],
    answers: [401],
    stored: [],
  },
  // SDK case 3: a malformed header.
  { name: 'SDK case 3: "this-is-garbage"', deliveries: [delivery(PAYMENT, { dataId: '999999999', header: () => 'this-is-garbage' })], answers: [401], stored: [] },
  // SDK case 4: a missing header is the SDKs' MissingSignatureHeader; the app stores it as unverified (issue 12:
  // only a failed check is 401; GW-MP4: QR-code notifications are not signed), and processing re-reads the payment.
  {
    name: 'SDK case 4: no x-signature, secret saved: stored unverified',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', type: 'payment', header: () => null })],
    answers: ['received'],
    stored: [{ ...UNVERIFIED, type: 'payment', resourceId: '999999999', eventId: '12345' }],
  },
  // SDK case 5: no ts.
  { name: 'SDK case 5: v1 without ts', deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ v1 }) => `v1=${v1}` })], answers: [401], stored: [] },
  // SDK case 6: no v1.
  { name: 'SDK case 6: ts without v1', deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts }) => `ts=${ts}` })], answers: [401], stored: [] },
  // SDK case 7: a tampered hash.
  {
    name: 'SDK case 7: tampered hash',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `ts=${ts},v1=${v1.slice(0, -2)}${v1.endsWith('00') ? 'ff' : '00'}` })],
    answers: [401],
    stored: [],
  },
  // SDK case 8 fails a 60 s tolerance 10 minutes later; the tolerance is optional and off by default in the SDKs
  // (GW-MP7), and the app has none: Mercado Pago retries every 15 minutes (GW-MP9).
  {
    name: 'SDK case 8: ts (seconds) from March 2025, outside any window: accepted',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', type: 'payment', ts: TS_SECONDS })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'payment' }],
  },
  // SDK case 9: no data.id, so the manifest has no `id:` part.
  {
    name: 'SDK case 9: no data.id in the query',
    deliveries: [delivery(order(DATA_ID_LOWER), { dataId: null, ts: TS })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'order', resourceId: DATA_ID_LOWER }],
  },
  // SDK case 10: no x-request-id, so no `request-id:` part.
  {
    name: 'SDK case 10: no x-request-id',
    deliveries: [delivery(order(DATA_ID_LOWER), { dataId: DATA_ID_LOWER, requestId: null, ts: TS })],
    answers: ['received'],
    stored: [{ ...VERIFIED, resourceId: DATA_ID_LOWER }],
  },
  // SDK case 11: x-request-id "" and data.id "   " are absent: the manifest is `ts:<ts>;` only.
  {
    name: 'SDK case 11: empty x-request-id and blank data.id',
    deliveries: [
      {
        query: 'data.id=%20%20%20&type=order',
        headers: { 'content-type': 'application/json', 'x-request-id': '', 'x-signature': `ts=${TS},v1=${computeHash(null, null, TS)}` },
        body: JSON.stringify({ id: 'sdk-case-11', type: 'order', action: 'order.processed' }),
      },
    ],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'order', resourceId: null, eventId: 'sdk-case-11', dedupe: BY_BODY }],
  },
  // SDK case 12: a non-payment topic uses the same algorithm.
  {
    name: 'SDK case 12: non-payment topic',
    deliveries: [delivery(order('ord01abc123'), { dataId: 'ord01abc123', type: 'order', ts: TS })],
    answers: ['received'],
    stored: [{ ...VERIFIED, resourceId: 'ord01abc123' }],
  },
  // SDK "supportedVersions": v1 and v2 both present, only v1 is used.
  {
    name: 'SDK: v1 and v2 present, v1 used',
    deliveries: [delivery(order(DATA_ID_LOWER), { dataId: DATA_ID_LOWER, ts: TS, header: ({ ts, v1 }) => `ts=${ts},v1=${v1},v2=aaaa` })],
    answers: ['received'],
    stored: [VERIFIED],
  },
  // SDK "supportedVersions": only v2 is MissingHash.
  { name: 'SDK: only v2', deliveries: [delivery(order(DATA_ID_LOWER), { dataId: DATA_ID_LOWER, ts: TS, header: ({ ts }) => `ts=${ts},v2=somehash` })], answers: [401], stored: [] },
  // sdk-nodejs issue #458 test: ts in seconds, now.
  {
    name: 'sdk-nodejs #458: ts in seconds, now',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', type: 'payment' })],
    answers: ['received'],
    stored: [VERIFIED],
  },
  // sdk-nodejs issue #459 test: a multibyte character in v1 is a plain mismatch, not a crash.
  {
    name: 'sdk-nodejs #459: multibyte v1',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: () => `ts=1704908010,v1=${'é'}${'a'.repeat(63)}` })],
    answers: [401],
    stored: [],
  },
  // sdk-nodejs "framework-shape input": the header twice (Node joins repeated headers with ", ").
  {
    name: 'sdk-nodejs: x-signature sent twice',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `ts=${ts},v1=${v1}, ts=${ts},v1=${v1}` })],
    answers: ['received'],
    stored: [VERIFIED],
  },

  // ---- Header parsing, the same in all five SDKs (GW-MP5) ----
  // GW-MP5: keys are lower-cased.
  { name: 'GW-MP5: upper-case keys', deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `TS=${ts},V1=${v1}` })], answers: ['received'], stored: [VERIFIED] },
  // GW-MP5: keys and values are trimmed.
  {
    name: 'GW-MP5: blanks around keys and values',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `ts = ${ts} ,  v1 =${v1}` })],
    answers: ['received'],
    stored: [VERIFIED],
  },
  // GW-MP5: unknown keys are ignored.
  {
    name: 'GW-MP5: unknown keys ignored',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `alg=sha256,ts=${ts},kid=1,v1=${v1},v0=old` })],
    answers: ['received'],
    stored: [VERIFIED],
  },
  // GW-MP5: parts without `=` and empty parts are skipped.
  {
    name: 'GW-MP5: parts without "=" and empty parts skipped',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `,ts=${ts},,garbage,v1=${v1},` })],
    answers: ['received'],
    stored: [VERIFIED],
  },
  // GW-MP5: the last repeated v1 wins (an earlier wrong one does not matter).
  {
    name: 'GW-MP5: last v1 wins (right one last)',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `ts=${ts},v1=${'0'.repeat(64)},v1=${v1}` })],
    answers: ['received'],
    stored: [VERIFIED],
  },
  // GW-MP5: the last repeated v1 wins (an earlier right one does not save a wrong last one).
  {
    name: 'GW-MP5: last v1 wins (wrong one last)',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `ts=${ts},v1=${v1},v1=${'0'.repeat(64)}` })],
    answers: [401],
    stored: [],
  },
  // GW-MP5: the last repeated ts wins.
  {
    name: 'GW-MP5: last ts wins (signed one last)',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `ts=1,v1=${v1},ts=${ts}` })],
    answers: ['received'],
    stored: [VERIFIED],
  },
  // GW-MP5: the last repeated ts wins (a later other ts breaks the signature).
  { name: 'GW-MP5: last ts wins (other one last)', deliveries: [delivery(PAYMENT, { dataId: '999999999', header: ({ ts, v1 }) => `ts=${ts},v1=${v1},Ts=1` })], answers: [401], stored: [] },
  // GW-MP5: ts must be all digits (a sign, a fraction or an exponent is MalformedSignatureHeader).
  { name: 'GW-MP5: ts with a minus sign', deliveries: [delivery(PAYMENT, { dataId: '999999999', ts: '-1704908010' })], answers: [401], stored: [] },
  // GW-MP5: as above, an exponent.
  { name: 'GW-MP5: ts as an exponent', deliveries: [delivery(PAYMENT, { dataId: '999999999', ts: '1.7e9' })], answers: [401], stored: [] },

  // ---- ts (GW-MP7) ----
  // GW-MP7: the docs call ts milliseconds; a genuine one a year old is accepted (no window).
  {
    name: 'GW-MP7: ts in milliseconds, a year old',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', ts: String(Date.now() - 365 * 86_400_000) })],
    answers: ['received'],
    stored: [VERIFIED],
  },
  // GW-MP7: nor is a ts in the future refused (clock skew on either side).
  { name: 'GW-MP7: ts an hour ahead', deliveries: [delivery(PAYMENT, { dataId: '999999999', ts: String(Math.floor(Date.now() / 1000) + 3600) })], answers: ['received'], stored: [VERIFIED] },

  // ---- Every topic shape (GW-MP13, GW-MP14) ----
  // webhooks.en.md: the payment example, verbatim.
  {
    name: 'payment (webhooks.en.md example)',
    deliveries: [delivery(PAYMENT, { dataId: '999999999', type: 'payment' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'payment', action: 'payment.created', resourceId: '999999999', eventId: '12345', occurredAt: '2015-03-25T14:04:58.396Z', dedupe: BY_ID }],
  },
  // GW-MP14: subscription_preapproval.
  {
    name: 'subscription_preapproval (GW-MP14 envelope)',
    deliveries: [delivery(subscription('subscription_preapproval', 'preapproval', '2c938084726fca480172750000000000'), { dataId: '2c938084726fca480172750000000000', type: 'subscription_preapproval' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'subscription_preapproval', resourceId: '2c938084726fca480172750000000000', eventId: '114562894612', occurredAt: '2024-03-14T13:30:00.000Z' }],
  },
  // GW-MP14: subscription_authorized_payment.
  {
    name: 'subscription_authorized_payment (GW-MP14 envelope)',
    deliveries: [delivery(subscription('subscription_authorized_payment', 'authorized_payment', '7000000001'), { dataId: '7000000001', type: 'subscription_authorized_payment' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'subscription_authorized_payment', resourceId: '7000000001' }],
  },
  // GW-MP13: subscription_preapproval_plan (acknowledged: no processor).
  {
    name: 'subscription_preapproval_plan (GW-MP13)',
    deliveries: [delivery(subscription('subscription_preapproval_plan', 'preapproval_plan', '2c9380847e9b451c017ea1bd70ba0219'), { dataId: '2c9380847e9b451c017ea1bd70ba0219', type: 'subscription_preapproval_plan' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'subscription_preapproval_plan', resourceId: '2c9380847e9b451c017ea1bd70ba0219' }],
  },
  // notification-additional-info.en.md "Fraud alerts": no data.id; not retried, so it must get a 2xx (GW-MP14).
  {
    name: 'stop_delivery_op_wh fraud alert, signed without data.id',
    deliveries: [delivery(FRAUD_ALERT, { dataId: null, type: 'stop_delivery_op_wh' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'stop_delivery_op_wh', action: 'Created', resourceId: '58980959081', eventId: '58980959081', occurredAt: null, dedupe: BY_BODY }],
  },
  // Same source, on an account without a webhook secret.
  {
    name: 'stop_delivery_op_wh fraud alert, account without secret',
    account: 'unsigned',
    deliveries: [delivery(FRAUD_ALERT, { dataId: null, type: 'stop_delivery_op_wh' })],
    answers: ['received'],
    stored: [{ ...UNVERIFIED, type: 'stop_delivery_op_wh', resourceId: '58980959081' }],
  },
  // Same source: two alerts about the same payment (same `id`) are two notifications, both kept.
  {
    name: 'two different fraud alerts for one payment are both stored',
    deliveries: [
      delivery(FRAUD_ALERT, { dataId: null, type: 'stop_delivery_op_wh' }),
      delivery({ ...FRAUD_ALERT, action: 'Updated', data: { ...FRAUD_ALERT.data, description: 'second alert' } }, { dataId: null, type: 'stop_delivery_op_wh', requestId: 'e1d6b4f8-8f63-4f3a-9f7e-0d7c1b9a2c10' }),
    ],
    answers: ['received', 'received'],
    stored: [
      { type: 'stop_delivery_op_wh', action: 'Created' },
      { type: 'stop_delivery_op_wh', action: 'Updated' },
    ],
  },
  // notification-additional-info.en.md "Card Updater": `type: automatic-payments`, string id, no data.id.
  {
    name: 'Card Updater (automatic-payments)',
    deliveries: [delivery(CARD_UPDATER, { dataId: null, type: 'automatic-payments' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'automatic-payments', action: 'card.updated', resourceId: null, eventId: 'a47fc06844bf4e418a03aeab1479c496', occurredAt: '2024-01-11T18:23:53.000Z', dedupe: BY_BODY }],
  },
  // mp-point notifications-pdv.en.md "Finished Status": the payment-intent object, the topic in the query.
  {
    name: 'Point point_integration_wh, FINISHED, topic in the query',
    deliveries: [delivery(pointIntent('FINISHED', { id: 123456789, state: 'approved', type: 'credit_card' }), { dataId: null, type: 'point_integration_wh' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'point_integration_wh', resourceId: 'abcdef123-8ab5-4139-9aa3-abcd123', eventId: null, dedupe: BY_BODY }],
  },
  // Same page, "Canceled Status", with nothing in the query: the body alone says it is a payment intent.
  {
    name: 'Point point_integration_wh, CANCELED, no query',
    deliveries: [delivery(pointIntent('CANCELED'), { dataId: null })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'point_integration_wh', resourceId: 'abcdef123-8ab5-4139-9aa3-abcd123' }],
  },
  // Same page: each state of one intent (same `id`) is its own notification.
  {
    name: 'Point: FINISHED then CONFIRMATION_REQUIRED of one intent are both stored',
    deliveries: [
      delivery(pointIntent('FINISHED', { id: 123456789, state: 'approved', type: 'credit_card' }), { dataId: null, type: 'point_integration_wh' }),
      delivery(pointIntent('CONFIRMATION_REQUIRED', { id: 123456789, state: '', type: '' }), { dataId: null, type: 'point_integration_wh', requestId: '0b3c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3' }),
    ],
    answers: ['received', 'received'],
    stored: [{ type: 'point_integration_wh' }, { type: 'point_integration_wh' }],
  },
  // notification-additional-info.en.md "Delivery": `{_id, topic, resource, …}`, no `type`.
  {
    name: 'Delivery ({_id, topic, resource})',
    deliveries: [delivery(delivering(1), { dataId: null })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'delivery', resourceId: '/shipments/12345', eventId: 'f9f08571-1f65-4c46-9e0a-c0f43faas1557e', dedupe: /^delivery:f9f08571/ }],
  },
  // Same page: a retry carries `attempts: 2` and a new `sent`, and the same `_id`: a duplicate.
  {
    name: 'Delivery retry (attempts 2) is a duplicate',
    deliveries: [delivery(delivering(1), { dataId: null }), delivery(delivering(2), { dataId: null, requestId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })],
    answers: ['received', 'duplicate'],
    stored: [{ type: 'delivery' }],
  },
  // GW-MP14 and issue 12: an mp-connect panel test event, with no top-level id.
  {
    name: 'mp-connect panel test event without id',
    deliveries: [
      delivery({ action: 'application.authorized', api_version: 'v1', data: { id: '123456' }, live_mode: false, type: 'mp-connect', user_id: 176611236 }, { dataId: '123456', type: 'mp-connect' }),
    ],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'mp-connect', action: 'application.authorized', resourceId: '123456', eventId: null, dedupe: BY_BODY }],
  },
  // webhooks.en.md topic table, "Application linking": an application deauthorized.
  {
    name: 'mp-connect application.deauthorized',
    deliveries: [delivery(envelope('mp-connect', 'application.deauthorized', '4455667788', 9001), { dataId: '4455667788', type: 'mp-connect' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'mp-connect', action: 'application.deauthorized', eventId: '9001', dedupe: BY_ID }],
  },
  // webhooks.en.md topic table, "Commercial orders".
  {
    name: 'topic_merchant_order_wh',
    deliveries: [delivery(envelope('topic_merchant_order_wh', 'update', '24876543210', 9002), { dataId: '24876543210', type: 'topic_merchant_order_wh' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'topic_merchant_order_wh', resourceId: '24876543210' }],
  },
  // webhooks.en.md topic table, "Chargebacks".
  {
    name: 'topic_chargebacks_wh',
    deliveries: [delivery(envelope('topic_chargebacks_wh', 'created', '112233445566', 9003), { dataId: '112233445566', type: 'topic_chargebacks_wh' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'topic_chargebacks_wh', resourceId: '112233445566' }],
  },
  // notification-additional-info.en.md "Chargebacks": `data.id` is an 18-digit bare JSON number, beyond what a
  // JavaScript number holds exactly; the signed query has its exact digits (the simulator sends it so, topics.ts).
  {
    name: 'topic_chargebacks_wh with an 18-digit numeric data.id',
    deliveries: [
      delivery(
        `{"actions":["created"],"api_version":"v1","application_id":"7431288","data":{"checked_at":"2026-12-02T10:00:00Z","id":245578471600540164},"date_created":"2026-12-02T10:00:00Z","id":9005,"live_mode":true,"type":"topic_chargebacks_wh","user_id":44444}`,
        { dataId: '245578471600540164', type: 'topic_chargebacks_wh' },
      ),
    ],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'topic_chargebacks_wh', resourceId: '245578471600540164' }],
  },
  {
    name: 'an 18-digit numeric data.id that is another id than the signed query',
    deliveries: [delivery(`{"id":9006,"type":"topic_chargebacks_wh","data":{"id":245578471600540164}}`, { dataId: '999578471600540164', type: 'topic_chargebacks_wh' })],
    answers: [400],
    stored: [],
  },
  // webhooks.en.md topic table, "Claims"; notification-additional-info.en.md "Claims" fields (data.id, data.resource).
  {
    name: 'topic_claims_integration_wh',
    deliveries: [
      delivery({ ...envelope('topic_claims_integration_wh', 'created', '5277862547', 9004), data: { id: '5277862547', resource: 'claim' } }, { dataId: '5277862547', type: 'topic_claims_integration_wh' }),
    ],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'topic_claims_integration_wh', resourceId: '5277862547' }],
  },
  // notification-additional-info.en.md "Claims" field table: "type … will always be `claim`".
  {
    name: 'claim (the Claims table\'s own type)',
    deliveries: [delivery({ ...envelope('claim', 'updated', '5277862548', 9005), data: { id: '5277862548', resource: 'claim' } }, { dataId: '5277862548', type: 'topic_claims_integration_wh' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'claim', resourceId: '5277862548' }],
  },
  // webhooks.en.md topic table: wallet_connect, and GW-MP13: "acknowledge and record every other topic".
  {
    name: 'wallet_connect (a topic the app does not use)',
    deliveries: [delivery(envelope('wallet_connect', 'created', '778899', 9006), { dataId: '778899', type: 'wallet_connect' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'wallet_connect', resourceId: '778899' }],
  },
  // Issue 12: "any well-formed JSON object, whatever its topic or shape".
  { name: 'an empty JSON object', deliveries: [delivery({}, { dataId: null })], answers: ['received'], stored: [{ ...VERIFIED, type: 'unknown', resourceId: null, eventId: null, action: null, dedupe: BY_BODY }] },
  // Issue 12: a type no topic pattern admits is stored as unknown, the raw body kept.
  {
    name: 'a type with a NUL character is stored as unknown',
    deliveries: [delivery('{"id":1,"type":"pay\\u0000ment","data":{"id":"555"}}', { dataId: '555' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'unknown', resourceId: '555' }],
  },
  // Issue 12: a genuine signature over a data.id no API path could take (GW-MP6 keeps it as received): stored,
  // with no resource id to fetch.
  {
    name: 'signed emoji data.id: stored without a resource id',
    deliveries: [delivery({ id: 77, type: 'payment', data: { id: '123💳' } }, { dataId: '123💳', type: 'payment' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, type: 'payment', resourceId: null, eventId: '77' }],
  },
  // Issue 12: a date no database column takes is no date; the notification is still stored.
  {
    name: 'date_created in the year 200000',
    deliveries: [delivery({ ...PAYMENT, id: 12346, date_created: '+200000-01-01T00:00:00Z' }, { dataId: '999999999', type: 'payment' })],
    answers: ['received'],
    stored: [{ ...VERIFIED, occurredAt: null }],
  },

  // ---- Legacy IPN (GW-MP10; devsite ipn.en.md) ----
  // ipn.en.md: `?topic=payment&id=…`, unsigned, empty body; a hint even when a secret is saved.
  {
    name: 'IPN payment, empty body',
    deliveries: [{ query: 'topic=payment&id=123456789', headers: { 'x-request-id': 'ipn-1' }, body: '' }],
    answers: ['received'],
    stored: [{ channel: 'ipn', verification: 'unverified', type: 'payment', resourceId: '123456789', eventId: null }],
  },
  // ipn.en.md: `topic=merchant_order` with its small JSON body.
  {
    name: 'IPN merchant_order with {resource, topic}',
    deliveries: [
      {
        query: 'topic=merchant_order&id=24876543210',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resource: 'https://api.mercadolibre.com/merchant_orders/24876543210', topic: 'merchant_order' }),
      },
    ],
    answers: ['received'],
    stored: [{ channel: 'ipn', type: 'merchant_order', resourceId: '24876543210' }],
  },
  // GW-MP10: IPN is never signed, so an x-signature on it is not checked.
  {
    name: 'IPN with an x-signature that would not verify',
    deliveries: [{ query: 'topic=payment&id=123456789', headers: { 'x-signature': 'ts=1,v1=00' }, body: '' }],
    answers: ['received'],
    stored: [{ channel: 'ipn', verification: 'unverified' }],
  },
  // GW-MP10 and README "Webhooks": IPNs are deduplicated by delivery (x-request-id) only.
  {
    name: 'IPN delivered twice with the same x-request-id',
    deliveries: [
      { query: 'topic=payment&id=123456789', headers: { 'x-request-id': 'ipn-same' }, body: '' },
      { query: 'topic=payment&id=123456789', headers: { 'x-request-id': 'ipn-same' }, body: '' },
    ],
    answers: ['received', 'duplicate'],
    stored: [{ channel: 'ipn' }],
  },

  // Issue 12: three identical IPNs (three deliveries) made three rows and three reads; while one waits, the
  // others are coalesced.
  {
    name: 'three IPNs for one payment while the first waits: one row',
    deliveries: ['ipn-a', 'ipn-b', 'ipn-c'].map((requestId) => ({ query: 'topic=payment&id=123456789', headers: { 'x-request-id': requestId }, body: '' })),
    answers: ['received', 'duplicate', 'duplicate'],
    stored: [{ channel: 'ipn', resourceId: '123456789' }],
  },
  // Issue 12: hints for different resources or topics are not coalesced.
  {
    name: 'IPNs for two payments and a merchant order: three rows',
    deliveries: ['topic=payment&id=111', 'topic=payment&id=222', 'topic=merchant_order&id=111'].map((query, index) => ({ query, headers: { 'x-request-id': `ipn-${index}` }, body: '' })),
    answers: ['received', 'received', 'received'],
    stored: [{ resourceId: '111', type: 'payment' }, { resourceId: '222' }, { type: 'merchant_order' }],
  },
  // Issue 12: real IPN bodies are empty or tiny; over 16 KiB is not Mercado Pago.
  {
    name: 'IPN body over 16 KiB',
    deliveries: [{ query: 'topic=payment&id=123456789', headers: {}, body: JSON.stringify({ topic: 'payment', padding: 'x'.repeat(16 * 1024) }) }],
    answers: [400],
    stored: [],
  },

  // ---- Duplicates (GW-MP9: the same notification may arrive more than once) ----
  // GW-MP9: a retry re-signed with a new request id and ts is the same notification.
  {
    name: 'payment retry re-signed is a duplicate',
    deliveries: [
      delivery(PAYMENT, { dataId: '999999999', type: 'payment' }),
      delivery(PAYMENT, { dataId: '999999999', type: 'payment', requestId: 'c0ffee00-0000-4000-8000-000000000002', ts: String(Math.floor(Date.now() / 1000) + 900) }),
    ],
    answers: ['received', 'duplicate'],
    stored: [{ type: 'payment', eventId: '12345' }],
  },
  // GW-MP9 and GW-MP14: the same fraud alert bytes twice (it is not retried, but may be duplicated).
  {
    name: 'the same fraud alert twice is a duplicate',
    deliveries: [delivery(FRAUD_ALERT, { dataId: null, type: 'stop_delivery_op_wh' }), delivery(FRAUD_ALERT, { dataId: null, type: 'stop_delivery_op_wh', requestId: 'c0ffee00-0000-4000-8000-000000000003' })],
    answers: ['received', 'duplicate'],
    stored: [{ type: 'stop_delivery_op_wh' }],
  },

  // ---- Malformed input ----
  // Issue 12: only a body that is not a JSON object is 400.
  { name: 'body not JSON', deliveries: [delivery('id=1&type=payment', { dataId: '555' })], answers: [400], stored: [] },
  // Same rule: a JSON array.
  { name: 'body a JSON array', deliveries: [delivery('[{"id":1}]', { dataId: '555' })], answers: [400], stored: [] },
  // Same rule: an empty body on a webhook (only an IPN may have one).
  { name: 'webhook with an empty body', deliveries: [delivery('', { dataId: '555', type: 'payment' })], answers: [400], stored: [] },
  // Same rule: bytes that are not UTF-8.
  { name: 'body not UTF-8', deliveries: [{ ...delivery('', { dataId: '555' }), body: Buffer.from([0x7b, 0xff, 0x7d]) }], answers: [400], stored: [] },
  // GW-MP4: the signature covers the query's data.id; a body naming another one is refused.
  { name: 'body data.id differs from the signed query', deliveries: [delivery({ id: 1, type: 'payment', data: { id: '556' } }, { dataId: '555', type: 'payment' })], answers: [400], stored: [] },
  // GW-MP4: the signature is checked first, so a forgery with a broken body is a 401.
  { name: 'forged signature, body not JSON', deliveries: [delivery('not json', { dataId: '555', secret: 'not-the-secret' })], answers: [401], stored: [] },
];

describeEachDatabase('Mercado Pago conformance', (current) => {
  quietLogs();
  sendsToTheRoute();

  const storedFor = async (publicId: string) =>
    current()
      .db.select({ event: webhookEvents })
      .from(webhookEvents)
      .innerJoin(gatewayAccounts, eq(webhookEvents.accountId, gatewayAccounts.id))
      .where(eq(gatewayAccounts.publicId, publicId))
      .then((rows) => rows.map((row) => row.event));

  it('has at least 60 deliveries, each case named once', () => {
    expect(cases.flatMap((entry) => entry.deliveries).length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((entry) => entry.name)).size).toBe(cases.length);
  });

  it.each(cases.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const account = await connectMercadoPago({ webhookSecret: entry.account === 'unsigned' ? null : SECRET });
    const answers: Array<number | string> = [];
    for (const request of entry.deliveries) {
      const response = await send({ gateway: 'mercadopago', accountId: account.publicId, ...request });
      const body = (await response.json()) as { status?: string };
      answers.push(response.status === 200 && body.status ? body.status : response.status);
    }
    expect(answers).toEqual(entry.answers);

    const events = await storedFor(account.publicId);
    expect(events).toHaveLength(entry.stored.length);
    for (const expected of entry.stored) {
      const { dedupe, occurredAt, ...fields } = expected;
      expect(events).toContainEqual(
        expect.objectContaining({
          ...fields,
          ...(dedupe ? { dedupeKey: expect.stringMatching(dedupe) } : {}),
          ...(occurredAt === undefined ? {} : { occurredAt: occurredAt === null ? null : new Date(occurredAt) }),
        }),
      );
    }
  });

  it('a hint is coalesced only while one waits: once it is taken, the next one is stored', async () => {
    const account = await connectMercadoPago({ webhookSecret: null });
    const ipn = (requestId: string) => send({ gateway: 'mercadopago', accountId: account.publicId, query: 'topic=payment&id=777', headers: { 'x-request-id': requestId }, body: '' });
    expect(((await (await ipn('first')).json()) as { status: string }).status).toBe('received');
    expect(((await (await ipn('second')).json()) as { status: string }).status).toBe('duplicate');
    const [waiting] = await storedFor(account.publicId);
    await current().db.update(webhookEvents).set({ status: 'processing' }).where(eq(webhookEvents.id, waiting?.id ?? ''));
    expect(((await (await ipn('third')).json()) as { status: string }).status).toBe('received');
    expect(await storedFor(account.publicId)).toHaveLength(2);
  });

  it('the app still answers its health check', async () => {
    expect((await health()).status).toBe(200);
  });
});
