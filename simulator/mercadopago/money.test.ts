// Money movements on the simulated Mercado Pago: refunds (API and control route), chargebacks and disputes, with
// the payment's status, amounts and notifications checked after each step.
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import type { ReceivedWebhook } from '../webhook-receiver';
import { bodyOf, expectSigned, mercadoPagoTestKit, type Json } from './test-kit';

const harness = withSimulatorAndReceiver([50, 100, 150]);
const { receiver } = harness;
const { call, createAccount, accountWithWebhook, createPayment, settle } = mercadoPagoTestKit(harness);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const actions = (deliveries: ReceivedWebhook[]) => deliveries.map((d) => `${d.query.get('type')}:${String(bodyOf(d).action ?? (bodyOf(d).actions as string[] | undefined)?.join(','))}`).sort();

describe('refunds', () => {
  it('refunds part, then the rest: approved/partially_refunded, then refunded/refunded, with the sums and a payment.updated each', async () => {
    const account = await accountWithWebhook();
    const payment = await createPayment(account.userId, { transaction_amount: 100 });
    await pause(5);

    const partial = await call(`/mercadopago/v1/payments/${payment.id}/refunds`, { token: account.accessToken, body: { amount: 30 } });
    expect(partial.status).toBe(201);
    expect(partial.body).toEqual({
      id: expect.any(Number),
      payment_id: payment.id,
      amount: 30,
      metadata: {},
      source: { id: String(account.userId), name: expect.any(String), type: 'collector' },
      date_created: expect.any(String),
      unique_sequence_number: null,
      refund_mode: 'standard',
      adjustment_amount: 0,
      status: 'approved',
      reason: null,
      labels: [],
      amount_refunded_to_payer: 30,
      partition_details: [],
    });
    const afterPartial = (await call(`/mercadopago/v1/payments/${payment.id}`, { token: account.accessToken })).body;
    expect(afterPartial).toMatchObject({ status: 'approved', status_detail: 'partially_refunded', transaction_amount: 100, transaction_amount_refunded: 30, refunds: [{ id: partial.body.id, amount: 30 }] });
    expect(Date.parse(String(afterPartial.date_last_updated))).toBeGreaterThan(Date.parse(String(afterPartial.date_created)));

    // No amount: the rest.
    const rest = await call(`/mercadopago/v1/payments/${payment.id}/refunds`, { token: account.accessToken, body: {} });
    expect(rest.body).toMatchObject({ amount: 70, amount_refunded_to_payer: 70, status: 'approved' });
    const afterFull = (await call(`/mercadopago/v1/payments/${payment.id}`, { token: account.accessToken })).body;
    expect(afterFull).toMatchObject({ status: 'refunded', status_detail: 'refunded', transaction_amount_refunded: 100 });
    const listed = await call(`/mercadopago/v1/payments/${payment.id}/refunds`, { token: account.accessToken });
    expect((listed.body as unknown as Json[]).map((r) => r.amount)).toEqual([30, 70]);

    const deliveries = await receiver().waitFor(3);
    expect(actions(deliveries)).toEqual(['payment:payment.created', 'payment:payment.updated', 'payment:payment.updated']);
    for (const delivery of deliveries) expect(delivery.query.get('data.id')).toBe(String(payment.id));
  });

  it('adds cents exactly (0.10 + 0.20 of 0.30 is the whole) and answers the same refund for the same X-Idempotency-Key', async () => {
    const account = await createAccount();
    const payment = await createPayment(account.userId, { transaction_amount: 0.3, notify: false });
    const headers = { 'x-idempotency-key': 'refund-1' };
    const first = await call(`/mercadopago/v1/payments/${payment.id}/refunds`, { token: account.accessToken, body: { amount: 0.1 }, headers });
    const again = await call(`/mercadopago/v1/payments/${payment.id}/refunds`, { token: account.accessToken, body: { amount: 0.1 }, headers });
    expect(again.body.id).toBe(first.body.id);
    await call(`/mercadopago/v1/payments/${payment.id}/refunds`, { token: account.accessToken, body: { amount: 0.2 } });
    expect((await call(`/mercadopago/v1/payments/${payment.id}`, { token: account.accessToken })).body).toMatchObject({ status: 'refunded', transaction_amount_refunded: 0.3, refunds: [{ amount: 0.1 }, { amount: 0.2 }] });
  });

  it("refuses in Mercado Pago's shape: more than is left, a payment not approved, bad amounts, another account's payment", async () => {
    const account = await createAccount();
    const payment = await createPayment(account.userId, { transaction_amount: 50, notify: false });
    const refund = (id: unknown, body: unknown, token = account.accessToken) => call(`/mercadopago/v1/payments/${String(id)}/refunds`, { token, body });

    const over = await refund(payment.id, { amount: 50.01 });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ error: 'bad_request', status: 400, message: expect.stringContaining('50'), cause: [{ code: 2063 }] });
    expect((await refund(payment.id, { amount: -1 })).body).toMatchObject({ status: 400, cause: [{ code: 4040 }] });
    expect((await refund(payment.id, { amount: 0 })).body).toMatchObject({ status: 400, cause: [{ code: 4040 }] });
    expect((await refund(payment.id, { amount: 'ten' })).body).toMatchObject({ status: 400, cause: [{ code: 4041 }] });
    expect((await refund(payment.id, { amount: 10.005 })).body).toMatchObject({ status: 400, cause: [{ code: 4041 }] });

    const pending = await createPayment(account.userId, { status: 'pending', notify: false });
    expect((await refund(pending.id, {})).body).toMatchObject({ status: 400, message: 'The action requested is not valid for the current payment state', cause: [{ code: 2063 }] });

    expect((await refund(payment.id, {})).status).toBe(201);
    expect((await refund(payment.id, { amount: 1 })).body).toMatchObject({ status: 400, cause: [{ code: 2063 }] });

    const other = await createAccount();
    expect((await refund(payment.id, {}, other.accessToken)).status).toBe(404);
    expect((await call(`/mercadopago/v1/payments/${payment.id}/refunds`, { token: other.accessToken })).status).toBe(404);
    expect((await refund(payment.id, {}, '')).status).toBe(401);
  });

  it('refunds through the control route without a token, with duplicates, and refuses there in its own shape', async () => {
    const account = await accountWithWebhook();
    const payment = await createPayment(account.userId, { transaction_amount: 80, notify: false });
    const refunded = await call(`/_sim/mercadopago/payments/${payment.id}/refunds`, { body: { amount: 20, duplicates: 1 } });
    expect(refunded.status).toBe(201);
    expect(refunded.body).toMatchObject({ payment_id: payment.id, amount: 20, source: { type: 'collector' } });
    const deliveries = await receiver().waitFor(2);
    expect(new Set(deliveries.map((d) => bodyOf(d).id)).size).toBe(1);
    expect(bodyOf(deliveries[0] as ReceivedWebhook).action).toBe('payment.updated');

    const over = await call(`/_sim/mercadopago/payments/${payment.id}/refunds`, { body: { amount: 61 } });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('60') } });
    expect((await call('/_sim/mercadopago/payments/1/refunds', { body: {} })).status).toBe(404);
    const rest = await call(`/_sim/mercadopago/payments/${payment.id}/refunds`, { body: { notify: false } });
    expect(rest.body).toMatchObject({ amount: 60 });
    await settle();
    expect(receiver().received).toHaveLength(2);
  });
});

