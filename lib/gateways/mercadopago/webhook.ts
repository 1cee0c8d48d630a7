// Verifying and reading Mercado Pago notifications at the door. Pure: the route passes in the request bytes and the
// account's webhook secret (when the merchant saved one).
// Protocol: https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks
// (source: github.com/mercadopago/devsite-docs, guides/additional-content/your-integrations/webhooks.en.md and
// notification-additional-info.en.md), and the webhook validators of the five official SDKs (docs/requirements.md
// GW-MP4 to GW-MP8).
//
// What the door decides, and nothing more (issue 12):
// - a signature that is present, on an account with a saved secret, must verify, or the answer is 401;
// - a body that is not a JSON object is 400 (and so is a body whose `data.id` contradicts the signed query's);
// - everything else Mercado Pago may send is stored and answered 2xx, whatever its topic or shape (GW-MP13: we
//   acknowledge and record every topic; GW-MP14: fraud alerts are not retried, so a non-2xx loses them). Topics
//   without a processor are recorded as acknowledged (process.ts, `otherwise`), with their topic.
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { hexDigestsEqual, hmacSha256Hex, parseLastWinsHeader } from '@/lib/webhooks/signature';
import { parseJsonBody, parseTimestamp, reject, type GatewayWebhook, type Verdict, type WebhookAccount, type WebhookRequest } from '@/lib/webhooks/types';

/**
 * Ids we store as a resource id or use in a dedupe key: Mercado Pago's are numeric or short alphanumeric strings.
 * Anything else is kept in the raw body only (a processor could not fetch it anyway).
 */
const idPattern = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Topics as stored (`payment`, `mp-connect`, `automatic-payments`, `stop_delivery_op_wh` …). */
const topicPattern = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const actionPattern = /^[\w.-]{1,100}$/;
/** Delivery names its object as a path (`/shipments/12345`). */
const resourcePathPattern = /^[A-Za-z0-9_.:/-]{1,128}$/;
/** x-request-id is a UUID in practice; bound it so a huge header never reaches the manifest or a dedupe key. */
const MAX_REQUEST_ID_LENGTH = 128;

/** The stored type of a notification that names no topic we can read (e.g. `{}`): it is still stored. */
export const UNKNOWN_TOPIC = 'unknown';
/** Point payment intents carry no topic field (devsite mp-point/integration-api/notifications-pdv.en.md). */
export const POINT_TOPIC = 'point_integration_wh';

export type ParsedSignature = { ts: string; v1: string };

/**
 * Reads `x-signature: ts=<ts>,v1=<hex>` as all five SDKs do (GW-MP5): keys trimmed and case-insensitive, unknown
 * keys (`v2` …) ignored, the last repeated key wins, `ts` all ASCII digits. Null when `ts` or `v1` is missing or
 * `ts` is not digits (the SDKs' MissingTimestamp, MissingHash and MalformedSignatureHeader).
 */
export function parseMercadoPagoSignature(header: string | null): ParsedSignature | null {
  const parts = parseLastWinsHeader(header);
  const ts = parts?.get('ts');
  const v1 = parts?.get('v1');
  if (ts === undefined || v1 === undefined || !/^\d+$/.test(ts)) return null;
  return { ts, v1 };
}

/**
 * The signed manifest: `id:<data.id from the query>;request-id:<x-request-id>;ts:<ts>;`, each part left out when
 * its value is absent (GW-MP4). `data.id` keeps its case as received (GW-MP6).
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

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing_signature' | 'malformed_signature' | 'bad_signature' };

/**
 * Checks `x-signature` against the secret, in constant time. There is no freshness window (GW-MP7: optional in the
 * SDKs and off by default): Mercado Pago retries every 15 minutes (GW-MP9) and does not say a retry is signed
 * anew, so a window could refuse a genuine notification on every retry, while processing re-reads the resource
 * and never trusts the body, so an old genuine notification is harmless.
 */
