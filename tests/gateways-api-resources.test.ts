// The payment and subscription calls of both API clients, against the bundled simulator (the code the app runs
// offline) and a few stub servers for answers the simulator never gives: each result and failure reason is reachable.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreapproval,
  createPreference,
  getAuthorizedPayment,
  getPayment as getMercadoPagoPayment,
  getPreapproval,
  searchPreapprovals,
  type CreatePreferenceInput,
  type MercadoPagoClock,
} from '@/lib/gateways/mercadopago/api';
import {
  cancelSubscription,
  createPayment,
  createSubscription,
  getPayment as getSecureAndPayPayment,
  getSubscription,
  type CreateSecureAndPayPaymentInput,
} from '@/lib/gateways/secureandpay/api';
import { startSimulator, type RunningSimulator } from '@/simulator/server';
import { startWebhookReceiver } from '@/simulator/webhook-receiver';

let sim: RunningSimulator;
let mercadopagoUrl: string;
let secureandpayUrl: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  mercadopagoUrl = `${sim.url}/mercadopago`;
  secureandpayUrl = `${sim.url}/secureandpay`;
});
afterEach(async () => {
  await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
});
afterAll(async () => {
  await sim.close();
});

async function control<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${sim.url}/_sim${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function stubServer(listener: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function withStub<T>(status: number, body: unknown, run: (url: string) => Promise<T>): Promise<T> {
  const stub = await stubServer((_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  try {
    return await run(stub.url);
  } finally {
    await stub.close();
  }
}

/** The client's retry waits without the waiting (the retries themselves: tests/mercadopago-client.test.ts). */
const noWait: MercadoPagoClock = { now: () => Date.now(), sleep: async () => {} };

type MercadoPagoAccount = { userId: number; accessToken: string };
const mpAccount = (country = 'BR') => control<MercadoPagoAccount>('/mercadopago/accounts', { country });
const mp = (account: MercadoPagoAccount) => ({ baseUrl: mercadopagoUrl, accessToken: account.accessToken });

const preferenceInput: CreatePreferenceInput = {
  items: [{ title: 'Course', quantity: 1, unit_price: 99.9, currency_id: 'BRL' }],
  payer: { name: 'Ana', surname: 'Souza', email: 'ana@example.com', identification: { type: 'CPF', number: '52998224725' } },
  external_reference: 'order_1',
  back_urls: { success: 'https://shop.example/ok', pending: 'https://shop.example/wait', failure: 'https://shop.example/ko' },
  auto_return: 'approved',
  notification_url: 'https://shop.example/api/webhooks/mercadopago/acc?source_news=webhooks',
};
const recurring = { frequency: 1, frequency_type: 'months', transaction_amount: 29.9, currency_id: 'BRL' } as const;

describe('Mercado Pago resources', () => {
  it('getPayment returns the payment with its fields, and keeps the ones it does not check', async () => {
    const account = await mpAccount();
    const created = await control<{ id: number }>('/mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 10, external_reference: 'o1', notify: false });
    const result = await getMercadoPagoPayment(mp(account), created.id);
    expect(result).toMatchObject({ ok: true, payment: { id: created.id, status: 'approved', collector_id: account.userId, currency_id: 'BRL', external_reference: 'o1', live_mode: true } });
    if (!result.ok) throw new Error('expected a payment');
    expect(result.payment.transaction_details).toBeDefined(); // passed through, unchecked
    expect(await getMercadoPagoPayment(mp(account), String(created.id))).toMatchObject({ ok: true });
  });

  it('getPayment: not_found for an unknown or foreign payment, unauthorized, unreachable, unexpected', async () => {
    const account = await mpAccount();
    const other = await mpAccount();
    const created = await control<{ id: number }>('/mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 10, notify: false });
    expect(await getMercadoPagoPayment(mp(other), created.id)).toEqual({ ok: false, reason: 'not_found', status: 404, message: 'Payment not found', code: 'not_found' });
    expect(await getMercadoPagoPayment(mp(account), 123)).toMatchObject({ ok: false, reason: 'not_found', status: 404 });
    // An id that could never be Mercado Pago's is not sent (it would change the path).
    expect(await getMercadoPagoPayment(mp(account), '../users/me')).toEqual({ ok: false, reason: 'not_found' });
    expect(await getMercadoPagoPayment({ baseUrl: mercadopagoUrl, accessToken: 'APP_USR-nope' }, created.id)).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
    await control('/mercadopago/outage', { down: true });
    expect(await getMercadoPagoPayment({ ...mp(account), clock: noWait }, created.id)).toEqual({ ok: false, reason: 'unreachable', status: 503 });
    await control('/mercadopago/outage', { down: false });
    expect(await withStub(200, { id: 1, status: 'teleported' }, (url) => getMercadoPagoPayment({ baseUrl: url, accessToken: 'x' }, 1))).toEqual({ ok: false, reason: 'unexpected', status: 200 });
    expect(await withStub(429, { message: 'slow down' }, (url) => getMercadoPagoPayment({ baseUrl: url, accessToken: 'x', clock: noWait }, 1))).toEqual({ ok: false, reason: 'unreachable', status: 429 });
    // A 404 that is not in Mercado Pago's shape (a wrong base URL) is not a missing payment.
    expect(await withStub(404, { error: { code: 'nope' } }, (url) => getMercadoPagoPayment({ baseUrl: url, accessToken: 'x' }, 1))).toEqual({ ok: false, reason: 'unexpected', status: 404 });
  });

  it('createPreference returns the init_point, honours the idempotency key, and is rejected with the gateway message', async () => {
    const account = await mpAccount();
    const created = await createPreference(mp(account), preferenceInput, { idempotencyKey: 'order_1' });
    expect(created).toMatchObject({ ok: true, preference: { id: expect.any(String), init_point: expect.stringContaining('/checkout/v1/redirect?pref_id='), external_reference: 'order_1' } });
    if (!created.ok) throw new Error('expected a preference');
    const again = await createPreference(mp(account), preferenceInput, { idempotencyKey: 'order_1' });
    expect(again.ok && again.preference.id).toBe(created.preference.id);

    const usd = await createPreference(mp(account), { ...preferenceInput, items: [{ title: 'x', quantity: 1, unit_price: 5, currency_id: 'USD' }] });
    expect(usd).toMatchObject({ ok: false, reason: 'rejected', status: 400, code: 'invalid_currency_id', message: expect.stringContaining('BRL') });
  });

  it('createPreapproval, getPreapproval, searchPreapprovals and getAuthorizedPayment follow one subscription', async () => {
    const account = await mpAccount();
    const created = await createPreapproval(mp(account), { reason: 'Membership', external_reference: 'sub_1', payer_email: 'ana@example.com', back_url: 'https://shop.example/sub', auto_recurring: recurring });
    expect(created).toMatchObject({ ok: true, preapproval: { status: 'pending', auto_recurring: recurring, init_point: expect.stringContaining('preapproval_id=') } });
    if (!created.ok) throw new Error('expected a preapproval');
    const { id, init_point: initPoint } = created.preapproval;

    // The customer authorizes it on the hosted page.
    const authorized = await fetch(String(initPoint), { method: 'POST', body: new URLSearchParams({ method: 'card', outcome: 'approve' }), redirect: 'manual' });
    expect(authorized.status).toBe(303);
    expect(await getPreapproval(mp(account), id)).toMatchObject({ ok: true, preapproval: { id, status: 'authorized', collector_id: account.userId } });
    expect(await searchPreapprovals(mp(account), { externalReference: 'sub_1', status: 'authorized' })).toMatchObject({ ok: true, search: { paging: { total: 1 }, results: [{ id }] } });
    expect(await searchPreapprovals(mp(account), { status: 'cancelled' })).toMatchObject({ ok: true, search: { paging: { total: 0 }, results: [] } });

    const charge = await control<{ id: number }>(`/mercadopago/preapprovals/${id}/charges`, { payment_status: 'rejected', payment_type_id: 'credit_card', notify: false });
    expect(await getAuthorizedPayment(mp(account), charge.id)).toMatchObject({ ok: true, authorizedPayment: { id: charge.id, preapproval_id: id, status: 'recycling', retry_attempt: 1, next_retry_date: expect.any(String), payment: { status: 'rejected' } } });
    const other = await mpAccount();
    expect(await getPreapproval(mp(other), id)).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await getAuthorizedPayment(mp(other), charge.id)).toMatchObject({ ok: false, reason: 'not_found' });
  });

  it('createPreapproval sends the reference body: status "pending", no notification_url, an idempotency key', async () => {
    let sent: { body: unknown; key: string | undefined } | undefined;
    const stub = await stubServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        sent = { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown, key: request.headers['x-idempotency-key']?.toString() };
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"stop here","error":"internal_error","status":500,"cause":[]}');
      });
    });
    try {
      const input = { reason: 'Membership', external_reference: 'sub_1', payer_email: 'ana@example.com', back_url: 'https://shop.example/sub', auto_recurring: recurring };
      await createPreapproval({ baseUrl: stub.url, accessToken: 'x', clock: noWait }, input, { idempotencyKey: 'order_9-abc' });
      expect(sent).toEqual({ body: { ...input, status: 'pending' }, key: 'order_9-abc' });
    } finally {
      await stub.close();
    }
  });

  it("notifies a preapproval to the account's webhook URL, never to a notification_url in the body (GW-MP12)", async () => {
    const account = await mpAccount();
    const saved = await startWebhookReceiver();
    const inBody = await startWebhookReceiver();
    try {
      await control(`/mercadopago/accounts/${account.userId}/webhook`, { url: `${saved.url}/hooks` });
      // The real API ignores fields it does not know, so a body that still has one is accepted.
      const response = await fetch(`${mercadopagoUrl}/preapproval`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'x', payer_email: 'a@example.com', back_url: 'https://shop.example/', auto_recurring: recurring, status: 'pending', notification_url: `${inBody.url}/n?source_news=webhooks` }),
      });
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      await sim.gateways.mercadopago.deliveries.idle();
      expect(saved.received.map((delivery) => [delivery.path, delivery.query.get('type'), delivery.query.get('data.id')])).toEqual([['/hooks', 'subscription_preapproval', id]]);
      expect(inBody.received).toEqual([]);
    } finally {
      await saved.close();
      await inBody.close();
    }
  });

  it('createPreapproval is rejected in another currency', async () => {
    const account = await mpAccount('CO');
    const refused = await createPreapproval(mp(account), { reason: 'x', payer_email: 'a@example.com', back_url: 'https://shop.example/', auto_recurring: recurring });
    expect(refused).toMatchObject({ ok: false, reason: 'rejected', status: 400, message: expect.stringContaining('COP') });
  });
});

