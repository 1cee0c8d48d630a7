// The simulator over real HTTP: its control API, the gateway routes' shapes and errors, and that nothing a client
// sends can take it down.
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './server';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterEach(async () => {
  await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
});
afterAll(async () => {
  await sim.close();
});

async function call(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${sim.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const post = (path: string, body?: unknown) =>
  call(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

type Account = { userId: number; accessToken: string; publicKey: string; webhookSecret: string; siteId: string; countryId: string };

async function createAccount(body: unknown): Promise<Account> {
  const { status, body: account } = await post('/_sim/mercadopago/accounts', body);
  expect(status).toBe(201);
  return account as unknown as Account;
}

describe('control API', () => {
  it('answers health', async () => {
    const { status, body } = await call('/_sim/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', gateways: ['mercadopago', 'secureandpay', 'mockpay'] });
  });

  it('issues production Mercado Pago credentials shaped like real ones', async () => {
    const account = await createAccount({ country: 'BR' });
    expect(account.accessToken).toMatch(new RegExp(`^APP_USR-\\d{16}-\\d{6}-[0-9a-f]{32}-${account.userId}$`));
    expect(account.publicKey).toMatch(/^APP_USR-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(account.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(account).toMatchObject({ siteId: 'MLB', countryId: 'BR' });
    expect(Number.isSafeInteger(account.userId)).toBe(true);
  });

  it('issues TEST- credentials in test mode', async () => {
    const account = await createAccount({ country: 'AR', mode: 'test' });
    expect(account.accessToken).toMatch(/^TEST-\d{16}-\d{6}-[0-9a-f]{32}-\d+$/);
    expect(account.publicKey).toMatch(/^TEST-[0-9a-f-]{36}$/);
  });

  it('issues a different account each time', async () => {
    const [first, second] = await Promise.all([createAccount({ country: 'MX' }), createAccount({ country: 'MX' })]);
    expect(first.userId).not.toBe(second.userId);
    expect(first.accessToken).not.toBe(second.accessToken);
  });

  it('refuses an unsupported country, malformed JSON and a missing body with 400', async () => {
    expect((await post('/_sim/mercadopago/accounts', { country: 'CL' })).status).toBe(400);
    expect((await post('/_sim/mercadopago/accounts')).status).toBe(400);
    const malformed = await call('/_sim/mercadopago/accounts', { method: 'POST', body: '{"country":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ error: { code: 'bad_request', message: 'request body is not valid JSON' } });
  });

  it('creates Secure and Pay sites', async () => {
    const { status, body } = await post('/_sim/secureandpay/sites', { name: 'Acme Courses' });
    expect(status).toBe(201);
    expect(body).toEqual({ siteId: expect.stringMatching(/^site_[0-9a-f]{16}$/), apiSecret: expect.stringMatching(/^[0-9a-f]{40}$/), name: 'Acme Courses' });
    expect((await post('/_sim/secureandpay/sites')).status).toBe(201);
  });

  it('forgets everything on reset', async () => {
    const account = await createAccount({ country: 'BR' });
    await post('/_sim/reset');
    const me = await call('/mercadopago/users/me', { headers: { authorization: `Bearer ${account.accessToken}` } });
    expect(me.status).toBe(401);
  });
});

describe('Mercado Pago API', () => {
  it.each([
    ['BR', 'MLB'],
    ['CO', 'MCO'],
    ['MX', 'MLM'],
    ['AR', 'MLA'],
  ])('GET /users/me identifies a %s account with site %s, with the API field names', async (country, siteId) => {
    const account = await createAccount({ country, nickname: 'LOJA_TESTE', email: 'loja@example.com' });
    const { status, body } = await call('/mercadopago/users/me', { headers: { authorization: `Bearer ${account.accessToken}` } });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: account.userId,
      nickname: 'LOJA_TESTE',
      email: 'loja@example.com',
      site_id: siteId,
      country_id: country,
      first_name: expect.any(String),
      last_name: expect.any(String),
      identification: { type: expect.any(String), number: expect.stringMatching(/^\d+$/) },
    });
  });

  it('answers 401 with Mercado Pago error bodies for a missing or unknown token', async () => {
    const missing = await call('/mercadopago/users/me');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      message: 'Must provide your access_token to proceed',
      error: 'unauthorized',
      status: 401,
      cause: [{ code: 5, description: 'Must provide your access_token to proceed', data: null }],
    });
    const account = await createAccount({ country: 'BR' });
    const wrong = await call('/mercadopago/users/me', { headers: { authorization: `Bearer ${account.accessToken}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ message: 'invalid access token', error: 'unauthorized', status: 401, cause: [] });
  });

  it('answers unknown routes and methods with 404 and 405 in its error shape', async () => {
    const unknown = await call('/mercadopago/v1/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found', status: 404, cause: [] });
    expect((await call('/mercadopago/users/me', { method: 'DELETE' })).status).toBe(405);
  });
});

describe('Secure and Pay API', () => {
  it('GET /v1/site answers the site for its Basic credentials, and 401 otherwise', async () => {
    const { body: site } = await post('/_sim/secureandpay/sites', { name: 'Acme' });
    const { siteId, apiSecret } = site as { siteId: string; apiSecret: string };
    const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

    const ok = await call('/secureandpay/v1/site', { headers: basic(siteId, apiSecret) });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ site_id: siteId, name: 'Acme', currencies: ['USD', 'EUR', 'GBP'] });

    for (const headers of [basic(siteId, `${apiSecret}0`), basic('site_unknown', apiSecret), {}, { authorization: 'Bearer x' }]) {
      const refused = await call('/secureandpay/v1/site', { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Basic realm="Secure and Pay API"');
      expect(refused.body).toEqual({ error: { code: 'unauthorized', message: 'invalid site id or API secret', field: null } });
    }
  });
});

describe('outage switch', () => {
  it('makes one gateway answer 503 until it is switched back, while the control API keeps working', async () => {
    const account = await createAccount({ country: 'BR' });
    const me = () => call('/mercadopago/users/me', { headers: { authorization: `Bearer ${account.accessToken}` } });

    expect((await post('/_sim/mercadopago/outage', { down: true })).body).toEqual({ down: true, latencyMs: 0 });
    const down = await me();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ error: 'service_unavailable', status: 503 });
    expect((await post('/_sim/secureandpay/sites')).status).toBe(201);
    expect((await call('/secureandpay/v1/site')).status).toBe(401); // the other gateway is still up

    await post('/_sim/mercadopago/outage', { down: false });
    expect((await me()).status).toBe(200);
  });

  it('adds latency on request, and refuses an empty or invalid switch', async () => {
    await post('/_sim/secureandpay/outage', { latencyMs: 300 });
    const started = Date.now();
    await call('/secureandpay/v1/site');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await post('/_sim/secureandpay/outage', {})).status).toBe(400);
    expect((await post('/_sim/secureandpay/outage', { down: 'yes' })).status).toBe(400);
  });
});

describe('robustness', () => {
  it('answers paths nobody owns with a JSON 404', async () => {
    for (const path of ['/', '/nope', '/_sim/nope', '/_sim/mercadopago/nope', '/mercadopago/users/%E0%A4%A']) {
      const { status, body } = await call(path);
      expect(status, path).toBe(404);
      expect(body, path).toBeDefined();
    }
  });

  it('refuses an oversized body with 413 and keeps serving', async () => {
    const huge = JSON.stringify({ country: 'BR', padding: 'x'.repeat(2 * 1024 * 1024) });
    const { status } = await call('/_sim/mercadopago/accounts', { method: 'POST', body: huge });
    expect(status).toBe(413);
    expect((await call('/_sim/health')).status).toBe(200);
  });

  it('answers malformed HTTP with 400 and keeps serving', async () => {
    const port = Number(new URL(sim.url).port);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await call('/_sim/health')).status).toBe(200);
  });
});

describe('startSimulator', () => {
  it('picks free ports and closes even with keep-alive connections open', async () => {
    const [a, b] = await Promise.all([startSimulator({ port: 0 }), startSimulator({ port: 0 })]);
    expect(a.url).not.toBe(b.url);
    expect((await fetch(`${a.url}/_sim/health`)).status).toBe(200);
    await Promise.all([a.close(), b.close()]);
    await expect(fetch(`${a.url}/_sim/health`)).rejects.toThrow();
  });
});
