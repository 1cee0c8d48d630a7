// The gateway API clients against the bundled simulator (the code the app runs offline), plus a few stub
// servers for answers the simulator never gives: each failure reason must be reachable and told apart.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getCurrentUser, type MercadoPagoClock } from '@/lib/gateways/mercadopago/api';
import { MERCADOPAGO_COUNTRIES } from '@/lib/gateways/mercadopago/countries';
import { mercadopagoConnectSchema } from '@/lib/gateways/mercadopago/schema';
import { verifySiteCredentials } from '@/lib/gateways/secureandpay/api';
import { secureandpayConnectSchema } from '@/lib/gateways/secureandpay/schema';
import { startSimulator, type RunningSimulator } from '@/simulator/server';

let sim: RunningSimulator;
let mercadopagoUrl: string;
let secureandpayUrl: string;
/** A URL where nothing listens: a simulator's, after it was closed. */
let closedUrl: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  mercadopagoUrl = `${sim.url}/mercadopago`;
  secureandpayUrl = `${sim.url}/secureandpay`;
  const closed = await startSimulator({ port: 0 });
  closedUrl = closed.url;
  await closed.close();
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

/** The client's retry waits without the waiting (the retries themselves: tests/mercadopago-client.test.ts). */
const noWait: MercadoPagoClock = { now: () => Date.now(), sleep: async () => {} };

type MercadoPagoAccount = { userId: number; accessToken: string; publicKey: string; webhookSecret: string; email: string; nickname: string };
const createMercadoPagoAccount = (body: { country: string; mode?: 'live' | 'test' }) =>
  control<MercadoPagoAccount>('/mercadopago/accounts', body);
const createSecureAndPaySite = (name?: string) =>
  control<{ siteId: string; apiSecret: string; name: string }>('/secureandpay/sites', name ? { name } : {});

/** A one-off HTTP server answering every request with `listener`; closed when the test ends. */
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

const replyJson =
  (status: number, body: unknown): RequestListener =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

