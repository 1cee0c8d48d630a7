// Simulated Secure and Pay over real HTTP, against docs/secureandpay-api.md: hosted payments and subscriptions,
// the hosted page, signed notifications (checked here with an independent HMAC), retries, no charge retries (SP7).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import type { ReceivedWebhook } from '../webhook-receiver';

const { sim, receiver } = withSimulatorAndReceiver([50, 100]);

type Json = Record<string, unknown>;
type Site = { siteId: string; apiSecret: string };

async function call(path: string, init: { method?: string; body?: unknown; site?: Site; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.site) headers.authorization = `Basic ${Buffer.from(`${init.site.siteId}:${init.site.apiSecret}`).toString('base64')}`;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(path.startsWith('http') ? path : `${sim().url}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('json') ?? false;
  return { status: response.status, headers: response.headers, text, body: (isJson && text ? JSON.parse(text) : {}) as Json };
}

async function siteWithWebhook(path = '/hooks/sp'): Promise<Site> {
  const site = (await call('/_sim/secureandpay/sites', { body: { name: 'Acme' } })).body as unknown as Site;
  expect((await call(`/_sim/secureandpay/sites/${site.siteId}/webhook`, { body: { url: `${receiver().url}${path}` } })).status).toBe(200);
  return site;
}

const customer = { email: 'ana@example.com', first_name: 'Ana', last_name: 'Souza' };
const paymentBody = { amount: 1999, currency: 'EUR', description: 'Course', reference: 'order_1', customer, return_url: 'https://shop.example/return', cancel_url: 'https://shop.example/cancel' };

/** docs/secureandpay-api.md §8, computed here on its own. */
function expectSigned(delivery: ReceivedWebhook, secret: string) {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivery.headers['x-secureandpay-signature']));
  expect(match).not.toBeNull();
  const [, t, v1] = match ?? [];
  expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex'));
  expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(300);
}
const eventOf = (delivery: ReceivedWebhook | undefined) => JSON.parse(delivery?.body ?? 'null') as Json & { id: string; type: string; data: Json };

describe('contract document', () => {
  it("matches its own signature test vector", () => {
    const body =
      '{"id":"evt_3f9a1c2b7d4e5f60","type":"payment.succeeded","site_id":"site_8c1e4b2a9f3d7c60","created":"2025-11-22T20:15:00Z","data":{"payment_id":"pay_5b2e9c7a1d3f4e80","subscription_id":null,"amount":1999,"currency":"EUR","status":"succeeded","reference":"order_01JDX3Q8Z2","failure_reason":null}}';
    const v1 = createHmac('sha256', '4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b').update(`1763842500.${body}`).digest('hex');
    expect(v1).toBe('5dfdab54ff52775512ca06333c38f113377d946bf95fb50a9183ccddfa7072eb');
  });
});

describe('hosted payments', () => {
  it('creates a pending payment whose checkout page pays it, notifies signed, and returns the customer', async () => {
    const site = await siteWithWebhook();
    const created = await call('/secureandpay/v1/payments', { site, body: paymentBody, headers: { 'idempotency-key': 'k1' } });
    expect(created.status).toBe(201);
    const payment = created.body as Json & { id: string; checkout_url: string };
    expect(payment).toMatchObject({ id: expect.stringMatching(/^pay_[0-9a-f]{16}$/), site_id: site.siteId, status: 'pending', amount: 1999, currency: 'EUR', amount_refunded: 0, reference: 'order_1', subscription_id: null, customer, failure_reason: null });

    const page = await call(payment.checkout_url);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html lang="en">/);
    expect(page.text).toContain('<main>');
    expect(page.text).toContain('€19.99');
    expect(page.text).toContain('<label for="outcome-approve">');

    const paid = await call(payment.checkout_url, { form: { outcome: 'approve' } });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`https://shop.example/return?payment_id=${payment.id}`);
    expect((await call(`/secureandpay/v1/payments/${payment.id}`, { site })).body).toMatchObject({ status: 'succeeded' });

    const [delivery] = await receiver().waitFor(1);
    expect(delivery?.path).toBe('/hooks/sp');
    expectSigned(delivery as ReceivedWebhook, site.apiSecret);
    expect(() => expectSigned(delivery as ReceivedWebhook, `${site.apiSecret}0`)).toThrow();
    expect(eventOf(delivery)).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: 'payment.succeeded',
      site_id: site.siteId,
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      data: { payment_id: payment.id, subscription_id: null, amount: 1999, currency: 'EUR', status: 'succeeded', reference: 'order_1', failure_reason: null },
    });

    const again = await call(payment.checkout_url, { form: { outcome: 'approve' } });
    expect(again.status).toBe(409);
  });

  it('sends a declined payment back to return_url and an abandoned one to cancel_url, both failed', async () => {
    const site = await siteWithWebhook();
    const declined = (await call('/secureandpay/v1/payments', { site, body: paymentBody })).body as Json & { id: string; checkout_url: string };
    expect((await call(declined.checkout_url, { form: { outcome: 'decline' } })).headers.get('location')).toBe(`https://shop.example/return?payment_id=${declined.id}`);
    const abandoned = (await call('/secureandpay/v1/payments', { site, body: paymentBody })).body as Json & { id: string; checkout_url: string };
    expect((await call(abandoned.checkout_url, { form: { outcome: 'abandon' } })).headers.get('location')).toBe(`https://shop.example/cancel?payment_id=${abandoned.id}`);
    const events = (await receiver().waitFor(2)).map(eventOf);
    expect(events.map((e) => [e.type, e.data.failure_reason]).sort()).toEqual([['payment.failed', 'abandoned'], ['payment.failed', 'card_declined']]);
  });

  it('validates per the contract: currency, customer fields, URLs, Idempotency-Key, ownership', async () => {
    const site = await siteWithWebhook();
    const jpy = await call('/secureandpay/v1/payments', { site, body: { ...paymentBody, currency: 'JPY' } });
    expect(jpy.status).toBe(422);
    expect(jpy.body).toEqual({ error: { code: 'unsupported_currency', message: expect.any(String), field: 'currency' } });
    const noName = await call('/secureandpay/v1/payments', { site, body: { ...paymentBody, customer: { ...customer, first_name: ' ' } } });
    expect(noName.body).toMatchObject({ error: { code: 'validation_failed', field: 'customer.first_name' } });
    const plainHttp = await call('/secureandpay/v1/payments', { site, body: { ...paymentBody, return_url: 'http://shop.example/return' } });
    expect(plainHttp.body).toMatchObject({ error: { field: 'return_url' } });
    expect((await call('/secureandpay/v1/payments', { site, body: { ...paymentBody, return_url: 'http://localhost:3000/r' } })).status).toBe(201);
    expect((await call('/secureandpay/v1/payments', { site, body: { ...paymentBody, amount: 19.99 } })).status).toBe(422);

    const first = await call('/secureandpay/v1/payments', { site, body: paymentBody, headers: { 'idempotency-key': 'same' } });
    const repeat = await call('/secureandpay/v1/payments', { site, body: paymentBody, headers: { 'idempotency-key': 'same' } });
    expect(repeat.body.id).toBe(first.body.id);
    const conflict = await call('/secureandpay/v1/payments', { site, body: { ...paymentBody, amount: 1 }, headers: { 'idempotency-key': 'same' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'idempotency_conflict' } });

    const other = (await call('/_sim/secureandpay/sites', { body: {} })).body as unknown as Site;
    const foreign = await call(`/secureandpay/v1/payments/${String(first.body.id)}`, { site: other });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: { code: 'not_found' } });
    const empty = await call('/secureandpay/v1/payments', { site, method: 'POST' });
    expect(empty.status).toBe(422);
    const malformed = await fetch(`${sim().url}/secureandpay/v1/payments`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${site.siteId}:${site.apiSecret}`).toString('base64')}` }, body: '{"amount":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('retries a notification after 500 with the same event id, and logs each attempt', async () => {
    const site = await siteWithWebhook();
    receiver().respondWith([500]);
    await call('/_sim/secureandpay/payments', { body: { siteId: site.siteId, status: 'succeeded', amount: 500, currency: 'USD' } });
    const deliveries = await receiver().waitFor(2);
    expect(deliveries.map((d) => d.answered)).toEqual([500, 200]);
    expect(eventOf(deliveries[0]).id).toBe(eventOf(deliveries[1]).id);
    for (const delivery of deliveries) expectSigned(delivery, site.apiSecret);
    const log = (await call(`/_sim/secureandpay/deliveries?siteId=${site.siteId}`)).body.deliveries as Json[];
    expect(log.map((r) => [r.attempt, r.status, r.topic])).toEqual([[1, 500, 'payment.succeeded'], [2, 200, 'payment.succeeded']]);
  });

  it('refunds through the control API with a refund.succeeded event', async () => {
    const site = await siteWithWebhook();
    const payment = (await call('/_sim/secureandpay/payments', { body: { siteId: site.siteId, status: 'succeeded', amount: 500, currency: 'GBP', notify: false } })).body;
    const refunded = await call(`/_sim/secureandpay/payments/${String(payment.id)}/refund`, { body: {} });
    expect(refunded.body).toMatchObject({ status: 'refunded', amount_refunded: 500 });
    const [delivery] = await receiver().waitFor(1);
    expect(eventOf(delivery)).toMatchObject({ type: 'refund.succeeded', data: { payment_id: payment.id, refund_id: expect.stringMatching(/^re_/), amount: 500, status: 'succeeded' } });
  });
});

