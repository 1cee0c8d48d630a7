// Simulated Mercado Pago over real HTTP: resources, signed webhooks (checked here with an independent HMAC),
// retries, duplicates and reordering, and the hosted checkout pages driven by posting their forms.
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import type { ReceivedWebhook } from '../webhook-receiver';
import { bodyOf, expectSigned, mercadoPagoTestKit, type Account, type Json } from './test-kit';

const harness = withSimulatorAndReceiver([50, 100, 150]);
const { sim, receiver } = harness;
const { call, createAccount, accountWithWebhook, createPayment } = mercadoPagoTestKit(harness);

describe('payments and their webhooks', () => {
  it('sends a signed payment webhook with data.id and type appended to the URL, and serves the payment', async () => {
    const account = await accountWithWebhook();
    const payment = await createPayment(account.userId, { external_reference: 'order_1', payment_type_id: 'bank_transfer', payer: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Souza', identification: { type: 'CPF', number: '52998224725' } } });
    const [delivery] = await receiver().waitFor(1);
    if (!delivery) throw new Error('no delivery');

    expect(delivery.method).toBe('POST');
    expect(delivery.path).toBe('/hooks/mp');
    expect(delivery.query.get('shop')).toBe('1');
    expect(delivery.query.get('data.id')).toBe(String(payment.id));
    expect(delivery.query.get('type')).toBe('payment');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expectSigned(delivery, account.webhookSecret);
    // Another secret must not verify: the check above can fail.
    expect(() => expectSigned(delivery, 'f'.repeat(64))).toThrow();
    expect(bodyOf(delivery)).toEqual({
      action: 'payment.created',
      api_version: 'v1',
      data: { id: String(payment.id) },
      date_created: expect.any(String),
      id: expect.any(Number),
      live_mode: true,
      type: 'payment',
      user_id: account.userId,
    });

    const read = await call(`/mercadopago/v1/payments/${payment.id}`, { token: account.accessToken });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: payment.id,
      status: 'approved',
      status_detail: 'accredited',
      transaction_amount: 100,
      currency_id: 'BRL',
      payment_type_id: 'bank_transfer',
      payment_method_id: 'pix',
      external_reference: 'order_1',
      collector_id: account.userId,
      live_mode: true,
      payer: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Souza', identification: { type: 'CPF', number: '52998224725' } },
      date_approved: expect.any(String),
    });
  });

  it("answers 404 for another account's payment and for an unknown one, in Mercado Pago's shape", async () => {
    const owner = await createAccount('BR');
    const other = await createAccount('BR');
    const payment = await createPayment(owner.userId, { notify: false });
    for (const [token, id] of [[other.accessToken, payment.id], [owner.accessToken, 1], [owner.accessToken, 'abc']] as const) {
      const { status, body } = await call(`/mercadopago/v1/payments/${id}`, { token });
      expect(status).toBe(404);
      expect(body).toEqual({ message: 'Payment not found', error: 'not_found', status: 404, cause: [{ code: 2000, description: 'Payment not found', data: null }] });
    }
    expect((await call(`/mercadopago/v1/payments/${payment.id}`)).status).toBe(401);
  });

  it('changes a status and notifies payment.updated', async () => {
    const account = await accountWithWebhook();
    const payment = await createPayment(account.userId, { status: 'pending', payment_type_id: 'ticket' });
    const changed = await call(`/_sim/mercadopago/payments/${payment.id}/status`, { body: { status: 'approved' } });
    expect(changed.body).toMatchObject({ status: 'approved', status_detail: 'accredited', payment_method_id: 'bolbradesco' });
    const deliveries = await receiver().waitFor(2);
    expect(deliveries.map((d) => bodyOf(d).action).sort()).toEqual(['payment.created', 'payment.updated']);
  });

  it('refuses an amount in another currency or with decimals the currency has not', async () => {
    const br = await createAccount('BR');
    expect((await call('/_sim/mercadopago/payments', { body: { userId: br.userId, status: 'approved', transaction_amount: 10, currency_id: 'USD' } })).status).toBe(400);
    const co = await createAccount('CO');
    expect(co.currencyId).toBe('COP');
    expect((await call('/_sim/mercadopago/payments', { body: { userId: co.userId, status: 'approved', transaction_amount: 10.5 } })).status).toBe(400);
    expect((await call('/_sim/mercadopago/payments', { body: { userId: co.userId, status: 'approved', transaction_amount: 10_000, notify: false } })).status).toBe(201);
  });

  it('sends nothing for test credentials, as Mercado Pago does', async () => {
    const account = await createAccount('BR', 'test');
    await call(`/_sim/mercadopago/accounts/${account.userId}/webhook`, { body: { url: `${receiver().url}/hooks` } });
    await createPayment(account.userId);
    await sim().gateways.mercadopago.deliveries.idle();
    expect(receiver().received).toHaveLength(0);
  });
});

