// Helpers for the webhook tests: merchants with connected accounts, signed requests, and a way to call the route
// over HTTP, as a gateway does.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, vi } from 'vitest';
import { getOrCreatePendingConnection, saveConnection } from '@/lib/gateways/connections';
import { createUser } from '@/db/queries/users';
import { signMercadoPagoManifest } from '@/lib/gateways/mercadopago/webhook';
import { signSecureAndPay } from '@/lib/gateways/secureandpay/webhook';
import { startRouteBridge, type RouteBridge } from '../support/route-bridge';

/** The route logs every request on stdout/stderr; the tests check answers and rows, not log lines. */
export function quietLogs(): void {
  beforeAll(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });
}

export async function newMerchant(name = 'merchant'): Promise<string> {
  const user = await createUser({ name, email: `${name}-${randomBytes(5).toString('hex')}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('user not created');
  return user.id;
}

const publicIdOf = (webhookUrl: string) => {
  const id = webhookUrl.split('/').pop();
  if (!id) throw new Error(`no public id in ${webhookUrl}`);
  return id;
};

export type MercadoPagoAccount = { merchantId: string; publicId: string; webhookSecret: string | undefined; userId: string };

export async function connectMercadoPago(options: { webhookSecret?: string | null; merchantId?: string } = {}): Promise<MercadoPagoAccount> {
  const merchantId = options.merchantId ?? (await newMerchant('mp'));
  const webhookSecret = options.webhookSecret === null ? undefined : (options.webhookSecret ?? randomBytes(32).toString('hex'));
  const userId = String(100_000_000 + Math.floor(Math.random() * 1_000_000));
  const connection = await saveConnection({
    merchantId,
    gateway: 'mercadopago',
    mode: 'live',
    country: 'BR',
    externalAccountId: userId,
    publicCredentials: { publicKey: `APP_USR-${randomUUID()}` },
    secrets: { accessToken: `APP_USR-${randomBytes(16).toString('hex')}-${userId}`, ...(webhookSecret ? { webhookSecret } : {}) },
  });
  return { merchantId, publicId: publicIdOf(connection.webhookUrl), webhookSecret, userId };
}

export type SecureAndPayAccount = { merchantId: string; publicId: string; apiSecret: string; siteId: string };

export async function connectSecureAndPay(options: { merchantId?: string } = {}): Promise<SecureAndPayAccount> {
  const merchantId = options.merchantId ?? (await newMerchant('sp'));
  const pending = await getOrCreatePendingConnection(merchantId, 'secureandpay');
  const siteId = `site_${randomBytes(8).toString('hex')}`;
  const apiSecret = randomBytes(20).toString('hex');
  await saveConnection({
    merchantId,
    gateway: 'secureandpay',
    mode: 'live',
    externalAccountId: siteId,
    publicCredentials: { siteId },
    secrets: { apiSecret },
  });
  return { merchantId, publicId: publicIdOf(pending.webhookUrl), apiSecret, siteId };
}

export async function pendingSecureAndPay(): Promise<{ merchantId: string; publicId: string }> {
  const merchantId = await newMerchant('sp-pending');
  const pending = await getOrCreatePendingConnection(merchantId, 'secureandpay');
  return { merchantId, publicId: publicIdOf(pending.webhookUrl) };
}

export type WireRequest = {
  method?: string;
  gateway: string;
  accountId: string;
  query?: string;
  headers?: Record<string, string>;
  /** A stream is sent chunked, without a content-length. */
  body?: string | Buffer<ArrayBuffer> | ReadableStream<Uint8Array>;
};

// One route server per test file, started on first use; afterAll closes it (see sendsToTheRoute).
let bridge: Promise<RouteBridge> | undefined;

/** Registers the closing of the route server this file's requests start. Call once at the top of a test file. */
export function sendsToTheRoute(): void {
  afterAll(async () => {
    const started = bridge;
    bridge = undefined;
    if (started) await (await started).close();
  });
}

/** Sends the request to the webhook route over HTTP, as a gateway would. */
export async function send(request: WireRequest): Promise<Response> {
  bridge ??= startRouteBridge();
  const { url: base } = await bridge;
  const url = `${base}/api/webhooks/${encodeURIComponent(request.gateway)}/${encodeURIComponent(request.accountId)}${request.query ? `?${request.query}` : ''}`;
  const method = request.method ?? 'POST';
  // `duplex` (Node's fetch, needed for a stream body) is not in the DOM's RequestInit type.
  const init: RequestInit & { duplex?: 'half' } = { method, headers: request.headers ?? {} };
  if (request.body !== undefined && method !== 'GET' && method !== 'HEAD') init.body = request.body;
  if (request.body instanceof ReadableStream) init.duplex = 'half';
  return fetch(url, init);
}

/** A Mercado Pago webhook notification (body, query and signed headers) as Mercado Pago sends it. */
export function mercadoPagoNotification(options: {
  secret?: string;
  notificationId?: number | string;
  dataId?: string;
  type?: string;
  action?: string;
  requestId?: string;
  ts?: string;
  padTo?: number;
  userId?: string;
}) {
  const dataId = options.dataId ?? String(Math.floor(Math.random() * 1e12));
  const type = options.type ?? 'payment';
  const body: Record<string, unknown> = {
    id: options.notificationId ?? Math.floor(Math.random() * 1e12),
    live_mode: true,
    type,
    date_created: '2025-11-22T20:15:00.000-03:00',
    user_id: Number(options.userId ?? '123456789'),
    api_version: 'v1',
    action: options.action ?? 'payment.updated',
    data: { id: dataId },
  };
  if (options.padTo) {
    const base = JSON.stringify(body).length;
    body.application_note = 'x'.repeat(Math.max(0, options.padTo - base - 24));
  }
  const requestId = options.requestId ?? randomUUID();
  const ts = options.ts ?? String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
  if (options.secret) headers['x-signature'] = `ts=${ts},v1=${signMercadoPagoManifest(options.secret, { dataId, requestId, ts })}`;
  return { body: JSON.stringify(body), query: `data.id=${encodeURIComponent(dataId)}&type=${encodeURIComponent(type)}`, headers, dataId, requestId, ts };
}

/** A Secure and Pay notification, signed per docs/secureandpay-api.md section 8. */
export function secureAndPayNotification(options: { secret: string; siteId: string; eventId?: string; type?: string; t?: number; body?: string }) {
  const body =
    options.body ??
    JSON.stringify({
      id: options.eventId ?? `evt_${randomBytes(8).toString('hex')}`,
      type: options.type ?? 'payment.succeeded',
      site_id: options.siteId,
      created: '2025-11-22T20:15:00Z',
      data: {
        payment_id: `pay_${randomBytes(8).toString('hex')}`,
        subscription_id: null,
        amount: 1999,
        currency: 'EUR',
        status: 'succeeded',
        reference: 'order_01JDX3Q8Z2',
        failure_reason: null,
      },
    });
  const t = options.t ?? Math.floor(Date.now() / 1000);
  const signature = signSecureAndPay(options.secret, t, Buffer.from(body, 'utf8'));
  return { body, headers: { 'content-type': 'application/json', 'x-secureandpay-signature': `t=${t},v1=${signature}` } };
}