export function checkMercadoPagoSignature(input: {
  secret: string;
  signatureHeader: string | null;
  requestId: string | null;
  dataId: string | null;
}): SignatureCheck {
  if (input.signatureHeader === null || input.signatureHeader.trim() === '') return { ok: false, reason: 'missing_signature' };
  const signature = parseMercadoPagoSignature(input.signatureHeader);
  if (!signature || (input.requestId !== null && input.requestId.length > MAX_REQUEST_ID_LENGTH)) {
    return { ok: false, reason: 'malformed_signature' };
  }
  const expected = signMercadoPagoManifest(input.secret, { dataId: input.dataId, requestId: input.requestId, ts: signature.ts });
  if (!hexDigestsEqual(expected, signature.v1)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}

/** A header or query value as the SDKs normalise it: trimmed, and absent when empty or blank. */
function present(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

type JsonObject = Record<string, unknown>;

const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON string or number as text (ids come both ways); null for anything else, which is not an id at all. */
function idText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * Whether the body's `data.id` (absent counts as the same) names the query's. Chargeback ids have 18 digits and come
 * as bare JSON numbers (topic_chargebacks_wh), beyond what a JavaScript number holds exactly: JSON.parse rounds
 * them, so such a number is compared after the same rounding of the query's digits.
 */
function sameId(queryDataId: string, bodyDataId: unknown): boolean {
  if (bodyDataId === undefined || bodyDataId === null) return true;
  if (typeof bodyDataId === 'number' && !Number.isSafeInteger(bodyDataId) && /^\d+$/.test(queryDataId)) return Number(queryDataId) === bodyDataId;
  const text = idText(bodyDataId);
  return text === null || text === queryDataId;
}

const usableId = (value: string | null): string | null => (value !== null && idPattern.test(value) ? value : null);

const readable = (value: unknown, pattern: RegExp): string | null => (typeof value === 'string' && pattern.test(value) ? value : null);

/** A Point payment intent: `{amount, caller_id, client_id, created_at, id, payment?, state, additional_info}`. */
const isPointIntent = (body: JsonObject): boolean =>
  typeof body.state === 'string' && typeof body.amount === 'number' && idText(body.id) !== null && body.type === undefined && body.topic === undefined;

/**
 * The stored type is the notification's topic: the body's `type` (every envelope but Delivery's), else its `topic`
 * (Delivery: `{_id, topic, resource, …}`), else the query's `type` (GW-MP3) or `topic`, else a Point payment intent
 * is `point_integration_wh` (its body names no topic), else `unknown`. The body comes first because it is the
 * notification's own; the signature covers neither, and processing never trusts either (GW-MP11).
 */
function topicOf(body: JsonObject, query: URLSearchParams): string {
  for (const candidate of [body.type, body.topic, query.get('type'), query.get('topic')]) {
    const topic = readable(candidate, topicPattern);
    if (topic) return topic;
  }
  return isPointIntent(body) ? POINT_TOPIC : UNKNOWN_TOPIC;
}

/**
 * What the notification is about, when it names something: the `data.id` (the query's, which is what is signed,
 * else the body's: GW-MP3), else a fraud alert's `data.payment_id` (the payment to stop delivering: GW-MP14), else a
 * Point intent's own `id`, else Delivery's `resource` path. Card Updater (`data` with card ids only), `{}` and
 * the like name nothing: null.
 */
function resourceOf(body: JsonObject, data: JsonObject | null, topic: string, queryDataId: string | null): string | null {
  const fromData = usableId(queryDataId) ?? usableId(idText(data?.id)) ?? usableId(idText(data?.payment_id));
  if (fromData) return fromData;
  if (topic === POINT_TOPIC && isPointIntent(body)) return usableId(idText(body.id));
  return readable(body.resource, resourcePathPattern);
}

/**
 * The dedupe key (unique per account: a redelivery with the same key is answered 200 "duplicate" and not stored):
 * - the GW-MP3/GW-MP14 envelope (`id` and `data.id`): `webhook:<id>`, the notification id, the same on every retry
 *   (unchanged from before issue 12, so retries of older notifications still merge);
 * - Delivery (`_id`, no `type`): `delivery:<_id>`, its notification id; the body changes on each retry
 *   (`attempts`, `sent`), so the bytes would not do;
 * - every other shape: `body:<SHA-256 of the raw body>`. Their `id`, when there is one, does not name one
 *   notification: a fraud alert's is its payment's id (several alerts may share it), a Point intent's is the
 *   intent's, the same for each of its states; mp-connect panel tests have none. A retry sends the same bytes and
 *   merges; two different notifications never do. A retry re-serialised differently is stored twice, which is
 *   harmless: these topics are only acknowledged.
 * The event id is the notification's own id where the shape has one (not a Point intent's).
 */
function identityOf(body: JsonObject, data: JsonObject | null, topic: string, rawBody: Buffer): { dedupeKey: string; eventId: string | null } {
  const id = usableId(idText(body.id));
  if (id && idText(data?.id) !== null) return { dedupeKey: `webhook:${id}`, eventId: id };
  const deliveryId = body.type === undefined ? usableId(idText(body._id)) : null;
  if (deliveryId) return { dedupeKey: `delivery:${deliveryId}`, eventId: deliveryId };
  const digest = createHash('sha256').update(rawBody).digest('hex');
  return { dedupeKey: `body:${digest}`, eventId: topic === POINT_TOPIC ? null : id };
}

/** Years a timestamptz column takes without argument; anything else is no date (the row is still stored). */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

/** When Mercado Pago says the event happened: `date_created` (payments and most topics) or `date` (subscriptions). */
function occurredAtOf(body: JsonObject): Date | null {
  for (const candidate of [body.date_created, body.date]) {
    if (typeof candidate !== 'string' || candidate.length > 64) continue;
    const date = parseTimestamp(candidate);
    if (date && date.getTime() >= EARLIEST && date.getTime() <= LATEST) return date;
  }
  return null;
}

/**
 * Legacy IPN (`?topic=payment&id=123`): unsigned, a hint to fetch the resource, never a fact (GW-MP10). A request
 * is one only when its query names a well-formed topic and id (and no `data.id`); otherwise it is read as a
 * webhook, whose body must then be a JSON object.
 * https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/ipn
 */
function ipnOf(query: URLSearchParams): { topic: string; resourceId: string } | null {
  if (query.has('data.id')) return null;
  const topic = readable(query.get('topic'), topicPattern);
  const resourceId = usableId(query.get('id'));
  return topic && resourceId ? { topic, resourceId } : null;
}

/** Real IPN bodies are empty or a few hundred bytes (`{"resource":…,"topic":…}`); 16 KiB is far past any of them. */
export const MAX_IPN_BODY_BYTES = 16 * 1024;

function verifyIpn(request: WebhookRequest, ipn: { topic: string; resourceId: string }): Verdict {
  if (request.rawBody.length > MAX_IPN_BODY_BYTES) return reject(400, 'invalid_body', 'IPN body over 16 KiB');
  // The body of an IPN is empty or a small JSON object (`{"resource":…,"topic":…}`); anything else is not Mercado Pago.
  if (request.rawBody.length > 0 && !isJsonObject(parseJsonBody(request.rawBody))) return reject(400, 'invalid_body', 'IPN body is not a JSON object');
  // An IPN carries no notification id. Keyed by delivery when Mercado Pago names it, else never merged here: a
  // dropped hint could hide a status change. Repeats while one waits in the queue are coalesced when stored
  // (storeNotification). An oversized x-request-id is not Mercado Pago's and is not used as a key.
  const requestId = present(request.headers.get('x-request-id'));
  const delivery = requestId !== null && requestId.length <= MAX_REQUEST_ID_LENGTH ? requestId : randomUUID();
  return {
    ok: true,
    notification: {
      channel: 'ipn',
      verification: 'unverified',
      dedupeKey: `ipn:${ipn.topic}:${ipn.resourceId}:${delivery}`,
      eventId: null,
      resourceId: ipn.resourceId,
      type: ipn.topic,
      action: null,
      occurredAt: null,
    },
  };
}

export function verifyMercadoPagoWebhook(request: WebhookRequest, account: WebhookAccount): Verdict {
  const ipn = ipnOf(request.query);
  if (ipn) return verifyIpn(request, ipn);

  // The SDKs trim `data.id` and x-request-id and treat blank values as absent (the manifest then leaves them out).
  const queryDataId = present(request.query.get('data.id'));
  const signatureHeader = present(request.headers.get('x-signature'));
  let verification: 'verified' | 'unverified' = 'unverified';
  // A signature is checked when there is one and a key to check it with. Without either the notification is
  // stored as unverified, like an IPN: QR-code notifications are never signed (GW-MP4), and processing fetches
  // the resource with the merchant's token before believing anything (GW-MP11).
  if (account.signingSecret && signatureHeader !== null) {
    const check = checkMercadoPagoSignature({
      secret: account.signingSecret,
      signatureHeader,
      requestId: present(request.headers.get('x-request-id')),
      dataId: queryDataId,
    });
    if (!check.ok) return reject(401, check.reason, `x-signature: ${check.reason}`);
    verification = 'verified';
  }

  const body = parseJsonBody(request.rawBody);
  if (!isJsonObject(body)) return reject(400, 'invalid_body', 'body is not a JSON object');
  const data = isJsonObject(body.data) ? body.data : null;
  // The signature covers the query's data.id, not the body: when both name a resource they must name the same
  // one, or a signed request could carry a body about another payment. Either may be absent (fraud alerts and
  // Card Updater have no data.id; GW-MP14).
  if (queryDataId !== null && !sameId(queryDataId, data?.id)) return reject(400, 'invalid_body', 'data.id differs between query and body');

  const topic = topicOf(body, request.query);
  return {
    ok: true,
    notification: {
      channel: 'webhook',
      verification,
      ...identityOf(body, data, topic, request.rawBody),
      resourceId: resourceOf(body, data, topic, queryDataId),
      type: topic,
      action: readable(body.action, actionPattern),
      occurredAt: occurredAtOf(body),
    },
  };
}

export const mercadopagoWebhook: GatewayWebhook = {
  secretName: 'webhookSecret',
  keptHeaders: ['x-signature', 'x-request-id', 'content-type', 'user-agent'],
  verify: verifyMercadoPagoWebhook,
};
