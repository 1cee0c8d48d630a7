// Property tests of the signature and notification parsers: they never throw, they accept what the gateway signs,
// and they never accept a signature made with another secret or over other values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkMercadoPagoSignature,
  mercadopagoManifest,
  parseMercadoPagoSignature,
  signMercadoPagoManifest,
  verifyMercadoPagoWebhook,
} from '@/lib/gateways/mercadopago/webhook';
import {
  checkSecureAndPaySignature,
  parseSecureAndPaySignature,
  signSecureAndPay,
  verifySecureAndPayWebhook,
} from '@/lib/gateways/secureandpay/webhook';
import { parseKeyValueHeader, parseLastWinsHeader } from '@/lib/webhooks/signature';
import type { WebhookRequest } from '@/lib/webhooks/types';

const NOW = new Date('2026-03-01T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

const secret = fc.string({ minLength: 1, maxLength: 80 });
const mpId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/);
const requestId = fc.option(fc.uuid(), { nil: null });
/** Any `ts` made of digits: seconds or milliseconds, fresh, years old or in the future (GW-MP7: no window). */
const anyTs = fc.oneof(
  fc.integer({ min: 0, max: nowSeconds * 2 }).map(String),
  fc.integer({ min: 0, max: NOW.getTime() * 2 }).map(String),
  fc.stringMatching(/^\d{1,40}$/),
);
/** Any header value a client could send, including garbage. */
const anyHeader = fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), { nil: null });
/** A header key as a client might spell it: any case, with blanks around it (GW-MP5 trims and lower-cases). */
const spelled = (key: string) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: key.length, maxLength: key.length }), fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('', ' ')).map(
    ([upper, before, after]) => `${before}${[...key].map((char, index) => (upper[index] ? char.toUpperCase() : char)).join('')}${after}`,
  );
/** Parts the SDKs ignore: unknown keys (none starting with t or v, to keep clear of ts and v1), other versions, parts without `=`, empty ones. */
const ignoredPart = fc.oneof(
  fc.constantFrom('', 'garbage', 'v2=abc', 'v0=legacy', 'foo=bar', '=novalue-key', 'novalue='),
  fc.stringMatching(/^[a-su-uw-z][a-z0-9]{0,8}=[a-z0-9]{1,12}$/),
);

function mpRequest(parts: { body: string | Buffer; query: string; headers: Record<string, string> }): WebhookRequest {
  return {
    rawBody: typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body,
    query: new URLSearchParams(parts.query),
    headers: new Headers(parts.headers),
    now: NOW,
  };
}

const STORED_TOPIC = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const STORED_ID = /^[A-Za-z0-9_.:/-]{1,128}$/;

