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
import { parseKeyValueHeader } from '@/lib/webhooks/signature';
import type { WebhookRequest } from '@/lib/webhooks/types';

const NOW = new Date('2026-03-01T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

const secret = fc.string({ minLength: 1, maxLength: 80 });
const mpId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/);
const requestId = fc.option(fc.uuid(), { nil: null });
/** Within the 10-minute tolerance, in seconds or in milliseconds. */
const freshTs = fc.oneof(
  fc.integer({ min: nowSeconds - 599, max: nowSeconds + 599 }).map(String),
  fc.integer({ min: NOW.getTime() - 599_000, max: NOW.getTime() + 599_000 }).map(String),
);
/** Any header value a client could send, including garbage. */
const anyHeader = fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), { nil: null });

function mpRequest(parts: { body: string | Buffer; query: string; headers: Record<string, string> }): WebhookRequest {
  return {
    rawBody: typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body,
    query: new URLSearchParams(parts.query),
    headers: new Headers(parts.headers),
    now: NOW,
  };
}

describe('Mercado Pago signature', () => {
  it('parses any header without throwing', () => {
    fc.assert(
      fc.property(anyHeader, (header) => {
        const parsed = parseMercadoPagoSignature(header);
        if (parsed) expect(parsed.v1.length).toBeGreaterThan(0);
        parseKeyValueHeader(header);
      }),
    );
  });

  it('accepts what is signed with the secret over the received values', () => {
    fc.assert(
      fc.property(secret, fc.option(mpId, { nil: null }), requestId, freshTs, (key, dataId, reqId, ts) => {
        const v1 = signMercadoPagoManifest(key, { dataId, requestId: reqId, ts });
        expect(checkMercadoPagoSignature({ secret: key, signatureHeader: `ts=${ts},v1=${v1}`, requestId: reqId, dataId, now: NOW })).toEqual({ ok: true });
      }),
    );
  });

  it('never accepts a signature made with another secret', () => {
    fc.assert(
      fc.property(secret, secret, mpId, requestId, freshTs, (key, otherKey, dataId, reqId, ts) => {
        fc.pre(key !== otherKey);
        const v1 = signMercadoPagoManifest(otherKey, { dataId, requestId: reqId, ts });
        const check = checkMercadoPagoSignature({ secret: key, signatureHeader: `ts=${ts},v1=${v1}`, requestId: reqId, dataId, now: NOW });
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
        fc.tuple(freshTs, freshTs),
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
            now: NOW,
          });
          expect(check.ok).toBe(false);
        },
      ),
    );
  });

  it('refuses a correct signature outside the 10-minute tolerance', () => {
    fc.assert(
      fc.property(secret, mpId, fc.integer({ min: 601, max: 10_000_000 }), fc.boolean(), fc.boolean(), (key, dataId, offset, past, inMs) => {
        const seconds = nowSeconds + (past ? -offset : offset);
        const ts = inMs ? String(seconds * 1000) : String(seconds);
        const v1 = signMercadoPagoManifest(key, { dataId, requestId: null, ts });
        const check = checkMercadoPagoSignature({ secret: key, signatureHeader: `ts=${ts},v1=${v1}`, requestId: null, dataId, now: NOW });
        expect(check).toEqual({ ok: false, reason: 'stale_signature' });
      }),
    );
  });
});

describe('Mercado Pago notification parser', () => {
  it('never throws on any body, query and headers, and accepts only a 400 or 401 or a notification naming the query data.id', () => {
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
          const verdict = verifyMercadoPagoWebhook(mpRequest({ body, query, headers }), { signingSecret: key, externalAccountId: null });
          if (!verdict.ok) {
            expect([400, 401]).toContain(verdict.status);
            return;
          }
          const dataId = new URLSearchParams(query).get('data.id');
          if (verdict.notification.channel === 'webhook') {
            expect(verdict.notification.resourceId).toBe(dataId);
            // Without a key nothing is "verified"; with one, nothing random passes the HMAC.
            expect(verdict.notification.verification).toBe('unverified');
            expect(key).toBeUndefined();
          } else {
            expect(verdict.notification.verification).toBe('unverified');
          }
        },
      ),
    );
  });

  it('accepts every well-formed signed notification and reads it back', () => {
    fc.assert(
      fc.property(secret, mpId, fc.oneof(fc.nat(), mpId), fc.constantFrom('payment', 'subscription_preapproval', 'topic_merchant_order_wh'), fc.uuid(), freshTs, (key, dataId, id, type, reqId, ts) => {
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
