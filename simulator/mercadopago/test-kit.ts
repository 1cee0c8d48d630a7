// For the Mercado Pago simulator's tests: HTTP calls to the simulator, accounts, payments, and an independent check
// of Mercado Pago's x-signature. Each test file calls `mercadoPagoTestKit(withSimulatorAndReceiver(...))`.
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { RunningSimulator } from '../server';
import type { ReceivedWebhook, WebhookReceiver } from '../webhook-receiver';

export type Json = Record<string, unknown>;
export type Account = { userId: number; accessToken: string; webhookSecret: string; currencyId: string };
export type CallInit = { method?: string; body?: unknown; token?: string; form?: Record<string, string>; headers?: Record<string, string> };

export const bodyOf = (delivery: ReceivedWebhook) => JSON.parse(delivery.body) as Json & { id: number; data: { id: string } };

/**
 * Mercado Pago's manifest, computed here on its own so a simulator bug cannot agree with itself: `id:<data.id>;` is
 * left out when the URL has no `data.id`, as the docs say of absent values.
 */
export function expectSigned(delivery: ReceivedWebhook, secret: string, options: { fresh?: boolean } = {}) {
  const dataId = delivery.query.get('data.id');
  const requestId = String(delivery.headers['x-request-id']);
  const match = /^ts=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivery.headers['x-signature']));
  expect(match, String(delivery.headers['x-signature'])).not.toBeNull();
  const [, ts, v1] = match ?? [];
  const manifest = `${dataId === null ? '' : `id:${dataId};`}request-id:${requestId};ts:${ts};`;
  expect(v1).toBe(createHmac('sha256', secret).update(manifest).digest('hex'));
  if (options.fresh !== false) expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
}

export function mercadoPagoTestKit({ sim, receiver }: { sim: () => RunningSimulator; receiver: () => WebhookReceiver }) {
  async function call(path: string, init: CallInit = {}) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
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

  async function createAccount(country = 'BR', mode: 'live' | 'test' = 'live'): Promise<Account> {
    const { status, body } = await call('/_sim/mercadopago/accounts', { body: { country, mode } });
    expect(status).toBe(201);
    return body as unknown as Account;
  }

  async function accountWithWebhook(path = '/hooks/mp?shop=1', country = 'BR'): Promise<Account> {
    const account = await createAccount(country);
    expect((await call(`/_sim/mercadopago/accounts/${account.userId}/webhook`, { body: { url: `${receiver().url}${path}` } })).status).toBe(200);
    return account;
  }

  async function createPayment(userId: number, extra: Json = {}) {
    const { status, body } = await call('/_sim/mercadopago/payments', { body: { userId, status: 'approved', transaction_amount: 100, ...extra } });
    expect(status, JSON.stringify(body)).toBe(201);
    return body as Json & { id: number };
  }

  /** The delivery log of an account, as the control API lists it. */
  async function deliveryLog(userId: number) {
    await sim().gateways.mercadopago.deliveries.idle();
    return (await call(`/_sim/mercadopago/deliveries?userId=${userId}`)).body.deliveries as Json[];
  }

  const settle = () => sim().gateways.mercadopago.deliveries.idle();

  return { call, createAccount, accountWithWebhook, createPayment, deliveryLog, settle };
}
