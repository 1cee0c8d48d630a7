// Notifications become payments and subscriptions: the simulator sends signed webhooks to the real route
// handler, the worker processes them (fetching each resource from the simulator), and the database shows the
// result. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
import { and, asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { payments, statusHistory, subscriptionCharges, subscriptions, webhookEvents } from '@/db/schema';
import { describeEachDatabase } from './support/databases';
import { kickWebhookWorker, startWebhookWorker, stopWebhookWorker } from '@/lib/webhooks/worker';
import { withSimulatedGateways, type SimMercadoPagoAccount } from './support/simulated-gateways';

const { simulator, control, settle, connectMercadoPago, connectSecureAndPay } = withSimulatedGateways();

describeEachDatabase('processing notifications', (current) => {
  const db = () => current().db;

  it('records a Mercado Pago payment through pending → approved → refunded, each change once', async () => {
    const { account } = await connectMercadoPago();
    const created = await control<{ id: number }>('mercadopago/payments', {
      userId: account.userId,
      status: 'pending',
      transaction_amount: 150.5,
      payment_type_id: 'bank_transfer',
      external_reference: 'order-1',
      notify: true,
      duplicates: 2,
    });
    await settle();
    await control(`mercadopago/payments/${created.id}/status`, { status: 'approved', notify: true, duplicates: 1 });
    await settle();
    await control(`mercadopago/payments/${created.id}/status`, { status: 'refunded', notify: true });
    await settle();

    const [payment] = await db().select().from(payments).where(eq(payments.gatewayPaymentId, String(created.id)));
    expect(payment).toMatchObject({ status: 'refunded', amountMinor: 15050, currency: 'BRL', paymentMethodType: 'bank_transfer', reference: 'order-1' });
    const history = await db()
      .select({ from: statusHistory.fromStatus, to: statusHistory.toStatus, eventId: statusHistory.webhookEventId })
      .from(statusHistory)
      .where(eq(statusHistory.entityId, payment?.id ?? ''))
      .orderBy(asc(statusHistory.at));
    expect(history.map((entry) => [entry.from, entry.to])).toEqual([
      [null, 'pending'],
      ['pending', 'approved'],
      ['approved', 'refunded'],
    ]);
    expect(history.every((entry) => entry.eventId)).toBe(true);
    const events = await db().select().from(webhookEvents).where(eq(webhookEvents.resourceId, String(created.id)));
    // Duplicates were stored once; every stored notification was processed and says what it did.
    expect(events.every((event) => event.status === 'processed' && event.verification === 'verified')).toBe(true);
    expect(events.map((event) => event.result).join(' ')).toMatch(/pending → approved/);
  });

  it('processes a notification right after the route answers it, when this process runs the worker', async () => {
    // The loop's own tick is an hour away, and its first pass is over before the notification exists: only the
    // route, once it has answered, can start the processing.
    startWebhookWorker(60 * 60_000);
    try {
      await kickWebhookWorker();
      const { account } = await connectMercadoPago();
      const created = await control<{ id: number }>('mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 20, notify: true });
      await simulator().gateways.mercadopago.deliveries.idle();
      const recorded = async () => (await db().select().from(payments).where(eq(payments.gatewayPaymentId, String(created.id)))).map((payment) => payment.status);
      await expect.poll(recorded, { timeout: 5_000 }).toEqual(['approved']);
    } finally {
      stopWebhookWorker();
    }
  });

  it('rejects a notification about another Mercado Pago account’s payment and changes nothing', async () => {
    const mine = await connectMercadoPago({ webhookSecret: false });
    const theirs = await control<SimMercadoPagoAccount>('mercadopago/accounts', { country: 'BR' });
    const foreign = await control<{ id: number }>('mercadopago/payments', { userId: theirs.userId, status: 'approved', transaction_amount: 10 });
    // The other account's payment announced on my URL (unverified, as my account has no secret): not mine.
    await control(`mercadopago/accounts/${theirs.userId}/webhook`, { url: mine.connection.webhookUrl });
    await control(`mercadopago/payments/${foreign.id}/status`, { status: 'refunded', notify: true });
    await settle();
    const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.resourceId, String(foreign.id)));
    expect(event?.status).toBe('rejected');
    expect(event?.result).toMatch(/Rejected/);
    expect(await db().select().from(payments).where(eq(payments.gatewayPaymentId, String(foreign.id)))).toEqual([]);
  });

  it('records a Mercado Pago subscription with a failed and an approved charge', async () => {
    const { account } = await connectMercadoPago();
    const preapproval = await control<{ id: string }>('mercadopago/preapprovals', {
      userId: account.userId,
      status: 'authorized',
      external_reference: 'sub-1',
      auto_recurring: { frequency: 1, frequency_type: 'months', transaction_amount: 49.9, currency_id: 'BRL' },
      notify: true,
    });
    const failed = await control<{ id: number }>(`mercadopago/preapprovals/${preapproval.id}/charges`, {
      payment_status: 'rejected',
      payment_type_id: 'credit_card',
      notify: true,
    });
    // Each notification is processed when it arrives; the fetch then shows that attempt.
    await settle();
    await control(`mercadopago/preapprovals/${preapproval.id}/charges`, {
      payment_status: 'approved',
      authorized_payment_id: failed.id,
      retry_attempt: 2,
      notify: true,
    });
    await settle();
    const [subscription] = await db().select().from(subscriptions).where(eq(subscriptions.gatewaySubscriptionId, preapproval.id));
    expect(subscription).toMatchObject({ status: 'authorized', amountMinor: 4990, intervalUnit: 'months', intervalCount: 1, reference: 'sub-1' });
    const charges = await db()
      .select({ attempt: subscriptionCharges.attempt, status: subscriptionCharges.status })
      .from(subscriptionCharges)
      .where(eq(subscriptionCharges.subscriptionId, subscription?.id ?? ''))
      .orderBy(asc(subscriptionCharges.attempt));
    expect(charges).toEqual([
      { attempt: 1, status: 'rejected' },
      { attempt: 2, status: 'approved' },
    ]);
  });

  it('records Secure and Pay payments from signed notifications, checked against the status lookup', async () => {
    const { site } = await connectSecureAndPay();
    const customer = { email: 'ana@example.com', first_name: 'Ana', last_name: 'Lima' };
    const paid = await control<{ id: string }>('secureandpay/payments', { siteId: site.siteId, status: 'succeeded', amount: 1999, currency: 'EUR', reference: 'order-2', customer, notify: true });
    await settle();
    await control(`secureandpay/payments/${paid.id}/refund`, { notify: true });
    await settle();
    const [payment] = await db()
      .select()
      .from(payments)
      .where(and(eq(payments.gateway, 'secureandpay'), eq(payments.gatewayPaymentId, paid.id)));
    expect(payment).toMatchObject({ status: 'refunded', amountMinor: 1999, currency: 'EUR', payerEmail: 'ana@example.com', payerName: 'Ana Lima' });
  });
});
