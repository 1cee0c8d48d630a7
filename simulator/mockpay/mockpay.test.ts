// Simulated Mock Pay over real HTTP, against docs/mockpay-api.md: accounts and the API key, checkouts with
// Idempotency-Key, ownership, the hosted page, signed notifications (checked here with an independent HMAC),
// retries, the control API and the outage switch.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import type { ReceivedWebhook } from '../webhook-receiver';

const { sim, receiver } = withSimulatorAndReceiver([50, 100]);

type Json = Record<string, unknown>;
type Account = { id: string; apiKey: string };

async function call(path: string, init: { method?: string; body?: unknown; key?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== undefined) headers.authorization = `Bearer ${init.key}`;
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

const createAccount = async (): Promise<Account> => (await call('/_sim/mockpay/accounts', { body: {} })).body as unknown as Account;

const checkoutBody = () => ({
  amount: 1500,
  currency: 'JPY',
  reference: 'order_1',
  email: 'hana@example.com',
  return_url: 'http://localhost:3000/pay/course/return?order=order_1',
  notification_url: `${receiver().url}/hooks/mockpay`,
});

/** docs/mockpay-api.md "Notifications", computed here on its own over the raw bytes received. */
function expectSigned(delivery: ReceivedWebhook, apiKey: string) {
  const match = /^v1=([0-9a-f]{64})$/.exec(String(delivery.headers['x-mockpay-signature']));
  expect(match).not.toBeNull();
  expect(match?.[1]).toBe(createHmac('sha256', apiKey).update(Buffer.from(delivery.body, 'utf8')).digest('hex'));
}
const eventOf = (delivery: ReceivedWebhook | undefined) => JSON.parse(delivery?.body ?? 'null') as Json & { id: string; payment: Json };

describe('accounts', () => {
  it('creates an account whose API key reads it, and refuses a missing or wrong key with 401', async () => {
    const created = await call('/_sim/mockpay/accounts', { body: {} });
    expect(created.status).toBe(201);
    const account = created.body as unknown as Account;
    expect(account).toEqual({ id: expect.stringMatching(/^acct_[0-9a-f]{16}$/), apiKey: expect.stringMatching(/^mk_[A-Za-z0-9]{8,64}$/) });
    expect((await call('/_sim/mockpay/accounts')).status).toBe(405);

    const ok = await call('/mockpay/v1/account', { key: account.apiKey });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: account.id, currency: 'JPY' });

    for (const key of [undefined, `${account.apiKey}0`, 'mk_unknown123']) {
      const refused = await call('/mockpay/v1/account', key === undefined ? {} : { key });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
    }
  });

  it('answers 503 in its own error shape while down, and unknown routes 404 in it', async () => {
    const account = await createAccount();
    expect((await call('/_sim/mockpay/outage', { body: { down: true } })).status).toBe(200);
    const down = await call('/mockpay/v1/account', { key: account.apiKey });
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ error: 'service_unavailable', message: expect.any(String) });
    expect((await call('/_sim/mockpay/accounts', { body: {} })).status).toBe(201); // the control API keeps working
    expect((await call('/secureandpay/v1/site')).status).toBe(401); // the other gateways are still up
    await call('/_sim/mockpay/outage', { body: { down: false } });
    expect((await call('/mockpay/v1/account', { key: account.apiKey })).status).toBe(200);
    expect((await call('/mockpay/v1/nothing', { key: account.apiKey })).body).toEqual({ error: 'not_found', message: expect.any(String) });
  });
});

