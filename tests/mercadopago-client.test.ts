// The Mercado Pago client's retries (GW-MP17 in docs/requirements.md): which answers are retried, the doubling
// waits, `Retry-After` in seconds or as a date, the budget that bounds a call, and the `X-Idempotency-Key` that
// every attempt of one create shares. Stub servers script the answers; a fake clock records the waits instead of
// waiting. The last tests go through the simulator's injected failures (simulator/mercadopago/faults.ts).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreapproval,
  createPreference,
  getCurrentUser,
  getPayment,
  MERCADOPAGO_CLIENT,
  parseRetryAfter,
  searchPreapprovals,
  type MercadoPagoBudget,
  type MercadoPagoClock,
} from '@/lib/gateways/mercadopago/api';
import { startSimulator, type RunningSimulator } from '@/simulator/server';

/** A clock that moves only when the client sleeps (or a stub says an attempt took time), and keeps the waits. */
function fakeClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let now = start;
  const sleeps: number[] = [];
  const clock: MercadoPagoClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms), elapsed: () => now - start };
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
type Seen = { method: string; url: string; headers: IncomingHttpHeaders };

const payment = {
  id: 42,
  status: 'approved',
  status_detail: 'accredited',
  transaction_amount: 10,
  currency_id: 'BRL',
  payment_type_id: 'credit_card',
  payment_method_id: 'master',
  collector_id: 7,
  date_created: '2026-01-15T12:00:00.000-03:00',
  live_mode: true,
};
const preference = { id: '7-abc', init_point: 'https://www.mercadopago.com.br/checkout/v1/redirect?pref_id=7-abc' };
const mpError = (status: number) => ({ message: `status ${status}`, error: 'x', status, cause: [] });

/** A server answering the scripted answers in order (the last one again once they run out), recording each request. */
async function scripted(answers: Answer[], onRequest?: () => void) {
  const seen: Seen[] = [];
  const server = createServer((request, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      onRequest?.();
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)] ?? { status: 500 };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body ?? mpError(answer.status)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  stubs.push(close);
  return { url: `http://127.0.0.1:${port}`, seen };
}

const stubs: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((close) => close()));
});

const processing = MERCADOPAGO_CLIENT.budgets.processing;
const call = (url: string, clock: MercadoPagoClock, budget: MercadoPagoBudget = processing) => ({ baseUrl: url, accessToken: 'APP_USR-1', clock, budget });
const preferenceInput = { items: [{ title: 'Course', quantity: 1, unit_price: 10, currency_id: 'BRL' }] };

