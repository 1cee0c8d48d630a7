// Per-account delivery options: how retries are signed (afresh, or repeating the first attempt's ts and
// x-request-id), and the drop switch (notifications recorded as dropped, never sent), which also covers payments made
// on the hosted checkout page; plus `drop: true` on a single control call.
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import type { ReceivedWebhook } from '../webhook-receiver';
import { bodyOf, expectSigned, mercadoPagoTestKit, type Json } from './test-kit';

const harness = withSimulatorAndReceiver([50, 100]);
const { receiver } = harness;
const { call, accountWithWebhook, createPayment, deliveryLog, settle } = mercadoPagoTestKit(harness);

const options = (userId: number, body?: Json) => call(`/_sim/mercadopago/accounts/${userId}/delivery-options`, body === undefined ? {} : { body });

describe('retry signing', () => {
  it('signs every retry afresh by default, and repeats the first attempt’s ts and x-request-id with retrySigning "first"', async () => {
    const account = await accountWithWebhook();
    expect((await options(account.userId)).body).toEqual({ retrySigning: 'fresh', drop: false });
    receiver().respondWith([500, 500]);
    await createPayment(account.userId);
    const fresh = await receiver().waitFor(3);
    expect(new Set(fresh.map((d) => d.headers['x-request-id'])).size).toBe(3);

    expect((await options(account.userId, { retrySigning: 'first' })).body).toEqual({ retrySigning: 'first', drop: false });
    receiver().respondWith([500, 503]);
    await createPayment(account.userId);
    const retried = (await receiver().waitFor(6)).slice(3);
    // The first attempt and its two retries: one request id, one ts, one signature.
    expect(retried.map((d) => d.answered)).toEqual([500, 503, 200]);
    expect(new Set(retried.map((d) => bodyOf(d).id)).size).toBe(1);
    expect(new Set(retried.map((d) => `${String(d.headers['x-request-id'])} ${String(d.headers['x-signature'])}`)).size).toBe(1);
    // A duplicate (here a redelivery) is a new send, signed on its own.
    expect((await call(`/_sim/mercadopago/notifications/${bodyOf(retried[0] as ReceivedWebhook).id}/redeliver`, { method: 'POST' })).status).toBe(202);
    const [again] = (await receiver().waitFor(7)).slice(6);
    expect(again?.headers['x-request-id']).not.toBe(retried[0]?.headers['x-request-id']);
    const deliveries = [...retried, again as ReceivedWebhook];
    for (const delivery of deliveries) expectSigned(delivery, account.webhookSecret);
  });

  it('refuses an empty or unknown option', async () => {
    const account = await accountWithWebhook();
    expect((await options(account.userId, {})).status).toBe(400);
    expect((await options(account.userId, { retrySigning: 'never' })).status).toBe(400);
    expect((await options(account.userId, { hold: true })).status).toBe(400);
  });
});

describe('drop switch', () => {
  it('records every notification of the account as dropped, hosted checkout payments included, until switched off', async () => {
    const account = await accountWithWebhook();
    expect((await options(account.userId, { drop: true })).body).toEqual({ retrySigning: 'fresh', drop: true });
    const payment = await createPayment(account.userId, { duplicates: 1 });
    const preference = await call('/mercadopago/checkout/preferences', {
      token: account.accessToken,
      body: { items: [{ title: 'Course', quantity: 1, unit_price: 10 }], notification_url: `${receiver().url}/n?source_news=webhooks` },
    });
    const paid = await call(String(preference.body.init_point), { form: { method: 'card', outcome: 'approve', email: 'ana@example.com' } });
    expect(paid.status).toBe(200);
    await settle();
    expect(receiver().received).toHaveLength(0);

    const log = await deliveryLog(account.userId);
    expect(log).toHaveLength(3);
    expect(log.every((r) => r.dropped === true && r.status === null && r.error === 'dropped' && r.attempt === 1)).toBe(true);
    expect(log.filter((r) => r.resourceId === String(payment.id)).map((r) => r.duplicate)).toEqual([false, true]);
    expect(log.some((r) => String(r.url).includes('/n?source_news=webhooks'))).toBe(true);

    // Switched off, new notifications go out again, and a dropped one can be redelivered by its id.
    await options(account.userId, { drop: false });
    await createPayment(account.userId);
    const redelivered = await call(`/_sim/mercadopago/notifications/${String(log[0]?.notificationId)}/redeliver`, { method: 'POST' });
    expect(redelivered.status).toBe(202);
    const deliveries = await receiver().waitFor(2);
    expect(deliveries.map((d) => d.query.get('data.id'))).toContain(String(payment.id));
  });

  it('drops one call’s notifications with drop: true and leaves the others alone', async () => {
    const account = await accountWithWebhook();
    const dropped = await createPayment(account.userId, { drop: true });
    await call(`/_sim/mercadopago/payments/${dropped.id}/refunds`, { body: { amount: 10, drop: true } });
    const sent = await createPayment(account.userId);
    const [delivery] = await receiver().waitFor(1);
    await settle();
    expect(receiver().received).toHaveLength(1);
    expect(delivery?.query.get('data.id')).toBe(String(sent.id));
    const log = await deliveryLog(account.userId);
    expect(log.map((r) => [r.resourceId, r.action, r.dropped])).toEqual([
      [String(dropped.id), 'payment.created', true],
      [String(dropped.id), 'payment.updated', true],
      [String(sent.id), 'payment.created', false],
    ]);
  });
});