describe('chargebacks', () => {
  it('charges back in process, then settled, then reimbursed: payment.updated and topic_chargebacks_wh each time', async () => {
    const account = await accountWithWebhook('/hooks');
    const payment = await createPayment(account.userId, { notify: false });
    const opened = await call(`/_sim/mercadopago/payments/${payment.id}/chargeback`, { body: {} });
    expect(opened.status).toBe(200);
    expect(opened.body.payment).toMatchObject({ status: 'charged_back', status_detail: 'in_process' });
    const chargeback = opened.body.chargeback as Json & { id: string };
    expect(chargeback).toMatchObject({ id: expect.stringMatching(/^\d{18}$/), payments: [payment.id], currency: 'BRL', amount: 100, coverage_applied: null, coverage_elegible: true });

    const first = await receiver().waitFor(2);
    expect(actions(first)).toEqual(['payment:payment.updated', 'topic_chargebacks_wh:created']);
    const notice = first.find((d) => d.query.get('type') === 'topic_chargebacks_wh') as ReceivedWebhook;
    // data.id is a JSON number of 18 digits in the body; the URL carries it exactly.
    expect(notice.query.get('data.id')).toBe(chargeback.id);
    expect(notice.body).toContain(`"id":${chargeback.id},`);
    expect(bodyOf(notice)).toMatchObject({ actions: ['created'], api_version: 'v1', type: 'topic_chargebacks_wh', user_id: account.userId, live_mode: true, data: { checkout: 'PRO', payment_id: payment.id, site_id: 'MLB' } });
    expectSigned(notice, account.webhookSecret);

    const settled = await call(`/_sim/mercadopago/payments/${payment.id}/chargeback`, { body: { status_detail: 'settled' } });
    expect(settled.body).toMatchObject({ payment: { status: 'charged_back', status_detail: 'settled' }, chargeback: { id: chargeback.id, coverage_applied: false } });
    const second = (await receiver().waitFor(4)).slice(2);
    expect(actions(second)).toEqual(['payment:payment.updated', 'topic_chargebacks_wh:changed_case_status']);

    await call(`/_sim/mercadopago/payments/${payment.id}/chargeback`, { body: { status_detail: 'reimbursed' } });
    await receiver().waitFor(6);
    const read = await call(`/mercadopago/v1/chargebacks/${chargeback.id}`, { token: account.accessToken });
    expect(read.body).toMatchObject({ id: chargeback.id, coverage_applied: true, payments: [payment.id] });
    expect((await call(`/mercadopago/v1/payments/${payment.id}`, { token: account.accessToken })).body).toMatchObject({ status: 'charged_back', status_detail: 'reimbursed' });
    const other = await createAccount();
    expect((await call(`/mercadopago/v1/chargebacks/${chargeback.id}`, { token: other.accessToken })).status).toBe(404);
  });

  it('refuses to charge back a payment that was never approved', async () => {
    const account = await createAccount();
    const payment = await createPayment(account.userId, { status: 'pending', notify: false });
    expect((await call(`/_sim/mercadopago/payments/${payment.id}/chargeback`, { body: {} })).status).toBe(409);
  });
});

