// The topics the app does not process, sent on request, each in its documented shape and signed as Mercado Pago
// signs (no `id:` in the manifest, and no `data.id` in the URL, when the body has no data.id).
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import type { ReceivedWebhook } from '../webhook-receiver';
import { expectSigned, mercadoPagoTestKit, type Json } from './test-kit';

const harness = withSimulatorAndReceiver([50, 100]);
const { receiver } = harness;
const { call, createAccount, accountWithWebhook, deliveryLog } = mercadoPagoTestKit(harness);

async function sendTopic(userId: number, body: Json) {
  const response = await call(`/_sim/mercadopago/accounts/${userId}/notifications`, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body as Json & { sent: boolean; notificationId: string; body: string };
}

async function receiveOne(userId: number, body: Json): Promise<{ delivery: ReceivedWebhook; json: Json }> {
  const before = receiver().received.length;
  const answer = await sendTopic(userId, body);
  expect(answer.sent).toBe(true);
  const delivery = (await receiver().waitFor(before + 1))[before] as ReceivedWebhook;
  expect(delivery.body).toBe(answer.body);
  return { delivery, json: JSON.parse(delivery.body) as Json };
}

const date = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe('other topics on request', () => {
  it('stop_delivery_op_wh: data without id, the payment id as the notification id, not retried on a 500', async () => {
    const account = await accountWithWebhook('/hooks');
    receiver().alwaysRespond(500);
    const { delivery, json } = await receiveOne(account.userId, { topic: 'stop_delivery_op_wh', payment_id: 58980959081 });
    expect(json).toEqual({
      action: 'Created',
      api_version: 'v1',
      data: { description: expect.any(String), merchant_order: expect.any(Number), payment_id: 58980959081, site_id: 'MLB' },
      date_created: date,
      id: '58980959081',
      live_mode: true,
      type: 'stop_delivery_op_wh',
      user_id: account.userId,
      version: 1,
    });
    expect(delivery.query.get('type')).toBe('stop_delivery_op_wh');
    expect(delivery.query.has('data.id')).toBe(false);
    expectSigned(delivery, account.webhookSecret);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver().received).toHaveLength(1);
    expect((await deliveryLog(account.userId)).map((r) => [r.topic, r.status, r.attempt])).toEqual([['stop_delivery_op_wh', 500, 1]]);
  });

  it('automatic-payments (Card Updater, also asked as topic_card_id_wh): a string id, card ids in data, no data.id', async () => {
    const account = await accountWithWebhook('/hooks');
    for (const topic of ['automatic-payments', 'topic_card_id_wh']) {
      const { delivery, json } = await receiveOne(account.userId, { topic, resource_id: '12345678-aluyasdhfyt' });
      expect(json).toEqual({
        action: 'card.updated',
        api_version: 'v1',
        application_id: expect.any(Number),
        data: { customer_id: '12345678-aluyasdhfyt', new_card_id: expect.any(Number), old_card_id: expect.any(Number) },
        date_created: date,
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        live_mode: true,
        type: 'automatic-payments',
        user_id: account.userId,
        version: 1,
      });
      expect(delivery.query.has('data.id')).toBe(false);
      expectSigned(delivery, account.webhookSecret);
    }
  });

  it('point_integration_wh: the payment intent itself', async () => {
    const account = await accountWithWebhook('/hooks');
    const { delivery, json } = await receiveOne(account.userId, { topic: 'point_integration_wh', payment_id: 123456789, amount: 100 });
    expect(json).toEqual({
      amount: 100,
      caller_id: account.userId,
      client_id: expect.any(Number),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      payment: { id: 123456789, state: 'approved', type: 'credit_card' },
      state: 'FINISHED',
      additional_info: { external_reference: expect.any(String) },
    });
    expect(delivery.query.get('type')).toBe('point_integration_wh');
    expectSigned(delivery, account.webhookSecret);
  });

  it('delivery: {_id, topic, resource, …}', async () => {
    const account = await accountWithWebhook('/hooks');
    const { delivery, json } = await receiveOne(account.userId, { topic: 'delivery', resource_id: '12345' });
    expect(json).toEqual({ _id: expect.any(String), topic: 'delivery', resource: '/shipments/12345', user_id: account.userId, application_id: expect.stringMatching(/^\d+$/), sent: date, attempts: 1, received: date, actions: [] });
    expect(delivery.query.has('data.id')).toBe(false);
    expectSigned(delivery, account.webhookSecret);
  });

  it('mp-connect: application authorized and deauthorized, data.id the linked account', async () => {
    const account = await accountWithWebhook('/hooks');
    const { delivery, json } = await receiveOne(account.userId, { topic: 'mp-connect', resource_id: '176611236' });
    expect(json).toEqual({ action: 'application.authorized', api_version: 'v1', application_id: expect.any(Number), data: { id: '176611236' }, date_created: date, id: expect.any(Number), live_mode: true, type: 'mp-connect', user_id: account.userId, version: 1 });
    expect(delivery.query.get('data.id')).toBe('176611236');
    expectSigned(delivery, account.webhookSecret);
    const { json: unlinked } = await receiveOne(account.userId, { topic: 'mp-connect', action: 'application.deauthorized', resource_id: '176611236' });
    expect(unlinked.action).toBe('application.deauthorized');
  });

  it('topic_merchant_order_wh: the order id and status beside data, opened on create, closed on update', async () => {
    const account = await accountWithWebhook('/hooks');
    const { delivery, json } = await receiveOne(account.userId, { topic: 'topic_merchant_order_wh', resource_id: '29622218613' });
    expect(json).toEqual({ action: 'create', application_id: expect.stringMatching(/^\d+$/), data: { currency_id: '', marketplace: 'NONE', status: 'opened' }, date_created: date, id: '29622218613', live_mode: true, status: 'opened', type: 'topic_merchant_order_wh', user_id: account.userId, version: 0 });
    expect(delivery.query.has('data.id')).toBe(false);
    expectSigned(delivery, account.webhookSecret);
    const { json: closed } = await receiveOne(account.userId, { topic: 'topic_merchant_order_wh', status: 'closed' });
    expect(closed).toMatchObject({ action: 'update', status: 'closed', data: { status: 'closed' } });
  });

  it('topic_chargebacks_wh: actions, data.id an 18-digit JSON number, exact in the URL', async () => {
    const account = await accountWithWebhook('/hooks');
    const { delivery, json } = await receiveOne(account.userId, { topic: 'topic_chargebacks_wh', action: 'changed_case_status', payment_id: 81968653106, resource_id: '233000061680860123' });
    expect(delivery.body).toContain('"id":233000061680860123,');
    expect(delivery.query.get('data.id')).toBe('233000061680860123');
    expect(json).toEqual({
      actions: ['changed_case_status'],
      api_version: 'v1',
      application_id: expect.any(Number),
      data: { checkout: 'PRO', date_updated: date, id: expect.any(Number), payment_id: 81968653106, product_id: expect.stringMatching(/^[0-9A-F]{20}$/), site_id: 'MLB', transaction_intent_id: '' },
      date_created: date,
      id: expect.any(Number),
      live_mode: true,
      type: 'topic_chargebacks_wh',
      user_id: account.userId,
      version: expect.any(Number),
    });
    expectSigned(delivery, account.webhookSecret);
  });

  it('topic_claims_integration_wh: type claim, data.id the claim', async () => {
    const account = await accountWithWebhook('/hooks');
    const { delivery, json } = await receiveOne(account.userId, { topic: 'topic_claims_integration_wh', resource_id: '5123456789' });
    expect(json).toEqual({ action: 'created', api_version: 'v1', data: { id: '5123456789', resource: 'claims' }, date_created: date, id: expect.any(Number), live_mode: true, type: 'claim', user_id: account.userId });
    expect(delivery.query.get('type')).toBe('claim');
    expect(delivery.query.get('data.id')).toBe('5123456789');
    expectSigned(delivery, account.webhookSecret);
  });

  it('sends nothing to test accounts or accounts without a URL, and refuses an unknown topic', async () => {
    const test = await createAccount('BR', 'test');
    await call(`/_sim/mercadopago/accounts/${test.userId}/webhook`, { body: { url: `${receiver().url}/hooks` } });
    expect((await sendTopic(test.userId, { topic: 'delivery' })).sent).toBe(false);
    const bare = await createAccount();
    expect((await sendTopic(bare.userId, { topic: 'delivery' })).sent).toBe(false);
    expect((await call(`/_sim/mercadopago/accounts/${bare.userId}/notifications`, { body: { topic: 'payment' } })).status).toBe(400);
    expect((await call('/_sim/mercadopago/accounts/1/notifications', { body: { topic: 'delivery' } })).status).toBe(404);
    expect(receiver().received).toHaveLength(0);
  });
});