describe('Mercado Pago signature', () => {
  it('parses any header without throwing', () => {
    fc.assert(
      fc.property(anyHeader, (header) => {
        const parsed = parseMercadoPagoSignature(header);
        if (parsed) {
          expect(parsed.v1.length).toBeGreaterThan(0);
          expect(parsed.ts).toMatch(/^\d+$/);
        }
        parseKeyValueHeader(header);
        parseLastWinsHeader(header);
      }),
    );
  });

  it('accepts what is signed with the secret over the received values, whatever its ts', () => {
    fc.assert(
      fc.property(secret, fc.option(mpId, { nil: null }), requestId, anyTs, (key, dataId, reqId, ts) => {
        const v1 = signMercadoPagoManifest(key, { dataId, requestId: reqId, ts });
        expect(checkMercadoPagoSignature({ secret: key, signatureHeader: `ts=${ts},v1=${v1}`, requestId: reqId, dataId })).toEqual({ ok: true });
      }),
    );
  });

  it('reads keys case-insensitively with blanks around them, ignores unknown parts, and lets the last repeated key win (GW-MP5)', () => {
    fc.assert(
      fc.property(
        secret,
        mpId,
        fc.uuid(),
        anyTs,
        fc.tuple(spelled('ts'), spelled('v1'), spelled('ts'), spelled('v1')),
        fc.array(ignoredPart, { maxLength: 4 }),
        fc.boolean(),
        fc.nat(2),
        (key, dataId, reqId, ts, [tsKey, v1Key, earlierTsKey, earlierV1Key], ignored, withEarlier, which) => {
          const v1 = signMercadoPagoManifest(key, { dataId, requestId: reqId, ts });
          // Earlier values of the same keys (another ts, another hash) lose to the last ones.
          const earlier = withEarlier ? [`${earlierTsKey}=${ts}0`, `${earlierV1Key}=${'0'.repeat(64)}`] : [];
          const header = [...earlier, ...ignored, `${tsKey}= ${ts}`, ...ignored, `${v1Key}=${v1} `].join(',');
          expect(checkMercadoPagoSignature({ secret: key, signatureHeader: header, requestId: reqId, dataId })).toEqual({ ok: true });
          // The same genuine parts followed by another value of either key: the last one is the one checked.
          const overridden = [`,v1=${'f'.repeat(64)}`, `,TS=${ts}1`, ' , V1 = 0123'][which];
          expect(checkMercadoPagoSignature({ secret: key, signatureHeader: `${header}${overridden}`, requestId: reqId, dataId }).ok).toBe(false);
        },
      ),
    );
  });

  it('never accepts a signature made with another secret', () => {
    fc.assert(
      fc.property(secret, secret, mpId, requestId, anyTs, (key, otherKey, dataId, reqId, ts) => {
        fc.pre(key !== otherKey);
        const v1 = signMercadoPagoManifest(otherKey, { dataId, requestId: reqId, ts });
        const check = checkMercadoPagoSignature({ secret: key, signatureHeader: `ts=${ts},v1=${v1}`, requestId: reqId, dataId });
        expect(check.ok).toBe(false);
      }),
    );
  });

  it('never accepts a signature over other values (data.id, request id or ts)', () => {
    fc.assert(
      fc.property(
        secret,
        fc.tuple(mpId, mpId),
        fc.tuple(requestId, requestId),
        fc.tuple(anyTs, anyTs),
        fc.nat(2),
        (key, [dataId, otherDataId], [reqId, otherReqId], [ts, otherTs], which) => {
          const signed = { dataId, requestId: reqId, ts };
          const received = [
            { ...signed, dataId: otherDataId },
            { ...signed, requestId: otherReqId },
            { ...signed, ts: otherTs },
          ][which];
          if (!received) throw new Error('unreachable');
          fc.pre(mercadopagoManifest(received) !== mercadopagoManifest(signed));
          const v1 = signMercadoPagoManifest(key, signed);
          const check = checkMercadoPagoSignature({
            secret: key,
            signatureHeader: `ts=${received.ts},v1=${v1}`,
            requestId: received.requestId,
            dataId: received.dataId,
          });
          expect(check.ok).toBe(false);
        },
      ),
    );
  });
});