describe('subscriptions', () => {
  const subscriptionBody = { ...paymentBody, amount: 2900, currency: 'USD', interval_days: 30, reference: 'sub_order_1' };

  it('starts on the hosted page, goes past due on a failed charge without any retry, and cancels once', async () => {
    const site = await siteWithWebhook();
    const created = await call('/secureandpay/v1/subscriptions', { site, body: subscriptionBody });
    expect(created.status).toBe(201);
    const subscription = created.body as Json & { id: string; checkout_url: string };
    expect(subscription).toMatchObject({ id: expect.stringMatching(/^sub_/), status: 'pending', interval_days: 30, current_period_start: null, last_payment_id: null });
    expect((await call(subscription.checkout_url)).text).toContain('every 30 days');

    const started = await call(subscription.checkout_url, { form: { outcome: 'approve' } });
    const location = new URL(started.headers.get('location') ?? '');
    expect(location.searchParams.get('subscription_id')).toBe(subscription.id);
    const firstPaymentId = location.searchParams.get('payment_id');
    const active = (await call(`/secureandpay/v1/subscriptions/${subscription.id}`, { site })).body;
    expect(active).toMatchObject({ status: 'active', last_payment_id: firstPaymentId });
    expect(Date.parse(String(active.current_period_end)) - Date.parse(String(active.current_period_start))).toBe(30 * 86_400_000);
    expect((await call(`/secureandpay/v1/payments/${firstPaymentId}`, { site })).body).toMatchObject({ subscription_id: subscription.id, status: 'succeeded', amount: 2900 });

    const failed = await call(`/_sim/secureandpay/subscriptions/${subscription.id}/charges`, { body: { status: 'failed', failure_reason: 'insufficient_funds' } });
    expect(failed.body).toMatchObject({ payment: { status: 'failed', failure_reason: 'insufficient_funds' }, subscription: { status: 'past_due' } });
    const events = (await receiver().waitFor(2)).map(eventOf);
    expect(events.map((e) => e.type)).toEqual(['payment.succeeded', 'payment.failed']);
    expect(events[1]?.data).toMatchObject({ subscription_id: subscription.id, failure_reason: 'insufficient_funds' });
    // SP7: the gateway makes no retry of its own.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver().received).toHaveLength(2);

    const cancel = () => call(`/secureandpay/v1/subscriptions/${subscription.id}/cancel`, { site, body: { reason: 'non_payment' } });
    expect((await cancel()).body).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(String) });
    expect((await cancel()).status).toBe(200);
    await receiver().waitFor(3);
    await sim().gateways.secureandpay.deliveries.idle();
    expect(receiver().received.map((d) => eventOf(d).type)).toEqual(['payment.succeeded', 'payment.failed', 'subscription.cancelled']);
    expect((await call(`/_sim/secureandpay/subscriptions/${subscription.id}/charges`, { body: { status: 'succeeded' } })).status).toBe(409);
    expect((await call(`/secureandpay/v1/subscriptions/${subscription.id}/cancel`, { site, body: { reason: 'bored' } })).status).toBe(422);
  });

  it("sends notifications to the object's notification_url over the site's URL, and a paid charge makes it active again", async () => {
    const site = await siteWithWebhook('/site-url');
    const subscription = (await call('/_sim/secureandpay/subscriptions', { body: { siteId: site.siteId, amount: 1000, currency: 'EUR', notification_url: `${receiver().url}/own-url` } })).body as Json & { id: string };
    expect(subscription).toMatchObject({ status: 'active', interval_days: 30 });
    await call(`/_sim/secureandpay/subscriptions/${subscription.id}/charges`, { body: { status: 'failed' } });
    const paid = await call(`/_sim/secureandpay/subscriptions/${subscription.id}/charges`, { body: { status: 'succeeded' } });
    expect(paid.body).toMatchObject({ subscription: { status: 'active' } });
    const deliveries = await receiver().waitFor(2);
    expect(deliveries.map((d) => d.path)).toEqual(['/own-url', '/own-url']);
  });
});