describe('checkouts and the hosted page', () => {
  it('creates a pending payment whose page pays it, notifies it signed, and returns the customer', async () => {
    const account = await createAccount();
    const created = await call('/mockpay/v1/checkouts', { key: account.apiKey, body: checkoutBody(), headers: { 'idempotency-key': 'k1' } });
    expect(created.status).toBe(201);
    const checkout = created.body as { id: string; url: string; payment_id: string };
    expect(checkout).toEqual({ id: expect.stringMatching(/^chk_[0-9a-f]{16}$/), url: `${sim().url}/mockpay/pay/${checkout.id}`, payment_id: expect.stringMatching(/^pay_[0-9a-f]{16}$/) });
    const pending = await call(`/mockpay/v1/payments/${checkout.payment_id}`, { key: account.apiKey });
    expect(pending.body).toEqual({
      id: checkout.payment_id,
      account_id: account.id,
      status: 'pending',
      amount: 1500,
      currency: 'JPY',
      reference: 'order_1',
      email: 'hana@example.com',
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });

    const page = await call(checkout.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toMatch(/<html lang="en">/);
    expect(page.text).toMatch(/<title>[^<]+<\/title>/);
    expect(page.text.match(/<main>/g)).toHaveLength(1);
    expect(page.text).toContain('¥1,500');
    expect(page.text).toContain('<button type="submit" name="outcome" value="pay">Pay</button>');
    expect(page.text).toContain('<button type="submit" name="outcome" value="decline">Decline</button>');

    const paid = await call(checkout.url, { form: { outcome: 'pay' } });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://localhost:3000/pay/course/return?order=order_1&payment_id=${checkout.payment_id}`);
    expect((await call(`/mockpay/v1/payments/${checkout.payment_id}`, { key: account.apiKey })).body).toMatchObject({ status: 'paid' });

    const [delivery] = await receiver().waitFor(1);
    expect(delivery?.method).toBe('POST');
    expect(delivery?.path).toBe('/hooks/mockpay');
    expect(delivery?.headers['content-type']).toBe('application/json');
    expectSigned(delivery as ReceivedWebhook, account.apiKey);
    expect(() => expectSigned(delivery as ReceivedWebhook, `${account.apiKey}0`)).toThrow();
    expect(eventOf(delivery)).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{16}$/),
      type: 'payment.updated',
      account_id: account.id,
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      payment: { id: checkout.payment_id, status: 'paid', amount: 1500, currency: 'JPY', reference: 'order_1' },
    });

    const again = await call(checkout.url, { form: { outcome: 'decline' } });
    expect(again.status).toBe(409);
    expect(again.text).toContain('already paid');
  });

  it('declines: the payment fails, is notified, and the customer goes back with payment_id', async () => {
    const account = await createAccount();
    const checkout = (await call('/mockpay/v1/checkouts', { key: account.apiKey, body: checkoutBody() })).body as { url: string; payment_id: string };
    expect((await call(checkout.url, { method: 'POST', form: {} })).status).toBe(422);
    const declined = await call(checkout.url, { form: { outcome: 'decline' } });
    expect(new URL(declined.headers.get('location') ?? '').searchParams.get('payment_id')).toBe(checkout.payment_id);
    expect(eventOf((await receiver().waitFor(1))[0]).payment).toMatchObject({ status: 'failed' });
    expect((await call(`${sim().url}/mockpay/pay/chk_0000000000000000`)).status).toBe(404);
  });

  it('replays the first answer for the same Idempotency-Key, per account', async () => {
    const account = await createAccount();
    const first = await call('/mockpay/v1/checkouts', { key: account.apiKey, body: checkoutBody(), headers: { 'idempotency-key': 'same' } });
    const repeat = await call('/mockpay/v1/checkouts', { key: account.apiKey, body: checkoutBody(), headers: { 'idempotency-key': 'same' } });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    const other = await call('/mockpay/v1/checkouts', { key: account.apiKey, body: checkoutBody(), headers: { 'idempotency-key': 'other' } });
    expect(other.body.id).not.toBe(first.body.id);
    const noKey = await call('/mockpay/v1/checkouts', { key: account.apiKey, body: checkoutBody() });
    expect(noKey.body.id).not.toBe(first.body.id);
    const [one, two] = await Promise.all(['a', 'b'].map(() => call('/mockpay/v1/checkouts', { key: account.apiKey, body: checkoutBody(), headers: { 'idempotency-key': 'concurrent' } })));
    expect(two?.body).toEqual(one?.body);
    const secondAccount = await createAccount();
    const theirs = await call('/mockpay/v1/checkouts', { key: secondAccount.apiKey, body: checkoutBody(), headers: { 'idempotency-key': 'same' } });
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it("answers 404 for another account's payment and for an unknown one", async () => {
    const account = await createAccount();
    const other = await createAccount();
    const checkout = (await call('/mockpay/v1/checkouts', { key: account.apiKey, body: checkoutBody() })).body as { payment_id: string };
    const foreign = await call(`/mockpay/v1/payments/${checkout.payment_id}`, { key: other.apiKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: 'not_found', message: expect.any(String) });
    expect((await call('/mockpay/v1/payments/pay_0000000000000000', { key: account.apiKey })).status).toBe(404);
    expect((await call(`/mockpay/v1/payments/${checkout.payment_id}`)).status).toBe(401);
  });

  it('refuses another currency, a non-integer or non-positive amount, and a bad body with 400 invalid_request', async () => {
    const account = await createAccount();
    const bodies = [
      { ...checkoutBody(), currency: 'USD' },
      { ...checkoutBody(), amount: 15.5 },
      { ...checkoutBody(), amount: 0 },
      { ...checkoutBody(), amount: '1500' },
      { ...checkoutBody(), reference: 'x'.repeat(201) },
      { ...checkoutBody(), return_url: 'not a url' },
      { ...checkoutBody(), notification_url: 'javascript:alert(1)' },
      (({ email: _email, ...rest }) => rest)(checkoutBody()),
    ];
    for (const body of bodies) {
      const refused = await call('/mockpay/v1/checkouts', { key: account.apiKey, body });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ error: 'invalid_request', message: expect.any(String) });
    }
    const malformed = await fetch(`${sim().url}/mockpay/v1/checkouts`, { method: 'POST', headers: { authorization: `Bearer ${account.apiKey}` }, body: '{"amount":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
    // Nothing was created by the refused calls.
    expect(sim().gateways.mockpay.deliveries.notificationIds()).toEqual([]);
  });
});