type Site = { siteId: string; apiSecret: string };
const spSite = () => control<Site>('/secureandpay/sites', { name: 'Acme' });
const sp = (site: Site) => ({ baseUrl: secureandpayUrl, ...site });
const paymentInput: CreateSecureAndPayPaymentInput = {
  amount: 1999,
  currency: 'EUR',
  description: 'Course',
  reference: 'order_1',
  customer: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Souza' },
  return_url: 'https://shop.example/return',
};

describe('Secure and Pay resources', () => {
  it('createPayment and getPayment; one payment per idempotency key; rejected with the field', async () => {
    const site = await spSite();
    const created = await createPayment(sp(site), paymentInput, { idempotencyKey: 'order_1' });
    expect(created).toMatchObject({ ok: true, payment: { status: 'pending', amount: 1999, currency: 'EUR', site_id: site.siteId, checkout_url: expect.stringContaining('/secureandpay/checkout/pay_') } });
    if (!created.ok) throw new Error('expected a payment');
    const again = await createPayment(sp(site), paymentInput, { idempotencyKey: 'order_1' });
    expect(again.ok && again.payment.id).toBe(created.payment.id);
    expect(await createPayment(sp(site), { ...paymentInput, amount: 5 }, { idempotencyKey: 'order_1' })).toMatchObject({ ok: false, reason: 'rejected', status: 409, code: 'idempotency_conflict' });
    expect(await getSecureAndPayPayment(sp(site), created.payment.id)).toMatchObject({ ok: true, payment: { id: created.payment.id, reference: 'order_1' } });

    const jpy = await createPayment(sp(site), { ...paymentInput, currency: 'JPY' as 'EUR' }, { idempotencyKey: 'k2' });
    expect(jpy).toEqual({ ok: false, reason: 'rejected', status: 422, code: 'unsupported_currency', message: expect.any(String), field: 'currency' });
  });

  it('getPayment: not_found, unauthorized, unreachable, and unexpected for an object of another site', async () => {
    const site = await spSite();
    const other = await spSite();
    const created = await createPayment(sp(site), paymentInput, { idempotencyKey: 'k' });
    if (!created.ok) throw new Error('expected a payment');
    expect(await getSecureAndPayPayment(sp(other), created.payment.id)).toMatchObject({ ok: false, reason: 'not_found', status: 404, code: 'not_found' });
    expect(await getSecureAndPayPayment(sp(site), 'pay/../v1/site')).toEqual({ ok: false, reason: 'not_found' });
    expect(await getSecureAndPayPayment({ ...sp(site), apiSecret: 'wrong' }, created.payment.id)).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
    await control('/secureandpay/outage', { down: true });
    expect(await getSecureAndPayPayment(sp(site), created.payment.id)).toEqual({ ok: false, reason: 'unreachable', status: 503 });
    await control('/secureandpay/outage', { down: false });
    // A well-formed payment of another site is never taken as ours.
    const foreign = { ...created.payment, site_id: 'site_other' };
    expect(await withStub(200, foreign, (url) => getSecureAndPayPayment({ baseUrl: url, ...site }, created.payment.id))).toEqual({ ok: false, reason: 'unexpected', status: 200 });
  });

  it('createSubscription, getSubscription and cancelSubscription (idempotent)', async () => {
    const site = await spSite();
    const created = await createSubscription(sp(site), { ...paymentInput, currency: 'USD', interval_days: 30 }, { idempotencyKey: 's1' });
    expect(created).toMatchObject({ ok: true, subscription: { status: 'pending', interval_days: 30, currency: 'USD' } });
    if (!created.ok) throw new Error('expected a subscription');
    const { id } = created.subscription;
    const paid = await fetch(created.subscription.checkout_url, { method: 'POST', body: new URLSearchParams({ outcome: 'approve' }), redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(await getSubscription(sp(site), id)).toMatchObject({ ok: true, subscription: { status: 'active', last_payment_id: expect.stringMatching(/^pay_/) } });
    expect(await cancelSubscription(sp(site), id, 'non_payment')).toMatchObject({ ok: true, subscription: { status: 'cancelled', cancelled_at: expect.any(String) } });
    expect(await cancelSubscription(sp(site), id)).toMatchObject({ ok: true, subscription: { status: 'cancelled' } });
    expect(await cancelSubscription(sp(site), 'sub_unknown')).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await createSubscription(sp(site), { ...paymentInput, interval_days: 0 }, { idempotencyKey: 's2' })).toMatchObject({ ok: false, reason: 'rejected', field: 'interval_days' });
  });
});