describe('delivery: retries, duplicates, order', () => {
  it('retries after 500s with the same notification, freshly signed, until it is acknowledged', async () => {
    const account = await accountWithWebhook();
    receiver().respondWith([500, 503]);
    await createPayment(account.userId);
    const deliveries = await receiver().waitFor(3);
    expect(deliveries.map((d) => d.answered)).toEqual([500, 503, 200]);
    expect(new Set(deliveries.map((d) => bodyOf(d).id)).size).toBe(1);
    expect(new Set(deliveries.map((d) => d.headers['x-request-id'])).size).toBe(3);
    for (const delivery of deliveries) expectSigned(delivery, account.webhookSecret);

    const log = await call(`/_sim/mercadopago/deliveries?userId=${account.userId}`);
    const records = log.body.deliveries as Array<Json>;
    expect(records.map((r) => [r.attempt, r.status])).toEqual([[1, 500], [2, 503], [3, 200]]);
    expect(records[0]).toMatchObject({ topic: 'payment', action: 'payment.created', channel: 'webhook', url: expect.stringContaining('/hooks/mp?'), duplicate: false });
    // Nothing more after the acknowledgement.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver().received).toHaveLength(3);
  });

  it('gives up when the schedule runs out; the schedule is settable at run time', async () => {
    const account = await accountWithWebhook();
    expect((await call('/_sim/mercadopago/delivery-settings', { body: { retryDelaysMs: [30] } })).body).toMatchObject({ retryDelaysMs: [30] });
    receiver().alwaysRespond(500);
    await createPayment(account.userId);
    await receiver().waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver().received).toHaveLength(2);
    expect((await call('/_sim/mercadopago/delivery-settings', { body: {} })).status).toBe(400);
  });

  it('counts a slow answer as a failure (time-out) and a refused connection too', async () => {
    const account = await createAccount();
    await call(`/_sim/mercadopago/accounts/${account.userId}/webhook`, { body: { url: 'http://127.0.0.1:1/nowhere' } });
    await call('/_sim/mercadopago/delivery-settings', { body: { retryDelaysMs: [] } });
    await createPayment(account.userId);
    await sim().gateways.mercadopago.deliveries.idle();
    const [record] = (await call(`/_sim/mercadopago/deliveries?userId=${account.userId}`)).body.deliveries as Array<Json>;
    expect(record).toMatchObject({ status: null, attempt: 1, error: expect.any(String) });
  });

  it('sends duplicates on request, and redelivers a notification by id', async () => {
    const account = await accountWithWebhook();
    await createPayment(account.userId, { duplicates: 2 });
    const deliveries = await receiver().waitFor(3);
    expect(new Set(deliveries.map((d) => bodyOf(d).id)).size).toBe(1);
    const notificationId = bodyOf(deliveries[0] as ReceivedWebhook).id;
    expect((await call(`/_sim/mercadopago/notifications/${notificationId}/redeliver`, { method: 'POST' })).status).toBe(202);
    const [, , , again] = await receiver().waitFor(4);
    expect(bodyOf(again as ReceivedWebhook).id).toBe(notificationId);
    expect((await call('/_sim/mercadopago/notifications/1/redeliver', { method: 'POST' })).status).toBe(404);
    const records = (await call(`/_sim/mercadopago/deliveries?userId=${account.userId}`)).body.deliveries as Array<Json>;
    expect(records.filter((r) => r.duplicate)).toHaveLength(3);
  });

  it('holds notifications and releases them in reverse order', async () => {
    const account = await accountWithWebhook();
    await call(`/_sim/mercadopago/accounts/${account.userId}/hold`, { method: 'POST' });
    const payment = await createPayment(account.userId, { status: 'pending' });
    await call(`/_sim/mercadopago/payments/${payment.id}/status`, { body: { status: 'approved' } });
    await call(`/_sim/mercadopago/payments/${payment.id}/status`, { body: { status: 'refunded' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver().received).toHaveLength(0);
    const released = await call(`/_sim/mercadopago/accounts/${account.userId}/release`, { body: { order: 'reverse' } });
    expect(released.body).toEqual({ released: 3 });
    const deliveries = await receiver().waitFor(3);
    expect(deliveries.map((d) => bodyOf(d).action)).toEqual(['payment.updated', 'payment.updated', 'payment.created']);
    const ids = deliveries.map((d) => bodyOf(d).id);
    const logged = sim().gateways.mercadopago.deliveries.notificationIds(String(account.userId)).map(Number);
    expect(ids).toEqual([...logged].reverse());
  });
});

describe('Checkout Pro', () => {
  async function createPreference(account: Account, extra: Json = {}) {
    const { status, body } = await call('/mercadopago/checkout/preferences', {
      token: account.accessToken,
      body: {
        items: [{ title: 'Curso <Aquarela>', quantity: 2, unit_price: 25.5, currency_id: 'BRL' }],
        payer: { name: 'Ana', surname: 'Souza', email: 'ana@example.com', identification: { type: 'CPF', number: '52998224725' } },
        external_reference: 'order_42',
        back_urls: { success: 'https://shop.example/ok?o=42', pending: 'https://shop.example/wait', failure: 'https://shop.example/ko' },
        auto_return: 'approved',
        ...extra,
      },
    });
    expect(status, JSON.stringify(body)).toBe(201);
    return body as Json & { id: string; init_point: string; sandbox_init_point: string };
  }

  it('creates a preference whose init_point is an accessible page that pays and redirects with the back URL params', async () => {
    const account = await accountWithWebhook();
    const preference = await createPreference(account, { notification_url: `${receiver().url}/n/42?source_news=webhooks` });
    expect(preference).toMatchObject({ id: expect.stringMatching(new RegExp(`^${account.userId}-`)), collector_id: account.userId, external_reference: 'order_42' });
    expect(preference.sandbox_init_point).toContain('/sandbox/');

    const page = await call(preference.init_point);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toMatch(/<html lang="en">/);
    expect(page.text).toMatch(/<title>[^<]+<\/title>/);
    expect(page.text).toContain('<main>');
    expect(page.text).toContain('R$51.00');
    expect(page.text).toContain('Curso &lt;Aquarela&gt;');
    for (const id of ['method-card', 'method-boleto', 'method-pix', 'outcome-approve', 'outcome-decline', 'outcome-pending']) {
      expect(page.text).toContain(`<label for="${id}">`);
    }
    const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, '&') ?? '';

    const paid = await call(action, { form: { method: 'pix', outcome: 'approve' } });
    expect(paid.status).toBe(303);
    const location = new URL(paid.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://shop.example/ok');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      o: '42',
      collection_status: 'approved',
      status: 'approved',
      external_reference: 'order_42',
      payment_type: 'bank_transfer',
      preference_id: preference.id,
      site_id: 'MLB',
    });
    const paymentId = location.searchParams.get('payment_id');
    expect(location.searchParams.get('collection_id')).toBe(paymentId);

    const payment = await call(`/mercadopago/v1/payments/${paymentId}`, { token: account.accessToken });
    expect(payment.body).toMatchObject({ status: 'approved', transaction_amount: 51, payment_method_id: 'pix', external_reference: 'order_42', payer: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Souza' } });

    // The preference's notification_url wins over the account's URL; source_news=webhooks means no IPN.
    const [delivery] = await receiver().waitFor(1);
    expect(delivery?.path).toBe('/n/42');
    expect(delivery?.query.get('source_news')).toBe('webhooks');
    expect(delivery?.query.get('data.id')).toBe(paymentId);
    expectSigned(delivery as ReceivedWebhook, account.webhookSecret);
    await sim().gateways.mercadopago.deliveries.idle();
    expect(receiver().received).toHaveLength(1);
  });

  it('declines to the failure URL and leaves boleto pending to the pending URL', async () => {
    const account = await accountWithWebhook();
    const preference = await createPreference(account);
    const declined = await call(preference.init_point, { form: { method: 'card', outcome: 'decline' } });
    expect(declined.headers.get('location')).toMatch(/^https:\/\/shop\.example\/ko\?.*status=rejected/);
    const pending = await call(preference.init_point, { form: { method: 'boleto', outcome: 'pending' } });
    const location = new URL(pending.headers.get('location') ?? '');
    expect(location.pathname).toBe('/wait');
    expect(location.searchParams.get('status')).toBe('pending');
    const payment = await call(`/mercadopago/v1/payments/${location.searchParams.get('payment_id')}`, { token: account.accessToken });
    expect(payment.body).toMatchObject({ status: 'pending', status_detail: 'pending_waiting_payment', payment_type_id: 'ticket' });
    await receiver().waitFor(2);
  });

  it('sends the legacy IPN as well when notification_url lacks source_news=webhooks', async () => {
    const account = await createAccount();
    const preference = await createPreference(account, { notification_url: `${receiver().url}/n` });
    await call(preference.init_point, { form: { method: 'card', outcome: 'approve' } });
    const deliveries = await receiver().waitFor(2);
    const ipn = deliveries.find((d) => d.query.get('topic') === 'payment');
    expect(ipn?.query.get('id')).toMatch(/^\d+$/);
    expect(ipn?.headers['x-signature']).toBeUndefined();
    expect(deliveries.filter((d) => d.query.has('data.id'))).toHaveLength(1);
  });

  it("refuses items in another currency, auto_return without a success URL, and a bad form", async () => {
    const account = await createAccount('MX');
    const usd = await call('/mercadopago/checkout/preferences', { token: account.accessToken, body: { items: [{ title: 'x', quantity: 1, unit_price: 10, currency_id: 'USD' }] } });
    expect(usd.status).toBe(400);
    expect(usd.body).toMatchObject({ error: 'invalid_currency_id', status: 400, message: expect.stringContaining('MXN') });
    const autoReturn = await call('/mercadopago/checkout/preferences', { token: account.accessToken, body: { items: [{ title: 'x', quantity: 1, unit_price: 10 }], auto_return: 'approved' } });
    expect(autoReturn.body).toMatchObject({ error: 'invalid_auto_return', message: 'auto_return invalid. back_url.success must be defined' });
    const ok = await call('/mercadopago/checkout/preferences', { token: account.accessToken, body: { items: [{ title: 'x', quantity: 1, unit_price: 10 }] } });
    const page = await call(String(ok.body.init_point));
    expect(page.text).toContain('method-oxxo');
    expect(page.text).not.toContain('method-pix');
    const bad = await call(String(ok.body.init_point), { form: { method: 'pix', outcome: 'approve' } });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('role="alert"');
    expect((await call(`${sim().url}/mercadopago/checkout/v1/redirect?pref_id=nope`)).status).toBe(404);
  });

  it('answers the same preference for the same X-Idempotency-Key', async () => {
    const account = await createAccount();
    const send = () =>
      fetch(`${sim().url}/mercadopago/checkout/preferences`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json', 'x-idempotency-key': 'k1' },
        body: JSON.stringify({ items: [{ title: 'x', quantity: 1, unit_price: 10 }] }),
      }).then((r) => r.json() as Promise<Json>);
    expect((await send()).id).toBe((await send()).id);
  });
});