describe('control API and deliveries', () => {
  it("notifies a control-created payment to the account's webhook URL, signed, and retries it with the same event id", async () => {
    const account = await createAccount();
    expect((await call(`/_sim/mockpay/accounts/${account.id}/webhook`, { body: { url: `${receiver().url}/account-hook` } })).status).toBe(200);
    receiver().respondWith([500]);
    const created = await call('/_sim/mockpay/payments', { body: { accountId: account.id, status: 'paid', amount: 1000, reference: 'test-notification', notify: true } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^pay_/), account_id: account.id, status: 'paid', amount: 1000, currency: 'JPY', reference: 'test-notification', email: null });

    const deliveries = await receiver().waitFor(2);
    expect(deliveries.map((d) => [d.path, d.answered])).toEqual([['/account-hook', 500], ['/account-hook', 200]]);
    expect(deliveries[1]?.body).toBe(deliveries[0]?.body);
    for (const delivery of deliveries) expectSigned(delivery, account.apiKey);
    expect(eventOf(deliveries[0])).toMatchObject({ type: 'payment.updated', account_id: account.id, payment: { id: created.body.id, status: 'paid', amount: 1000, reference: 'test-notification' } });
    const log = (await call(`/_sim/mockpay/deliveries?accountId=${account.id}`)).body.deliveries as Json[];
    expect(log.map((r) => [r.attempt, r.status, r.topic, r.resourceId])).toEqual([[1, 500, 'payment.updated', created.body.id], [2, 200, 'payment.updated', created.body.id]]);

    // The payment is the API's too.
    expect((await call(`/mockpay/v1/payments/${String(created.body.id)}`, { key: account.apiKey })).body).toEqual(created.body);
  });

  it('sends nothing with notify false, or without a webhook URL; refuses unknown accounts and bad bodies', async () => {
    const account = await createAccount();
    await call('/_sim/mockpay/payments', { body: { accountId: account.id, status: 'failed', amount: 1, notify: true } });
    await call(`/_sim/mockpay/accounts/${account.id}/webhook`, { body: { url: `${receiver().url}/hook` } });
    await call('/_sim/mockpay/payments', { body: { accountId: account.id, status: 'paid', amount: 1, notify: false } });
    await sim().gateways.mockpay.deliveries.idle();
    expect(receiver().received).toHaveLength(0);
    expect((await call('/_sim/mockpay/payments', { body: { accountId: 'acct_0000000000000000', status: 'paid', amount: 1 } })).status).toBe(404);
    expect((await call('/_sim/mockpay/payments', { body: { accountId: account.id, status: 'refunded', amount: 1 } })).status).toBe(400);
    expect((await call('/_sim/mockpay/accounts/acct_0000000000000000/webhook', { body: { url: receiver().url } })).status).toBe(404);
  });

  it('forgets everything on reset', async () => {
    const account = await createAccount();
    await call('/_sim/reset', { method: 'POST' });
    expect((await call('/mockpay/v1/account', { key: account.apiKey })).status).toBe(401);
  });
});