describe('disputes', () => {
  it('opens a dispute (in_mediation) and resolves it for the seller (approved/accredited), notifying each step', async () => {
    const account = await accountWithWebhook();
    const payment = await createPayment(account.userId, { notify: false });
    expect((await call(`/_sim/mercadopago/payments/${payment.id}/dispute`, { body: {} })).body).toMatchObject({ status: 'in_mediation' });
    expect((await call(`/_sim/mercadopago/payments/${payment.id}/dispute/resolve`, { body: { for: 'seller' } })).body).toMatchObject({ status: 'approved', status_detail: 'accredited', transaction_amount_refunded: 0, refunds: [] });
    expect(actions(await receiver().waitFor(2))).toEqual(['payment:payment.updated', 'payment:payment.updated']);
    expect((await call(`/_sim/mercadopago/payments/${payment.id}/dispute/resolve`, { body: { for: 'seller' } })).status).toBe(409);
  });

  it('resolves for the buyer: refunded/bpp_refunded with a refund of what was left from the buyer protection program', async () => {
    const account = await accountWithWebhook();
    const payment = await createPayment(account.userId, { transaction_amount: 120, notify: false });
    await call(`/_sim/mercadopago/payments/${payment.id}/refunds`, { body: { amount: 20 } });
    await call(`/_sim/mercadopago/payments/${payment.id}/dispute`, { body: {} });
    const resolved = await call(`/_sim/mercadopago/payments/${payment.id}/dispute/resolve`, { body: { for: 'buyer' } });
    expect(resolved.body).toMatchObject({
      status: 'refunded',
      status_detail: 'bpp_refunded',
      transaction_amount_refunded: 120,
      refunds: [{ amount: 20, source: { type: 'collector' } }, { amount: 100, source: { type: 'bpp' } }],
    });
    expect(actions(await receiver().waitFor(3))).toEqual(['payment:payment.updated', 'payment:payment.updated', 'payment:payment.updated']);
    expect((await call(`/_sim/mercadopago/payments/${payment.id}/dispute`, { body: {} })).status).toBe(409);
  });
});
