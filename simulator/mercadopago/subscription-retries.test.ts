// Subscription charges as Mercado Pago documents them: a declined installment is `recycling` and reattempted up to
// 4 times within ten days, then `processed` with the declined payment; the third such installment cancels the
// preapproval. `retry_attempt` counts the attempts: 1 for the first charge, 5 for the fourth reattempt.
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import { bodyOf, mercadoPagoTestKit, type Json } from './test-kit';

const harness = withSimulatorAndReceiver([50]);
const { receiver } = harness;
const { call, accountWithWebhook, settle } = mercadoPagoTestKit(harness);

const DAY = 86_400_000;
const recurring = { frequency: 1, frequency_type: 'months', transaction_amount: 49.9, currency_id: 'BRL' };
type Invoice = Json & { id: number; retry_attempt: number; next_retry_date: string | null; debit_date: string; status: string; payment: Json };

async function authorizedPreapproval(userId: number) {
  const created = await call('/_sim/mercadopago/preapprovals', { body: { userId, auto_recurring: recurring, notify: false } });
  expect(created.body.status).toBe('authorized');
  return created.body as Json & { id: string };
}

const charge = async (preapprovalId: string, body: Json) => {
  const response = await call(`/_sim/mercadopago/preapprovals/${preapprovalId}/charges`, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Invoice;
};

/** One installment: the charge and its four reattempts, all declined. */
async function failInstallment(preapprovalId: string, debitDate: string) {
  const attempts = [await charge(preapprovalId, { payment_status: 'rejected', debit_date: debitDate })];
  for (let reattempt = 1; reattempt <= 4; reattempt += 1) attempts.push(await charge(preapprovalId, { payment_status: 'rejected', authorized_payment_id: attempts[0]?.id }));
  return attempts;
}

describe('reattempts of a declined installment', () => {
  it('recycles it through 4 reattempts within ten days, then leaves it processed with the declined payment', async () => {
    const account = await accountWithWebhook('/hooks');
    const preapproval = await authorizedPreapproval(account.userId);
    const start = Date.UTC(2026, 2, 1, 12);
    const attempts = await failInstallment(preapproval.id, new Date(start).toISOString());

    expect(attempts.map((a) => a.id)).toEqual(Array(5).fill(attempts[0]?.id));
    expect(attempts.map((a) => a.retry_attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(attempts.map((a) => a.status)).toEqual(['recycling', 'recycling', 'recycling', 'recycling', 'processed']);
    // Each reattempt happens on the date the previous attempt announced; all of them within ten days of the charge.
    for (let i = 1; i < 5; i += 1) expect(attempts[i]?.debit_date).toBe(attempts[i - 1]?.next_retry_date);
    const retryDates = attempts.slice(0, 4).map((a) => Date.parse(String(a.next_retry_date)) - start);
    expect(retryDates.every((offset, i) => offset > 0 && offset <= 10 * DAY && (i === 0 || offset > (retryDates[i - 1] ?? 0)))).toBe(true);
    expect(retryDates.at(-1)).toBe(10 * DAY);
    expect(attempts[4]).toMatchObject({ next_retry_date: null, summarized: 'done', payment: { status: 'rejected' } });
    expect(new Set(attempts.map((a) => (a.payment as Json).id)).size).toBe(5);

    const read = await call(`/mercadopago/authorized_payments/${attempts[0]?.id}`, { token: account.accessToken });
    expect(read.body).toMatchObject({ status: 'processed', retry_attempt: 5, payment: { status: 'rejected' }, preapproval_id: preapproval.id });
    // No fifth reattempt; the preapproval goes on (one rejected installment is not three).
    expect((await call(`/_sim/mercadopago/preapprovals/${preapproval.id}/charges`, { body: { payment_status: 'rejected', authorized_payment_id: attempts[0]?.id } })).status).toBe(409);
    expect((await call(`/mercadopago/preapproval/${preapproval.id}`, { token: account.accessToken })).body).toMatchObject({ status: 'authorized' });

    const deliveries = await receiver().waitFor(10);
    const invoiceActions = deliveries.filter((d) => d.query.get('type') === 'subscription_authorized_payment').map((d) => bodyOf(d).action);
    expect(invoiceActions).toEqual(['created', 'updated', 'updated', 'updated', 'updated']);
    expect(deliveries.filter((d) => d.query.get('type') === 'payment')).toHaveLength(5);
  });

  it('stops retrying once a reattempt is approved, and keeps dates given in the body', async () => {
    const account = await accountWithWebhook('/hooks');
    const preapproval = await authorizedPreapproval(account.userId);
    const failed = await charge(preapproval.id, { payment_status: 'rejected', payment_type_id: 'bank_transfer', notify: false });
    expect(failed).toMatchObject({ status: 'recycling', retry_attempt: 1, payment_method_id: 'pix' });
    expect(Date.parse(String(failed.next_retry_date)) - Date.parse(failed.debit_date)).toBe(DAY);
    const given = '2026-05-09T10:00:00.000Z';
    const paid = await charge(preapproval.id, { payment_status: 'approved', authorized_payment_id: failed.id, debit_date: given, notify: false });
    expect(paid).toMatchObject({ id: failed.id, status: 'processed', retry_attempt: 2, next_retry_date: null, debit_date: given, payment: { status: 'approved' } });
    expect((await call(`/mercadopago/preapproval/${preapproval.id}`, { token: account.accessToken })).body).toMatchObject({ status: 'authorized', summarized: { charged_quantity: 1 } });
  });
});

describe('three rejected installments', () => {
  it('cancel the preapproval and notify subscription_preapproval; nothing more is charged', async () => {
    const account = await accountWithWebhook('/hooks');
    const preapproval = await authorizedPreapproval(account.userId);
    const months = [Date.UTC(2026, 0, 5), Date.UTC(2026, 1, 5), Date.UTC(2026, 2, 5)].map((t) => new Date(t).toISOString());

    await failInstallment(preapproval.id, months[0] as string);
    await failInstallment(preapproval.id, months[1] as string);
    await settle();
    expect((await call(`/mercadopago/preapproval/${preapproval.id}`, { token: account.accessToken })).body).toMatchObject({ status: 'authorized' });
    expect(receiver().received.filter((d) => d.query.get('type') === 'subscription_preapproval')).toHaveLength(0);

    const third = await failInstallment(preapproval.id, months[2] as string);
    expect(third.at(-1)).toMatchObject({ status: 'processed', retry_attempt: 5 });
    expect((await call(`/mercadopago/preapproval/${preapproval.id}`, { token: account.accessToken })).body).toMatchObject({ status: 'cancelled' });
    const deliveries = await receiver().waitFor(31);
    const cancellation = deliveries.filter((d) => d.query.get('type') === 'subscription_preapproval');
    expect(cancellation).toHaveLength(1);
    expect(bodyOf(cancellation[0] as (typeof deliveries)[number])).toMatchObject({ action: 'updated', entity: 'preapproval', data: { id: preapproval.id }, version: 1 });

    expect((await call(`/_sim/mercadopago/preapprovals/${preapproval.id}/charges`, { body: { payment_status: 'approved' } })).status).toBe(409);
  });
});