describe('Mercado Pago notification parser', () => {
  it('never throws on any body, query and headers; refuses only with 401 (a signature that fails) or 400 (not a JSON object, or data.id contradicting the query)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 400 }), fc.json({ maxDepth: 3 }), fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes))),
        fc.oneof(fc.string({ maxLength: 100 }), mpId.map((id) => `data.id=${id}&type=payment`), fc.constant('topic=payment&id=1')),
        anyHeader,
        fc.option(secret, { nil: undefined }),
        (body, query, signature, key) => {
          const headers: Record<string, string> = {};
          // Headers refuses some characters outright; a client cannot send those either.
          if (signature !== null && /^[\t\x20-\x7e\x80-\xff]*$/.test(signature)) headers['x-signature'] = signature;
          const request = mpRequest({ body, query, headers });
          const verdict = verifyMercadoPagoWebhook(request, { signingSecret: key, externalAccountId: null });
          if (!verdict.ok) {
            expect([400, 401]).toContain(verdict.status);
            // 401 only when there was a signature and a key to check it with.
            if (verdict.status === 401) expect(key !== undefined && (headers['x-signature'] ?? '').trim() !== '').toBe(true);
            return;
          }
          const notification = verdict.notification;
          // With a key, nothing random passes the HMAC: whatever is accepted is unverified.
          expect(notification.verification).toBe('unverified');
          expect(notification.type).toMatch(STORED_TOPIC);
          expect(notification.dedupeKey.length).toBeLessThanOrEqual(250);
          if (notification.resourceId !== null) expect(notification.resourceId).toMatch(STORED_ID);
          const dataId = request.query.get('data.id')?.trim();
          if (notification.channel === 'webhook' && dataId && /^[A-Za-z0-9_.:-]{1,64}$/.test(dataId)) expect(notification.resourceId).toBe(dataId);
        },
      ),
    );
  });

  it('stores any JSON object, signed or not, with bounded fields (issue 12: acknowledge everything)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(fc.constantFrom('id', '_id', 'type', 'topic', 'action', 'data', 'date_created', 'date', 'resource', 'state', 'amount'), fc.string({ maxLength: 12 })), fc.jsonValue({ maxDepth: 3 })),
        fc.option(secret, { nil: undefined }),
        fc.uuid(),
        anyTs,
        (object, key, reqId, ts) => {
          const body = JSON.stringify(object);
          // The query names no data.id, so nothing can contradict the body; the signature then covers request id and ts.
          const headers: Record<string, string> = { 'x-request-id': reqId };
          if (key) headers['x-signature'] = `ts=${ts},v1=${signMercadoPagoManifest(key, { dataId: null, requestId: reqId, ts })}`;
          const verdict = verifyMercadoPagoWebhook(mpRequest({ body, query: '', headers }), { signingSecret: key, externalAccountId: null });
          expect(verdict.ok).toBe(true);
          if (!verdict.ok) return;
          const notification = verdict.notification;
          expect(notification).toMatchObject({ channel: 'webhook', verification: key ? 'verified' : 'unverified' });
          expect(notification.type).toMatch(STORED_TOPIC);
          expect(notification.dedupeKey).toMatch(/^(webhook:[A-Za-z0-9_.:-]{1,64}|delivery:[A-Za-z0-9_.:-]{1,64}|body:[0-9a-f]{64})$/);
          if (notification.resourceId !== null) expect(notification.resourceId).toMatch(STORED_ID);
          if (notification.action !== null) expect(notification.action).toMatch(/^[\w.-]{1,100}$/);
          if (notification.occurredAt) expect(notification.occurredAt.getUTCFullYear()).toBeGreaterThanOrEqual(1970);
        },
      ),
    );
  });

  it('accepts every well-formed signed notification and reads it back', () => {
    fc.assert(
      fc.property(secret, mpId, fc.oneof(fc.nat(), mpId), fc.constantFrom('payment', 'subscription_preapproval', 'topic_merchant_order_wh'), fc.uuid(), anyTs, (key, dataId, id, type, reqId, ts) => {
        const body = JSON.stringify({ id, type, action: `${type}.updated`, data: { id: dataId } });
        const v1 = signMercadoPagoManifest(key, { dataId, requestId: reqId, ts });
        const verdict = verifyMercadoPagoWebhook(
          mpRequest({ body, query: new URLSearchParams({ 'data.id': dataId, type }).toString(), headers: { 'x-request-id': reqId, 'x-signature': `ts=${ts},v1=${v1}` } }),
          { signingSecret: key, externalAccountId: null },
        );
        expect(verdict).toMatchObject({ ok: true, notification: { verification: 'verified', resourceId: dataId, eventId: String(id), type, dedupeKey: `webhook:${id}` } });
      }),
    );
  });
});

