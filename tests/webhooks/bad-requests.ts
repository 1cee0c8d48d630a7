// The bad-input corpus for the webhook route, kept as data: each entry builds one request from the test's accounts
// and names the answer it must get. None of them may leave anything processable in the inbox.
import { signMercadoPagoManifest } from '@/lib/gateways/mercadopago/webhook';
import { hmacSha256Hex } from '@/lib/webhooks/signature';
import { mercadoPagoNotification, secureAndPayNotification, type MercadoPagoAccount, type SecureAndPayAccount, type WireRequest } from './support';

export type CorpusAccounts = {
  /** Mercado Pago with a webhook secret: signatures are mandatory. */
  mp: MercadoPagoAccount & { webhookSecret: string };
  /** Another merchant's Mercado Pago account (its secret signs nothing of `mp`'s). */
  otherMp: MercadoPagoAccount & { webhookSecret: string };
  /** Mercado Pago without a webhook secret. */
  mpUnsigned: MercadoPagoAccount;
  disconnectedMp: MercadoPagoAccount & { webhookSecret: string };
  sp: SecureAndPayAccount;
  spPending: { publicId: string };
};

export type BadRequest = { name: string; status: 400 | 401 | 404 | 405 | 410 | 413; build(accounts: CorpusAccounts): WireRequest };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A correctly signed Mercado Pago request for `mp` whose body is replaced by `body` (the signature does not cover it). */
function mpWithBody(accounts: CorpusAccounts, body: string | Buffer<ArrayBuffer>, query?: string): WireRequest {
  const notification = mercadoPagoNotification({ secret: accounts.mp.webhookSecret, dataId: '555' });
  return { gateway: 'mercadopago', accountId: accounts.mp.publicId, headers: notification.headers, query: query ?? notification.query, body };
}

/** A Mercado Pago request signed over explicit parts (data.id, request id, ts), with a body naming `bodyDataId`. */
function mpSigned(accounts: CorpusAccounts, parts: { secret?: string; dataId: string; bodyDataId?: string; requestId?: string; signedRequestId?: string; ts?: string; type?: string }): WireRequest {
  const requestId = parts.requestId ?? 'b1d1a8a2-0000-4000-8000-000000000001';
  const ts = parts.ts ?? String(nowSeconds());
  const v1 = signMercadoPagoManifest(parts.secret ?? accounts.mp.webhookSecret, { dataId: parts.dataId, requestId: parts.signedRequestId ?? requestId, ts });
  const type = parts.type ?? 'payment';
  const body = JSON.stringify({ id: 123, type, action: 'payment.updated', data: { id: parts.bodyDataId ?? parts.dataId } });
  return {
    gateway: 'mercadopago',
    accountId: accounts.mp.publicId,
    query: `data.id=${encodeURIComponent(parts.dataId)}&type=${encodeURIComponent(type)}`,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, 'x-signature': `ts=${ts},v1=${v1}` },
    body,
  };
}

/** A correctly signed request whose x-signature goes on with `suffix` (GW-MP5: the last repeated key wins). */
function mpSignedThen(accounts: CorpusAccounts, suffix: string): WireRequest {
  const signed = mpSigned(accounts, { dataId: '555' });
  return { ...signed, headers: { ...signed.headers, 'x-signature': `${signed.headers?.['x-signature'] ?? ''}${suffix}` } };
}

function mpHeader(accounts: CorpusAccounts, signature: string | null): WireRequest {
  const notification = mercadoPagoNotification({ secret: accounts.mp.webhookSecret });
  const headers: Record<string, string> = { ...notification.headers };
  if (signature === null) delete headers['x-signature'];
  else headers['x-signature'] = signature;
  return { gateway: 'mercadopago', accountId: accounts.mp.publicId, headers, query: notification.query, body: notification.body };
}