describe('Mercado Pago getCurrentUser', () => {
  it.each(MERCADOPAGO_COUNTRIES.map((country) => [country.countryId, country] as const))(
    'identifies a %s account and its country',
    async (countryId, country) => {
      const account = await createMercadoPagoAccount({ country: countryId });
      const result = await getCurrentUser({ baseUrl: mercadopagoUrl, accessToken: account.accessToken });
      expect(result).toEqual({
        ok: true,
        user: {
          id: account.userId,
          nickname: account.nickname,
          email: account.email,
          siteId: country.siteId,
          countryId,
          country,
        },
      });
    },
  );

  it('accepts test credentials, and a base URL with a trailing slash', async () => {
    const account = await createMercadoPagoAccount({ country: 'MX', mode: 'test' });
    const result = await getCurrentUser({ baseUrl: `${mercadopagoUrl}/`, accessToken: account.accessToken });
    expect(result).toMatchObject({ ok: true, user: { id: account.userId, countryId: 'MX' } });
  });

  it('is unauthorized with a wrong, unknown or empty token', async () => {
    const account = await createMercadoPagoAccount({ country: 'BR' });
    const other = await startSimulator({ port: 0 });
    try {
      // The token with its last character changed (to one it is not: the user id may well end in 0).
      const wrong = `${account.accessToken.slice(0, -1)}${account.accessToken.endsWith('0') ? '1' : '0'}`;
      for (const accessToken of [wrong, account.publicKey, '']) {
        expect(await getCurrentUser({ baseUrl: mercadopagoUrl, accessToken })).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
      }
      // A real token of another Mercado Pago (here: another simulator) is just as unknown.
      expect(await getCurrentUser({ baseUrl: `${other.url}/mercadopago`, accessToken: account.accessToken })).toMatchObject({
        reason: 'unauthorized',
      });
    } finally {
      await other.close();
    }
  });

  it('is unreachable while Mercado Pago is down, and works again after', async () => {
    const account = await createMercadoPagoAccount({ country: 'CO' });
    await control('/mercadopago/outage', { down: true });
    expect(await getCurrentUser({ baseUrl: mercadopagoUrl, accessToken: account.accessToken, clock: noWait })).toEqual({
      ok: false,
      reason: 'unreachable',
      status: 503,
    });
    await control('/mercadopago/outage', { down: false });
    expect(await getCurrentUser({ baseUrl: mercadopagoUrl, accessToken: account.accessToken })).toMatchObject({ ok: true });
  });

  it('is unreachable when nothing listens, with no status', async () => {
    expect(await getCurrentUser({ baseUrl: `${closedUrl}/mercadopago`, accessToken: 'APP_USR-1', clock: noWait })).toEqual({ ok: false, reason: 'unreachable' });
  });

  it('gives up when its budget is spent', async () => {
    const account = await createMercadoPagoAccount({ country: 'BR' });
    await control('/mercadopago/outage', { latencyMs: 2_000 });
    const started = Date.now();
    const result = await getCurrentUser({ baseUrl: mercadopagoUrl, accessToken: account.accessToken, budget: { totalMs: 200, attemptMs: 200 } });
    expect(result).toEqual({ ok: false, reason: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("rejects with the caller's reason when the caller cancels", async () => {
    const account = await createMercadoPagoAccount({ country: 'BR' });
    await control('/mercadopago/outage', { latencyMs: 2_000 });
    const controller = new AbortController();
    const pending = getCurrentUser({ baseUrl: mercadopagoUrl, accessToken: account.accessToken, signal: controller.signal });
    controller.abort(new Error('user closed the popup'));
    await expect(pending).rejects.toThrow('user closed the popup');
  });

  it('is unexpected for a status or a body the API does not send', async () => {
    // The wrong path on a real host: 404.
    expect(await getCurrentUser({ baseUrl: `${sim.url}/not-mercadopago`, accessToken: 'APP_USR-1' })).toEqual({
      ok: false,
      reason: 'unexpected',
      status: 404,
    });
    const cases: Array<[RequestListener, number]> = [
      [replyJson(200, { id: '123', nickname: 'x', email: 'x@example.com', site_id: 'MLB', country_id: 'BR' }), 200],
      [replyJson(200, { id: 123, nickname: 'x', email: 'x@example.com' }), 200],
      [(_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'), 200],
      [(_request, response) => response.writeHead(302, { location: 'https://elsewhere.example/' }).end(), 302],
      [replyJson(400, { message: 'bad', error: 'bad_request', status: 400, cause: [] }), 400],
    ];
    for (const [listener, status] of cases) {
      const stub = await stubServer(listener);
      try {
        expect(await getCurrentUser({ baseUrl: stub.url, accessToken: 'APP_USR-1' })).toEqual({ ok: false, reason: 'unexpected', status });
      } finally {
        await stub.close();
      }
    }
  });

  it('treats 403 as unauthorized and 429 as unreachable', async () => {
    for (const [status, reason] of [
      [403, 'unauthorized'],
      [429, 'unreachable'],
    ] as const) {
      const stub = await stubServer(replyJson(status, { message: 'x', error: 'x', status, cause: [] }));
      try {
        expect(await getCurrentUser({ baseUrl: stub.url, accessToken: 'APP_USR-1', clock: noWait })).toEqual({ ok: false, reason, status });
      } finally {
        await stub.close();
      }
    }
  });

  it('reports an account of a country the platform does not support with country null', async () => {
    let authorization: string | undefined;
    const stub = await stubServer((request, response) => {
      authorization = request.headers.authorization;
      replyJson(200, { id: 77, nickname: 'TIENDA', email: 'cl@example.com', site_id: 'MLC', country_id: 'CL', extra: { kept: true } })(request, response);
    });
    try {
      const result = await getCurrentUser({ baseUrl: stub.url, accessToken: 'APP_USR-abc' });
      expect(result).toEqual({ ok: true, user: { id: 77, nickname: 'TIENDA', email: 'cl@example.com', siteId: 'MLC', countryId: 'CL', country: null } });
      expect(authorization).toBe('Bearer APP_USR-abc');
    } finally {
      await stub.close();
    }
  });

  it("issues credentials the connect form's schema accepts", async () => {
    for (const mode of ['live', 'test'] as const) {
      const account = await createMercadoPagoAccount({ country: 'AR', mode });
      const parsed = mercadopagoConnectSchema.safeParse({ publicKey: account.publicKey, accessToken: account.accessToken, country: 'AR', webhookSecret: account.webhookSecret });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });
});

describe('Secure and Pay verifySiteCredentials', () => {
  it('answers the site for valid credentials', async () => {
    const site = await createSecureAndPaySite('Acme Courses');
    expect(await verifySiteCredentials({ baseUrl: secureandpayUrl, siteId: site.siteId, apiSecret: site.apiSecret })).toEqual({
      ok: true,
      site: { siteId: site.siteId, name: 'Acme Courses', currencies: ['USD', 'EUR', 'GBP'] },
    });
  });

  it('is unauthorized with a wrong secret, an unknown site, or another site\'s secret', async () => {
    const site = await createSecureAndPaySite();
    const other = await createSecureAndPaySite();
    for (const [siteId, apiSecret] of [
      [site.siteId, `${site.apiSecret}x`],
      ['site_unknown', site.apiSecret],
      [site.siteId, other.apiSecret],
      [site.siteId, ''],
    ] as const) {
      expect(await verifySiteCredentials({ baseUrl: secureandpayUrl, siteId, apiSecret })).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
    }
    // Basic authentication cannot carry a ':' in the user name, so it is refused without a call.
    expect(await verifySiteCredentials({ baseUrl: `${closedUrl}/secureandpay`, siteId: 'a:b', apiSecret: 'x' })).toEqual({ ok: false, reason: 'unauthorized' });
  });

  it('is unreachable while Secure and Pay is down, and when nothing listens', async () => {
    const site = await createSecureAndPaySite();
    await control('/secureandpay/outage', { down: true });
    expect(await verifySiteCredentials({ baseUrl: secureandpayUrl, ...site })).toEqual({ ok: false, reason: 'unreachable', status: 503 });
    expect(await verifySiteCredentials({ baseUrl: `${closedUrl}/secureandpay`, ...site })).toEqual({ ok: false, reason: 'unreachable' });
    await control('/secureandpay/outage', { down: false });
    expect(await verifySiteCredentials({ baseUrl: secureandpayUrl, ...site })).toMatchObject({ ok: true });
  });

  it('gives up after its time-out', async () => {
    const site = await createSecureAndPaySite();
    await control('/secureandpay/outage', { latencyMs: 2_000 });
    expect(await verifySiteCredentials({ baseUrl: secureandpayUrl, ...site, timeoutMs: 200 })).toEqual({ ok: false, reason: 'unreachable' });
  });

  it('is unexpected when the answer is for another site or breaks the contract', async () => {
    let authorization: string | undefined;
    const cases: Array<[RequestListener, number]> = [
      [replyJson(200, { site_id: 'site_other', name: 'Other', currencies: ['USD'] }), 200],
      [replyJson(200, { site_id: 'site_mine', name: 'Mine' }), 200],
      [replyJson(404, { error: { code: 'not_found', message: 'x', field: null } }), 404],
    ];
    for (const [listener, status] of cases) {
      const stub = await stubServer((request, response) => {
        authorization = request.headers.authorization;
        listener(request, response);
      });
      try {
        expect(await verifySiteCredentials({ baseUrl: stub.url, siteId: 'site_mine', apiSecret: 'pässword' })).toEqual({ ok: false, reason: 'unexpected', status });
      } finally {
        await stub.close();
      }
    }
    expect(authorization).toBe(`Basic ${Buffer.from('site_mine:pässword', 'utf8').toString('base64')}`);
  });

  it('keeps only the currencies Secure and Pay is known to accept', async () => {
    const stub = await stubServer(replyJson(200, { site_id: 'site_mine', name: 'Mine', currencies: ['USD', 'JPY', 'GBP'] }));
    try {
      expect(await verifySiteCredentials({ baseUrl: stub.url, siteId: 'site_mine', apiSecret: 'x' })).toEqual({
        ok: true,
        site: { siteId: 'site_mine', name: 'Mine', currencies: ['USD', 'GBP'] },
      });
    } finally {
      await stub.close();
    }
  });

  it("issues credentials the connect form's schema accepts", async () => {
    const site = await createSecureAndPaySite();
    expect(secureandpayConnectSchema.safeParse({ siteId: site.siteId, apiSecret: site.apiSecret }).success).toBe(true);
  });
});