describe('what is retried', () => {
  it('waits 500 ms, 1 s, 2 s between attempts, then gives up after 3 retries with the last status', async () => {
    const stub = await scripted([{ status: 503 }]);
    const time = fakeClock();
    expect(await getPayment(call(stub.url, time.clock), 42)).toEqual({ ok: false, reason: 'unreachable', status: 503 });
    expect(stub.seen).toHaveLength(1 + MERCADOPAGO_CLIENT.retry.maxRetries);
    expect(time.sleeps).toEqual([500, 1_000, 2_000]);
  });

  it.each([429, 500, 502, 503, 504, 423, 424])('retries %i and returns the answer that follows', async (status) => {
    const stub = await scripted([{ status }, { status: 200, body: payment }]);
    const time = fakeClock();
    expect(await getPayment(call(stub.url, time.clock), 42)).toMatchObject({ ok: true, payment: { id: 42 } });
    expect(stub.seen).toHaveLength(2);
    expect(time.sleeps).toEqual([500]);
  });

  it.each([
    [400, 'rejected'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not_found'],
    [409, 'rejected'],
    [422, 'rejected'],
  ] as const)('does not retry %i (%s)', async (status, reason) => {
    const stub = await scripted([{ status }, { status: 200, body: preference }]);
    const time = fakeClock();
    expect(await createPreference(call(stub.url, time.clock), preferenceInput, { idempotencyKey: 'k' })).toMatchObject({ ok: false, reason, status });
    expect(stub.seen).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries when nothing answers (connection refused) as well', async () => {
    // A port that was just listening and no longer is.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const time = fakeClock();
    expect(await getPayment(call(closedUrl, time.clock), 42)).toEqual({ ok: false, reason: 'unreachable' });
    expect(time.sleeps).toEqual([500, 1_000, 2_000]);
  });
});

describe('Retry-After', () => {
  it('waits the seconds it gives instead of the doubling wait', async () => {
    const stub = await scripted([{ status: 429, headers: { 'retry-after': '3' } }, { status: 503, headers: { 'retry-after': '0' } }, { status: 200, body: payment }]);
    const time = fakeClock();
    expect(await getPayment(call(stub.url, time.clock), 42)).toMatchObject({ ok: true });
    expect(time.sleeps).toEqual([3_000, 0]);
  });

  it('waits until the HTTP date it gives; a date already past means at once', async () => {
    const time = fakeClock();
    const inFive = new Date(time.clock.now() + 5_000).toUTCString();
    const past = new Date(time.clock.now() - 60_000).toUTCString();
    const stub = await scripted([{ status: 503, headers: { 'retry-after': inFive } }, { status: 503, headers: { 'retry-after': past } }, { status: 200, body: payment }]);
    expect(await getPayment(call(stub.url, time.clock), 42)).toMatchObject({ ok: true });
    expect(time.sleeps).toEqual([5_000, 0]);
  });

  it('an unreadable value falls back to the doubling wait', async () => {
    const stub = await scripted([{ status: 503, headers: { 'retry-after': 'soon' } }, { status: 200, body: payment }]);
    const time = fakeClock();
    expect(await getPayment(call(stub.url, time.clock), 42)).toMatchObject({ ok: true });
    expect(time.sleeps).toEqual([500]);
  });

  it('a wait past the budget is not waited: the failure comes back at once', async () => {
    const stub = await scripted([{ status: 429, headers: { 'retry-after': '60' } }, { status: 200, body: payment }]);
    const time = fakeClock();
    expect(await getPayment(call(stub.url, time.clock, MERCADOPAGO_CLIENT.budgets.confirmReturn), 42)).toEqual({ ok: false, reason: 'unreachable', status: 429, retryAfterMs: 60_000 });
    expect(stub.seen).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('parseRetryAfter reads whole seconds and HTTP dates, nothing else', () => {
    const now = Date.UTC(2026, 0, 15, 12, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 15 Jan 2026 12:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Thu, 15 Jan 2026 11:00:00 GMT', now)).toBe(0);
    for (const value of [null, '', 'soon', '1.5', '-1', '2026-01-15']) expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('the budget bounds the whole call', () => {
  it('the return page (4 s) stops retrying when the next wait would leave less than a useful attempt', async () => {
    const stub = await scripted([{ status: 503 }]);
    const time = fakeClock();
    expect(await getPayment(call(stub.url, time.clock, MERCADOPAGO_CLIENT.budgets.confirmReturn), 42)).toMatchObject({ ok: false, status: 503 });
    // 500 + 1000 waited; a 2 s wait would leave 500 ms of the 4 s, under the 1 s an attempt gets at least.
    expect(time.sleeps).toEqual([500, 1_000]);
    expect(stub.seen).toHaveLength(3);
  });

  it('slow attempts count against it: checkout (7 s) with attempts of 3 s each makes two', async () => {
    const time = fakeClock();
    const stub = await scripted([{ status: 502 }], () => time.advance(3_000));
    expect(await createPreference(call(stub.url, time.clock, MERCADOPAGO_CLIENT.budgets.checkout), preferenceInput)).toMatchObject({ ok: false, status: 502 });
    expect(stub.seen).toHaveLength(2);
    expect(time.elapsed()).toBeLessThanOrEqual(MERCADOPAGO_CLIENT.budgets.checkout.totalMs);
  });

  it.each(Object.entries(MERCADOPAGO_CLIENT.budgets))('%s: waiting never eats into the last useful attempt', async (_name, budget) => {
    const stub = await scripted([{ status: 500 }]);
    const time = fakeClock();
    await getPayment(call(stub.url, time.clock, budget), 42);
    expect(time.elapsed()).toBeLessThanOrEqual(budget.totalMs - MERCADOPAGO_CLIENT.retry.minAttemptMs);
  });

  it('the pages that keep someone waiting stay under ~8 s (payment page) and ~5 s (return page)', () => {
    const { checkout, confirmReturn, connect } = MERCADOPAGO_CLIENT.budgets;
    expect(checkout.totalMs).toBeLessThan(8_000);
    expect(connect.totalMs).toBeLessThan(8_000);
    expect(confirmReturn.totalMs).toBeLessThan(5_000);
  });

  it('a hung attempt is cut at its own time-out and the call ends within its total, for real', async () => {
    const seen: number[] = [];
    const server = createServer(() => {
      seen.push(Date.now()); // and never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stubs.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    const started = Date.now();
    const result = await getCurrentUser({ baseUrl: `http://127.0.0.1:${port}`, accessToken: 'APP_USR-1', budget: { totalMs: 2_500, attemptMs: 300 } });
    expect(result).toEqual({ ok: false, reason: 'unreachable' });
    // 300 ms, a 500 ms wait, 300 ms; a 1 s wait would then leave under 1 s of the 2.5 s.
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("the caller's cancellation ends a wait at once, with the caller's reason", async () => {
    const controller = new AbortController();
    // The caller gives up just after the first answer, while the client waits its 500 ms.
    const stub = await scripted([{ status: 503 }], () => setTimeout(() => controller.abort(new Error('customer left')), 50));
    const waits: number[] = [];
    const realWaits: MercadoPagoClock = {
      now: () => Date.now(),
      sleep: (ms, signal) => {
        waits.push(ms);
        return delay(ms, undefined, { signal });
      },
    };
    const started = Date.now();
    await expect(getPayment({ baseUrl: stub.url, accessToken: 'APP_USR-1', signal: controller.signal, clock: realWaits }, 42)).rejects.toThrow('customer left');
    expect(stub.seen).toHaveLength(1);
    expect(waits).toEqual([500]);
    // Without the cancellation the call would have taken its 3.5 s of waits.
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe('X-Idempotency-Key', () => {
  const keysOf = (seen: Seen[]) => seen.map((request) => request.headers['x-idempotency-key']);

  it('a create without a key gets a random one, the same on every retry of that call, and a new one per call', async () => {
    const stub = await scripted([{ status: 503 }, { status: 504 }, { status: 201, body: preference }]);
    const time = fakeClock();
    expect(await createPreference(call(stub.url, time.clock), preferenceInput)).toMatchObject({ ok: true });
    const [first, ...rest] = keysOf(stub.seen);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rest).toEqual([first, first]);

    expect(await createPreference(call(stub.url, time.clock), preferenceInput)).toMatchObject({ ok: true });
    expect(keysOf(stub.seen.slice(3))).toHaveLength(1);
    expect(keysOf(stub.seen.slice(3))[0]).not.toBe(first);
  });

  it("the caller's key is sent as given on every attempt", async () => {
    const stub = await scripted([{ status: 429 }, { status: 201, body: preference }]);
    expect(await createPreference(call(stub.url, fakeClock().clock), preferenceInput, { idempotencyKey: 'order_1-abc' })).toMatchObject({ ok: true });
    expect(keysOf(stub.seen)).toEqual(['order_1-abc', 'order_1-abc']);
  });

  it('a GET carries none', async () => {
    const stub = await scripted([{ status: 500 }, { status: 200, body: payment }]);
    await getPayment(call(stub.url, fakeClock().clock), 42);
    expect(stub.seen.map((request) => [request.method, request.headers['x-idempotency-key']])).toEqual([
      ['GET', undefined],
      ['GET', undefined],
    ]);
  });
});

describe('against the simulator’s injected failures', () => {
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

  async function control<T>(path: string, body?: unknown, method = 'POST'): Promise<T> {
    const response = await fetch(`${sim.url}/_sim/mercadopago${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
  const recurring = { frequency: 1, frequency_type: 'months', transaction_amount: 29.9, currency_id: 'BRL' } as const;

  it('a create whose answers were lost twice is retried with one key and makes one preapproval', async () => {
    const account = await control<{ accessToken: string }>('/accounts', { country: 'BR' });
    // "after": the simulator creates the preapproval, then answers 503 instead of 201.
    await control('/faults', { method: 'POST', path: '/preapproval', status: 503, count: 2, retryAfter: '1', when: 'after' });
    const time = fakeClock();
    const options = { baseUrl: `${sim.url}/mercadopago`, accessToken: account.accessToken, clock: time.clock };
    const created = await createPreapproval(options, { reason: 'Club', external_reference: 'order_7', payer_email: 'ana@example.com', back_url: 'https://shop.example/back', auto_recurring: recurring });
    expect(created).toMatchObject({ ok: true, preapproval: { status: 'pending', external_reference: 'order_7' } });
    expect(time.sleeps).toEqual([1_000, 1_000]);
    expect(await searchPreapprovals(options, { externalReference: 'order_7' })).toMatchObject({ ok: true, search: { paging: { total: 1 } } });

    const { faults } = await control<{ faults: Array<{ remaining: number; hits: Array<{ idempotencyKey: string | null }> }> }>('/faults', undefined, 'GET');
    const keys = faults[0]?.hits.map((hit) => hit.idempotencyKey);
    expect(faults[0]?.remaining).toBe(0);
    expect(keys).toHaveLength(2);
    expect(keys?.[0]).toEqual(expect.any(String));
    expect(keys?.[1]).toBe(keys?.[0]);
  });

  it('a read answered 429 with an HTTP-date Retry-After waits that long, then gets the payment', async () => {
    const account = await control<{ userId: number; accessToken: string }>('/accounts', { country: 'BR' });
    const created = await control<{ id: number }>('/payments', { userId: account.userId, status: 'approved', transaction_amount: 10, notify: false });
    const time = fakeClock();
    await control('/faults', { method: 'GET', path: '/v1/payments/:id', status: 429, retryAfter: new Date(time.clock.now() + 2_000).toUTCString() });
    const result = await getPayment({ baseUrl: `${sim.url}/mercadopago`, accessToken: account.accessToken, clock: time.clock }, created.id);
    expect(result).toMatchObject({ ok: true, payment: { id: created.id } });
    expect(time.sleeps).toEqual([2_000]);
  });

  it('the fault routes: validation, listing, clearing; other routes and methods are not faulted', async () => {
    const refused = await fetch(`${sim.url}/_sim/mercadopago/faults`, { method: 'POST', body: JSON.stringify({ method: 'GET', path: 'users/me', status: 200 }) });
    expect(refused.status).toBe(400);
    const account = await control<{ accessToken: string }>('/accounts', { country: 'BR' });
    await control('/faults', { method: 'GET', path: '/users/me', status: 500, count: 1 });
    const me = (path: string) => fetch(`${sim.url}/mercadopago${path}`, { headers: { authorization: `Bearer ${account.accessToken}` } });
    expect((await me('/v1/payments/1')).status).toBe(404);
    const faulted = await me('/users/me');
    expect(faulted.status).toBe(500);
    expect(faulted.headers.get('retry-after')).toBeNull();
    expect(await faulted.json()).toMatchObject({ status: 500, error: 'internal_error' });
    expect((await me('/users/me')).status).toBe(200);
    expect(await control('/faults', undefined, 'DELETE')).toEqual({ cleared: 1 });
    expect(await control('/faults', undefined, 'GET')).toEqual({ faults: [] });
  });
});
