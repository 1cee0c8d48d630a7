// Recording what the gateway says of a payment: a status moves only forward, and a detail that changes under the
// same status (a partial refund keeps `approved`, GW-MP20) is kept when the gateway's copy is newer than ours.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { byNotification, getProcessingAccount, recordPayment, type PaymentFacts } from '@/db/queries/payments';
import { createUser } from '@/db/queries/users';
import { eq } from 'drizzle-orm';
import { orders, paymentRefunds, payments, prices, statusHistory } from '@/db/schema';
import { saveConnection } from '@/lib/gateways/connections';
import { describeEachDatabase } from './support/databases';

async function account() {
  const user = await createUser({ name: 'Ana', email: `ana-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('no user');
  const connection = await saveConnection({
    merchantId: user.id,
    gateway: 'mercadopago',
    mode: 'live',
    country: 'BR',
    externalAccountId: String(Math.floor(Math.random() * 1e9)),
    publicCredentials: { publicKey: 'APP_USR-public' },
    secrets: { accessToken: 'APP_USR-token-0000' },
  });
  const found = await getProcessingAccount(connection.id);
  if (!found) throw new Error('no account');
  return found;
}

const facts = (overrides: Partial<PaymentFacts>): PaymentFacts => ({
  gatewayPaymentId: '555',
  reference: null,
  amountMinor: 10_000,
  currency: 'BRL',
  status: 'approved',
  statusDetail: 'accredited',
  paymentMethodType: 'credit_card',
  payerEmail: null,
  payerName: null,
  gatewayCreatedAt: new Date('2026-12-01T10:00:00Z'),
  approvedAt: new Date('2026-12-01T10:00:05Z'),
  gatewayUpdatedAt: new Date('2026-12-01T10:00:05Z'),
  ...overrides,
});

describeEachDatabase('recording payments', (current) => {
  it('keeps a newer detail under the same status, and never brings an older one back', async () => {
    const owner = await account();
    await recordPayment(owner, facts({}), byNotification(null));
    const refunded = await recordPayment(owner, facts({ statusDetail: 'partially_refunded', gatewayUpdatedAt: new Date('2026-12-02T09:00:00Z') }), byNotification(null));
    expect(refunded).toMatchObject({ change: 'detail', to: 'approved', detail: 'partially_refunded' });
    // The first notification processed again, late: its older detail changes nothing.
    const late = await recordPayment(owner, facts({}), byNotification(null));
    expect(late.change).toBe('unchanged');
    const rows = await current().db.select().from(payments);
    expect(rows.find((row) => row.accountId === owner.id)).toMatchObject({ status: 'approved', statusDetail: 'partially_refunded' });
  });

  it('keeps each refund once with the refunded amount, and a history entry per change of detail', async () => {
    const owner = await account();
    const at = (iso: string) => new Date(iso);
    const refund = (id: string, amountMinor: number, iso: string) => ({ gatewayRefundId: id, amountMinor, status: 'approved', reason: 'collector', gatewayCreatedAt: at(iso) });
    const created = await recordPayment(owner, facts({ gatewayPaymentId: '777' }), byNotification(null));
    const partial = await recordPayment(
      owner,
      facts({ gatewayPaymentId: '777', statusDetail: 'partially_refunded', refundedMinor: 3_000, refunds: [refund('1', 3_000, '2026-12-02T09:00:00Z')], gatewayUpdatedAt: at('2026-12-02T09:00:00Z') }),
      byNotification(null),
    );
    expect(partial).toMatchObject({ change: 'detail', detail: 'partially_refunded', newRefunds: [{ gatewayRefundId: '1' }] });
    // A second partial refund: same status and detail, a new refund and a new amount.
    const second = await recordPayment(
      owner,
      facts({
        gatewayPaymentId: '777',
        statusDetail: 'partially_refunded',
        refundedMinor: 5_000,
        refunds: [refund('1', 3_000, '2026-12-02T09:00:00Z'), refund('2', 2_000, '2026-12-02T10:00:00Z')],
        gatewayUpdatedAt: at('2026-12-02T10:00:00Z'),
      }),
      byNotification(null),
    );
    expect(second).toMatchObject({ change: 'unchanged', newRefunds: [{ gatewayRefundId: '2' }] });
    const full = await recordPayment(
      owner,
      facts({
        gatewayPaymentId: '777',
        status: 'refunded',
        statusDetail: 'refunded',
        refundedMinor: 10_000,
        refunds: [refund('1', 3_000, '2026-12-02T09:00:00Z'), refund('2', 2_000, '2026-12-02T10:00:00Z'), refund('3', 5_000, '2026-12-02T11:00:00Z')],
        gatewayUpdatedAt: at('2026-12-02T11:00:00Z'),
      }),
      byNotification(null),
    );
    expect(full).toMatchObject({ change: 'moved', from: 'approved', to: 'refunded', newRefunds: [{ gatewayRefundId: '3' }] });
    const [row] = await current().db.select().from(payments).where(eq(payments.id, created.id));
    expect(row).toMatchObject({ status: 'refunded', refundedMinor: 10_000 });
    const refunds = await current().db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, created.id));
    expect(refunds.map((r) => [r.gatewayRefundId, r.amountMinor]).sort()).toEqual([['1', 3_000], ['2', 2_000], ['3', 5_000]]);
    const history = await current().db.select().from(statusHistory).where(eq(statusHistory.entityId, created.id));
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.detail]).sort()).toEqual(
      [
        [null, 'approved', 'accredited'],
        ['approved', 'approved', 'partially_refunded'],
        ['approved', 'refunded', 'refunded'],
      ].sort(),
    );
  });

  it('takes a dispute and its resolution for the seller, and a chargeback’s outcome as a new detail', async () => {
    const owner = await account();
    const at = (iso: string) => new Date(iso);
    const first = await recordPayment(owner, facts({ gatewayPaymentId: '888' }), byNotification(null));
    await recordPayment(owner, facts({ gatewayPaymentId: '888', status: 'in_mediation', statusDetail: 'in_process', gatewayUpdatedAt: at('2026-12-02T09:00:00Z') }), byNotification(null));
    // The old approved copy processed late changes nothing; the resolution (newer) does.
    expect((await recordPayment(owner, facts({ gatewayPaymentId: '888' }), byNotification(null))).change).toBe('unchanged');
    const resolved = await recordPayment(owner, facts({ gatewayPaymentId: '888', gatewayUpdatedAt: at('2026-12-03T09:00:00Z') }), byNotification(null));
    expect(resolved).toMatchObject({ change: 'moved', from: 'in_mediation', to: 'approved' });
    const chargedBack = await recordPayment(
      owner,
      facts({ gatewayPaymentId: '888', status: 'charged_back', statusDetail: 'in_process', gatewayUpdatedAt: at('2026-12-04T09:00:00Z') }),
      byNotification(null),
    );
    expect(chargedBack).toMatchObject({ change: 'moved', to: 'charged_back' });
    const settled = await recordPayment(
      owner,
      facts({ gatewayPaymentId: '888', status: 'charged_back', statusDetail: 'settled', gatewayUpdatedAt: at('2026-12-05T09:00:00Z') }),
      byNotification(null),
    );
    expect(settled).toMatchObject({ change: 'detail', detail: 'settled' });
    const history = await current().db.select().from(statusHistory).where(eq(statusHistory.entityId, first.id));
    expect(history).toHaveLength(5);
  });

  it('marks an order paid only by a payment of its account, currency and amount; a mismatch is recorded, not applied', async () => {
    const owner = await account();
    const db = current().db;
    const [price] = await db
      .insert(prices)
      .values({ merchantId: owner.merchantId, slug: `p-${randomBytes(4).toString('hex')}`, name: 'Curso', amountMinor: 10_000, currency: 'BRL', kind: 'one_time', gateway: 'mercadopago', accountId: owner.id })
      .returning();
    if (!price) throw new Error('no price');
    const newOrder = async () => {
      const [order] = await db
        .insert(orders)
        .values({
          merchantId: owner.merchantId,
          priceId: price.id,
          accountId: owner.id,
          submissionKey: randomBytes(8).toString('hex'),
          status: 'checkout_created',
          amountMinor: 10_000,
          currency: 'BRL',
          customerEmail: 'ana@example.com',
          customerFirstName: 'Ana',
          customerLastName: 'Lima',
        })
        .returning();
      if (!order) throw new Error('no order');
      return order;
    };
    const cheap = await newOrder();
    const short = await recordPayment(owner, facts({ gatewayPaymentId: '901', reference: cheap.id, amountMinor: 100 }), byNotification(null));
    expect(short.orderMismatch).toEqual({ orderId: cheap.id, problem: 'amount', expectedAmountMinor: 10_000, expectedCurrency: 'BRL' });
    const foreign = await newOrder();
    const otherCurrency = await recordPayment(owner, facts({ gatewayPaymentId: '902', reference: foreign.id, currency: 'USD' }), byNotification(null));
    expect(otherCurrency.orderMismatch).toMatchObject({ problem: 'currency' });
    for (const order of [cheap, foreign]) {
      const [row] = await db.select().from(orders).where(eq(orders.id, order.id));
      expect(row?.status).toBe('checkout_created');
    }
    const [recorded] = await db.select().from(payments).where(eq(payments.id, short.id));
    expect(recorded).toMatchObject({ status: 'approved', orderId: null, reference: cheap.id });

    const right = await newOrder();
    const paid = await recordPayment(owner, facts({ gatewayPaymentId: '903', reference: right.id }), byNotification(null));
    expect(paid).toMatchObject({ orderMismatch: null, orderId: right.id });
    const [row] = await db.select().from(orders).where(eq(orders.id, right.id));
    expect(row).toMatchObject({ status: 'paid', reconcileAt: null });
  });
});