describe('subscriptions', () => {
  const recurring = { frequency: 1, frequency_type: 'months', transaction_amount: 49.9, currency_id: 'BRL' };

  it('creates a preapproval, authorizes it on its page, charges it, notifies, and redirects to back_url', async () => {
    const account = await accountWithWebhook('/hooks');
    const created = await call('/mercadopago/preapproval', {
      token: account.accessToken,
      body: { reason: 'Membership', external_reference: 'sub_order_1', payer_email: 'ana@example.com', back_url: 'https://shop.example/subscribed', auto_recurring: recurring },
    });
    expect(created.status).toBe(201);
    const preapproval = created.body as Json & { id: string; init_point: string };
    expect(preapproval).toMatchObject({ status: 'pending', collector_id: account.userId, auto_recurring: recurring, payer_email: 'ana@example.com' });
    const [createdNotice] = await receiver().waitFor(1);
    expect(bodyOf(createdNotice as ReceivedWebhook)).toEqual({
      action: 'created',
      application_id: expect.any(Number),
      data: { id: preapproval.id },
      date: expect.any(String),
      entity: 'preapproval',
      id: expect.any(Number),
      type: 'subscription_preapproval',
      version: 0,
    });
    expect(createdNotice?.query.get('type')).toBe('subscription_preapproval');
    expectSigned(createdNotice as ReceivedWebhook, account.webhookSecret);

    const page = await call(preapproval.init_point);
    expect(page.status).toBe(200);
    expect(page.text).toContain('every 1 month');
    const declined = await call(preapproval.init_point, { form: { method: 'card', outcome: 'decline' } });
    expect(declined.status).toBe(422);
    const approved = await call(preapproval.init_point, { form: { method: 'card', outcome: 'approve' } });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe(`https://shop.example/subscribed?preapproval_id=${preapproval.id}`);

    const deliveries = await receiver().waitFor(4);
    const types = deliveries.slice(1).map((d) => `${d.query.get('type')}:${bodyOf(d).action}`).sort();
    expect(types).toEqual(['payment:payment.created', 'subscription_authorized_payment:created', 'subscription_preapproval:updated']);
    const invoiceId = deliveries.find((d) => d.query.get('type') === 'subscription_authorized_payment')?.query.get('data.id');

    expect((await call(`/mercadopago/preapproval/${preapproval.id}`, { token: account.accessToken })).body).toMatchObject({ status: 'authorized', summarized: { charged_quantity: 1 } });
    const invoice = await call(`/mercadopago/authorized_payments/${invoiceId}`, { token: account.accessToken });
    expect(invoice.body).toMatchObject({ preapproval_id: preapproval.id, status: 'processed', retry_attempt: 1, transaction_amount: 49.9, currency_id: 'BRL', payment: { status: 'approved' } });
    const other = await createAccount();
    expect((await call(`/mercadopago/authorized_payments/${invoiceId}`, { token: other.accessToken })).status).toBe(404);
    expect((await call(`/mercadopago/preapproval/${preapproval.id}`, { token: other.accessToken })).status).toBe(404);
  });

  it('finds preapprovals by external_reference and status, for this account only', async () => {
    const account = await createAccount();
    const other = await createAccount();
    for (const [userId, reference] of [[account.userId, 'a'], [account.userId, 'b'], [other.userId, 'a']] as const) {
      await call('/_sim/mercadopago/preapprovals', { body: { userId, external_reference: reference, auto_recurring: recurring, notify: false } });
    }
    const found = await call('/mercadopago/preapproval/search?external_reference=a&status=authorized', { token: account.accessToken });
    expect(found.body).toMatchObject({ paging: { total: 1 }, results: [{ external_reference: 'a', collector_id: account.userId }] });
  });

  it('refuses a preapproval in another currency', async () => {
    const account = await createAccount('AR');
    const refused = await call('/mercadopago/preapproval', {
      token: account.accessToken,
      body: { reason: 'x', payer_email: 'a@example.com', back_url: 'https://shop.example/', auto_recurring: { ...recurring, currency_id: 'BRL' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: 400, message: expect.stringContaining('ARS') });
  });
});