function spSignedBody(accounts: CorpusAccounts, body: string): WireRequest {
  return { gateway: 'secureandpay', accountId: accounts.sp.publicId, ...secureAndPayNotification({ secret: accounts.sp.apiSecret, siteId: accounts.sp.siteId, body }) };
}

const validMpBody = JSON.stringify({ id: 1, type: 'payment', action: 'payment.updated', data: { id: '555' } });

export const badRequests: BadRequest[] = [
  // Wrong method.
  ...(['GET', 'PUT', 'PATCH', 'DELETE'] as const).map(
    (method): BadRequest => ({ name: `${method} instead of POST`, status: 405, build: (a) => ({ ...mpWithBody(a, validMpBody), method }) }),
  ),

  // Unknown gateway or account, disconnected account.
  { name: 'unknown gateway', status: 404, build: (a) => ({ ...mpWithBody(a, validMpBody), gateway: 'stripe' }) },
  { name: 'gateway id in another case', status: 404, build: (a) => ({ ...mpWithBody(a, validMpBody), gateway: 'MercadoPago' }) },
  { name: 'unknown account id', status: 404, build: (a) => ({ ...mpWithBody(a, validMpBody), accountId: 'AAAAAAAAAAAAAAAAAAAAAAAA' }) },
  { name: 'account id with path characters', status: 404, build: (a) => ({ ...mpWithBody(a, validMpBody), accountId: '../../etc/passwd' }) },
  { name: 'account id of 2,000 characters', status: 404, build: (a) => ({ ...mpWithBody(a, validMpBody), accountId: 'A'.repeat(2000) }) },
  { name: 'Secure and Pay account under the Mercado Pago path', status: 404, build: (a) => ({ ...mpWithBody(a, validMpBody), accountId: a.sp.publicId }) },
  {
    name: 'disconnected account',
    status: 410,
    build: (a) => ({ gateway: 'mercadopago', accountId: a.disconnectedMp.publicId, ...mercadoPagoNotification({ secret: a.disconnectedMp.webhookSecret }) }),
  },

  // Size.
  { name: 'body one byte over 256 KiB', status: 413, build: (a) => mpWithBody(a, Buffer.alloc(256 * 1024 + 1, 0x20)) },
  { name: 'body of 2 MiB', status: 413, build: (a) => mpWithBody(a, Buffer.alloc(2 * 1024 * 1024, 0x7b)) },

  // Bodies that are not a JSON object (correctly signed: the signature does not cover the body). Any JSON object is
  // stored (issue 12; tests/webhooks/mercadopago-conformance.test.ts), so these and a data.id contradicting the
  // signed query are the only 400s.
  { name: 'empty body', status: 400, build: (a) => mpWithBody(a, '') },
  { name: 'invalid JSON', status: 400, build: (a) => mpWithBody(a, '{"id": 1, "type": "payment", "data": {"id": "555"') },
  { name: 'JSON array', status: 400, build: (a) => mpWithBody(a, '[{"id":1,"type":"payment","data":{"id":"555"}}]') },
  { name: 'JSON string', status: 400, build: (a) => mpWithBody(a, '"payment"') },
  { name: 'JSON null', status: 400, build: (a) => mpWithBody(a, 'null') },
  { name: 'JSON number', status: 400, build: (a) => mpWithBody(a, '555') },
  { name: 'JSON object followed by junk', status: 400, build: (a) => mpWithBody(a, '{"id":1,"type":"payment","data":{"id":"555"}} trailing') },
  { name: 'invalid UTF-8 bytes', status: 400, build: (a) => mpWithBody(a, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])) },
  { name: 'data.id differs between query and body', status: 400, build: (a) => mpSigned(a, { dataId: '555', bodyDataId: '556' }) },

  // Mercado Pago signatures that are present and fail (an absent one is stored as unverified; a late ts is accepted).
  { name: 'x-signature whose last v1 is wrong (an earlier one is right)', status: 401, build: (a) => mpSignedThen(a, `,v1=${'0'.repeat(64)}`) },
  { name: 'x-signature whose last ts is not the signed one', status: 401, build: (a) => mpSignedThen(a, ',ts=1') },
  { name: 'x-signature with v2 only', status: 401, build: (a) => mpHeader(a, `ts=${nowSeconds()},v2=${'a'.repeat(64)}`) },
  { name: 'forged x-signature and a body that is not JSON', status: 401, build: (a) => ({ ...mpSigned(a, { dataId: '555', secret: 'not-the-secret' }), body: '<xml/>' }) },
  { name: 'x-signature without ts', status: 401, build: (a) => mpHeader(a, `v1=${'a'.repeat(64)}`) },
  { name: 'x-signature without v1', status: 401, build: (a) => mpHeader(a, `ts=${nowSeconds()}`) },
  { name: 'x-signature that is not key=value', status: 401, build: (a) => mpHeader(a, 'Bearer abc.def.ghi') },
  { name: 'non-numeric ts', status: 401, build: (a) => mpHeader(a, `ts=yesterday,v1=${'a'.repeat(64)}`) },
  { name: 'v1 not hex', status: 401, build: (a) => mpHeader(a, `ts=${nowSeconds()},v1=${'z'.repeat(64)}`) },
  { name: 'v1 of the wrong length', status: 401, build: (a) => mpHeader(a, `ts=${nowSeconds()},v1=abcdef`) },
  { name: 'x-signature of 8 KB', status: 401, build: (a) => mpHeader(a, `ts=${nowSeconds()},v1=${'a'.repeat(8 * 1024)}`) },
  { name: 'signed with a made-up secret', status: 401, build: (a) => mpSigned(a, { dataId: '555', secret: 'not-the-secret' }) },
  { name: "signed with another account's secret", status: 401, build: (a) => mpSigned(a, { dataId: '555', secret: a.otherMp.webhookSecret }) },
  { name: 'signed over another data.id (query and body agree)', status: 401, build: (a) => ({ ...mpSigned(a, { dataId: '555' }), query: 'data.id=556&type=payment', body: JSON.stringify({ id: 1, type: 'payment', data: { id: '556' } }) }) },
  { name: 'signed over another x-request-id', status: 401, build: (a) => mpSigned(a, { dataId: '555', signedRequestId: 'another-request' }) },
  { name: 'x-request-id of 4 KB, signed', status: 401, build: (a) => mpSigned(a, { dataId: '555', requestId: 'r'.repeat(4096) }) },

  // Mercado Pago without a secret, and legacy IPN.
  { name: 'unsigned account, JSON array', status: 400, build: (a) => ({ gateway: 'mercadopago', accountId: a.mpUnsigned.publicId, query: 'data.id=1&type=payment', body: '[]' }) },
  { name: 'unsigned account, body data.id differs from the query', status: 400, build: (a) => ({ gateway: 'mercadopago', accountId: a.mpUnsigned.publicId, query: 'data.id=1&type=payment', body: validMpBody }) },
  { name: 'IPN with a JSON array body', status: 400, build: (a) => ({ gateway: 'mercadopago', accountId: a.mp.publicId, query: 'topic=payment&id=1', body: '[1]' }) },
  { name: 'unsigned account, invalid JSON', status: 400, build: (a) => ({ gateway: 'mercadopago', accountId: a.mpUnsigned.publicId, query: 'data.id=1&type=payment', body: '{nope' }) },
  { name: 'IPN with a script as topic', status: 400, build: (a) => ({ gateway: 'mercadopago', accountId: a.mp.publicId, query: 'topic=%3Cscript%3E&id=1', body: '' }) },
  { name: 'IPN with an id of 500 characters', status: 400, build: (a) => ({ gateway: 'mercadopago', accountId: a.mp.publicId, query: `topic=payment&id=${'1'.repeat(500)}`, body: '' }) },
  { name: 'IPN with a body that is not JSON', status: 400, build: (a) => ({ gateway: 'mercadopago', accountId: a.mp.publicId, query: 'topic=payment&id=1', body: 'resource=1&topic=payment' }) },

  // Secure and Pay.
  { name: 'Secure and Pay account still pending (no API secret)', status: 401, build: (a) => ({ gateway: 'secureandpay', accountId: a.spPending.publicId, ...secureAndPayNotification({ secret: 'x', siteId: 'site_x' }) }) },
  {
    name: 'Secure and Pay without signature',
    status: 401,
    build: (a) => {
      const notification = secureAndPayNotification({ secret: a.sp.apiSecret, siteId: a.sp.siteId });
      return { gateway: 'secureandpay', accountId: a.sp.publicId, body: notification.body, headers: { 'content-type': 'application/json' } };
    },
  },
  { name: 'Secure and Pay signed with another secret', status: 401, build: (a) => ({ gateway: 'secureandpay', accountId: a.sp.publicId, ...secureAndPayNotification({ secret: 'wrong', siteId: a.sp.siteId }) }) },
  { name: 'Secure and Pay stale t (6 minutes)', status: 401, build: (a) => ({ gateway: 'secureandpay', accountId: a.sp.publicId, ...secureAndPayNotification({ secret: a.sp.apiSecret, siteId: a.sp.siteId, t: nowSeconds() - 360 }) }) },
  {
    name: 'Secure and Pay body changed after signing',
    status: 401,
    build: (a) => {
      const notification = secureAndPayNotification({ secret: a.sp.apiSecret, siteId: a.sp.siteId });
      return { gateway: 'secureandpay', accountId: a.sp.publicId, headers: notification.headers, body: notification.body.replace('1999', '1') };
    },
  },
  {
    name: 'Secure and Pay header with t only',
    status: 401,
    build: (a) => ({ gateway: 'secureandpay', accountId: a.sp.publicId, body: '{}', headers: { 'x-secureandpay-signature': `t=${nowSeconds()}` } }),
  },
  {
    name: 'Secure and Pay signature over the body without the t prefix',
    status: 401,
    build: (a) => {
      const body = secureAndPayNotification({ secret: a.sp.apiSecret, siteId: a.sp.siteId }).body;
      const t = nowSeconds();
      const wrong = hmacSha256Hex(a.sp.apiSecret, body);
      return { gateway: 'secureandpay', accountId: a.sp.publicId, body, headers: { 'x-secureandpay-signature': `t=${t},v1=${wrong}` } };
    },
  },
  { name: 'Secure and Pay, signed, invalid JSON', status: 400, build: (a) => spSignedBody(a, '{"id":"evt_1",') },
  { name: 'Secure and Pay, signed, no event id', status: 400, build: (a) => spSignedBody(a, JSON.stringify({ type: 'payment.succeeded', site_id: a.sp.siteId, created: '2025-11-22T20:15:00Z', data: {} })) },
  { name: 'Secure and Pay, signed, amount as a string', status: 400, build: (a) => spSignedBody(a, JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', site_id: a.sp.siteId, created: '2025-11-22T20:15:00Z', data: { amount: '19.99' } })) },
  { name: 'Secure and Pay, signed, created is not a date', status: 400, build: (a) => spSignedBody(a, JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', site_id: a.sp.siteId, created: 'yesterday', data: {} })) },
  { name: 'Secure and Pay, signed, event id with unicode', status: 400, build: (a) => spSignedBody(a, JSON.stringify({ id: 'evt_ｅｖｉｌ', type: 'payment.succeeded', site_id: a.sp.siteId, created: '2025-11-22T20:15:00Z', data: {} })) },
  { name: 'Secure and Pay, signed, for another Site ID', status: 401, build: (a) => spSignedBody(a, JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', site_id: 'site_someone_else', created: '2025-11-22T20:15:00Z', data: {} })) },
];