describe('Secure and Pay signature and parser', () => {
  const siteId = 'site_8c1e4b2a9f3d7c60';
  const event = fc.record({
    id: fc.stringMatching(/^evt_[a-z0-9]{1,20}$/),
    type: fc.constantFrom('payment.succeeded', 'payment.failed', 'refund.succeeded', 'subscription.cancelled', 'something.new'),
    amount: fc.nat(),
  });
  const spRequest = (body: Buffer, header: string | null): WebhookRequest => ({
    rawBody: body,
    query: new URLSearchParams(),
    headers: new Headers(header === null ? {} : { 'x-secureandpay-signature': header }),
    now: NOW,
  });

  it('matches the test vector of docs/secureandpay-api.md', () => {
    const body =
      '{"id":"evt_3f9a1c2b7d4e5f60","type":"payment.succeeded","site_id":"site_8c1e4b2a9f3d7c60","created":"2025-11-22T20:15:00Z","data":{"payment_id":"pay_5b2e9c7a1d3f4e80","subscription_id":null,"amount":1999,"currency":"EUR","status":"succeeded","reference":"order_01JDX3Q8Z2","failure_reason":null}}';
    expect(signSecureAndPay('4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b', 1763842500, Buffer.from(body))).toBe(
      '5dfdab54ff52775512ca06333c38f113377d946bf95fb50a9183ccddfa7072eb',
    );
  });

  it('parses any header without throwing', () => {
    fc.assert(fc.property(anyHeader, (header) => void parseSecureAndPaySignature(header)));
  });

  it('accepts its own signature (among unknown keys and other v1 values) and reads the event', () => {
    fc.assert(
      fc.property(secret, event, fc.integer({ min: -299, max: 299 }), (key, e, skew) => {
        const body = Buffer.from(JSON.stringify({ id: e.id, type: e.type, site_id: siteId, created: '2025-11-22T20:15:00Z', data: { payment_id: 'pay_1', amount: e.amount } }));
        const t = nowSeconds + skew;
        const header = `t=${t},v0=legacy,v1=${'0'.repeat(64)},v1=${signSecureAndPay(key, t, body)}`;
        const verdict = verifySecureAndPayWebhook(spRequest(body, header), { signingSecret: key, externalAccountId: siteId });
        expect(verdict).toMatchObject({ ok: true, notification: { eventId: e.id, type: e.type, resourceId: 'pay_1', verification: 'verified' } });
      }),
    );
  });

  it('never accepts a signature made with another secret, or over another body or time', () => {
    fc.assert(
      fc.property(secret, secret, fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), fc.integer({ min: -299, max: 299 }), fc.nat(2), (key, otherKey, body, otherBody, skew, which) => {
        const t = nowSeconds + skew;
        const signed = { key, t, body };
        const variants = [
          { ...signed, key: otherKey },
          { ...signed, body: otherBody },
          { ...signed, t: t + 1 },
        ];
        const forged = variants[which];
        if (!forged) throw new Error('unreachable');
        fc.pre(forged.key !== key || forged.body !== body || forged.t !== t);
        const v1 = signSecureAndPay(forged.key, forged.t, Buffer.from(forged.body));
        const check = checkSecureAndPaySignature({ secret: key, header: `t=${t},v1=${v1}`, rawBody: Buffer.from(body), now: NOW });
        expect(check.ok).toBe(false);
      }),
    );
  });

  it('never throws on any body and header, and never accepts an unsigned body', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 3 }).map((json) => Buffer.from(json)), fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes))), anyHeader, secret, (body, header, key) => {
        const usable = header !== null && /^[\t\x20-\x7e\x80-\xff]*$/.test(header) ? header : null;
        const verdict = verifySecureAndPayWebhook(spRequest(body, usable), { signingSecret: key, externalAccountId: siteId });
        expect(verdict.ok).toBe(false);
      }),
    );
  });
});
