// Reconciliation (issue 12): no order stays pending because a notification was lost. Payments and subscriptions are
// made in the simulator WITHOUT their notification (`notify: false`, or dropped: `drop: true`, the drop switch); the
// scheduler's `reconcile-orders` job, run at chosen times, or Check now, asks the gateway (GW-MP19 searches, Secure
// and Pay's status lookups) and records what it says exactly as the notification would have, with the source in the
// history and one `notification_missed` alert per record. Mismatches record nothing and alert instead; a gateway
// that cannot be reached keeps the order on the schedule. Runs on PGlite and, with DATABASE_URL, PostgreSQL.
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, expect, it, vi } from 'vitest';
import { getPaymentPage } from '@/db/queries/checkout';
import { createPrice } from '@/db/queries/prices';
import { alerts, emailOutbox, orders, payments, statusHistory, subscriptionCharges, subscriptions, webhookEvents, type Payment } from '@/db/schema';
import type { PayData } from '@/lib/checkout/schema';
import { startCheckout } from '@/lib/checkout/start-checkout';
import { setEmailSender } from '@/lib/email/transport';
import type { PriceData } from '@/lib/prices/schema';
import { checkOrderNow, checkPaymentNow, listOrdersAwaitingPayment } from '@/lib/reconciliation/reconcile';
import { checkResultState } from '@/lib/reconciliation/result-state';
import { nextCheck, RECONCILIATION_SCHEDULE_MS } from '@/lib/reconciliation/schedule';
import { runJob } from '@/lib/scheduler/jobs';
import { describeEachDatabase } from './support/databases';
import { withSimulatedGateways } from './support/simulated-gateways';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const { simulator, control, settle, connectMercadoPago, connectSecureAndPay, connectMockPay } = withSimulatedGateways();

// No SMTP: every email is kept in the outbox, as in the embedded default.
beforeEach(() => setEmailSender(null));
afterAll(() => setEmailSender(undefined));
/** fetch spies of the current test (only these are restored: the harness keeps its own spies on stdout). */
const spies: Array<{ mockRestore(): void }> = [];
afterEach(async () => {
  for (const spy of spies.splice(0)) spy.mockRestore();
  await control('mercadopago/outage', { down: false });
  await control('secureandpay/outage', { down: false });
});

const oneTimeBrl: PriceData = { name: 'Curso de aquarela', gateway: 'mercadopago', currency: 'BRL', amountMinor: 4990, kind: 'one_time', intervalUnit: null, intervalCount: null };
const monthlyBrl: PriceData = { name: 'Clube do livro', gateway: 'mercadopago', currency: 'BRL', amountMinor: 2990, kind: 'subscription', intervalUnit: 'months', intervalCount: 1 };
const oneTimeUsd: PriceData = { name: 'Watercolour basics', gateway: 'secureandpay', currency: 'USD', amountMinor: 2900, kind: 'one_time', intervalUnit: null, intervalCount: null };
const monthlyUsd: PriceData = { name: 'Membership', gateway: 'secureandpay', currency: 'USD', amountMinor: 1500, kind: 'subscription', intervalUnit: 'days', intervalCount: 30 };
const oneTimeJpy: PriceData = { name: 'Matcha workshop', gateway: 'mockpay', currency: 'JPY', amountMinor: 1500, kind: 'one_time', intervalUnit: null, intervalCount: null };

const customer = (): PayData => ({
  submissionKey: randomBytes(18).toString('base64url'),
  email: 'cliente@example.com',
  firstName: 'João',
  lastName: 'Silva',
  taxId: { type: 'CPF', number: '52998224725' },
});

const payer = { email: 'cliente@example.com', first_name: 'João', last_name: 'Silva' };

/** Runs the job at `now` until it claims nothing more (other tests' orders may be due at the same time). */
async function reconcileAt(now: Date) {
  const totals = { claimed: 0, checked: 0 };
  for (let tick = 0; tick < 50; tick++) {
    const run = await runJob('reconcile-orders', { now });
    const claimed = run.result?.claimed ?? 0;
    totals.claimed += claimed;
    totals.checked += run.result?.checked ?? 0;
    if (claimed === 0) return totals;
  }
  throw new Error('the job kept claiming orders');
}

/** Mercado Pago's search answers, changed on their way to the app (what the simulator cannot be asked to send). */
function rewriteSearchResults(change: (payment: Record<string, unknown>) => void) {
  const original = globalThis.fetch;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await original(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes('/v1/payments/search')) return response;
    const body = (await response.json()) as { results: Array<Record<string, unknown>> };
    body.results.forEach(change);
    return new Response(JSON.stringify(body), { status: response.status, headers: { 'content-type': 'application/json' } });
  });
  spies.push(spy);
  return spy;
}

/** Counts the app's Mercado Pago searches for one order. */
function countSearches(orderId: string) {
  const original = globalThis.fetch;
  const calls: string[] = [];
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes('/search?') && url.includes(orderId)) calls.push(url);
    return original(input, init);
  });
  spies.push(spy);
  return calls;
}

/** A payment row's fields, without what necessarily differs between two writes of it (our id, our timestamps). */
function comparable(row: Payment) {
  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = row;
  return rest;
}

describeEachDatabase('reconciliation', (current) => {
  const db = () => current().db;

  async function checkoutOrder(merchantId: string, data: PriceData) {
    const created = await createPrice(merchantId, data);
    if (!created.ok) throw new Error(created.error);
    const page = await getPaymentPage(created.price.slug);
    if (!page) throw new Error('no payment page');
    const result = await startCheckout(page, customer(), 'en');
    if (!result.ok) throw new Error(result.error);
    const order = await orderRow(result.orderId);
    return { order, start: order.reconcileAt ? new Date(order.reconcileAt.getTime() - 15 * MINUTE) : null };
  }

  async function orderRow(id: string) {
    const [row] = await db().select().from(orders).where(eq(orders.id, id));
    if (!row) throw new Error(`no order ${id}`);
    return row;
  }

  const paymentsOf = (accountId: string) => db().select().from(payments).where(eq(payments.accountId, accountId));
  const alertsOf = (merchantId: string) => db().select().from(alerts).where(eq(alerts.merchantId, merchantId)).orderBy(asc(alerts.createdAt));
  const historyOf = (entityId: string) =>
    db()
      .select({ from: statusHistory.fromStatus, to: statusHistory.toStatus, source: statusHistory.source, eventId: statusHistory.webhookEventId })
      .from(statusHistory)
      .where(eq(statusHistory.entityId, entityId))
      .orderBy(asc(statusHistory.at));
  const at = (start: Date | null, offsetMs: number) => {
    if (!start) throw new Error('the order has no schedule');
    return new Date(start.getTime() + offsetMs);
  };

  it('the schedule: the first check 15 minutes after the checkout, the next after 1 h, 6 h, 1 day, then daily until 7 days (pure)', () => {
    expect(RECONCILIATION_SCHEDULE_MS).toEqual([15 * MINUTE, HOUR, 6 * HOUR, DAY, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY, 6 * DAY, 7 * DAY]);
    const start = Date.UTC(2026, 0, 5, 12);
    expect(nextCheck({ reconcileAt: new Date(start + 15 * MINUTE), round: 0 }, new Date(start + 15 * MINUTE))).toEqual({ reconcileAt: new Date(start + HOUR), round: 1 });
    // A scheduler down for two days does not run the missed rounds back to back: it goes on with the next one ahead.
    expect(nextCheck({ reconcileAt: new Date(start + HOUR), round: 1 }, new Date(start + 2 * DAY + HOUR))).toEqual({ reconcileAt: new Date(start + 3 * DAY), round: 5 });
    expect(nextCheck({ reconcileAt: new Date(start + 7 * DAY), round: 9 }, new Date(start + 7 * DAY))).toBeNull();
  });

  it('Mercado Pago: a payment made without its notification is found at the 15-minute round, its approval at the 1-hour round; one alert', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    const { order, start } = await checkoutOrder(merchantId, oneTimeBrl);
    expect(order).toMatchObject({ status: 'checkout_created', reconcileRound: 0, lastReconciledAt: null });
    // 15 minutes after the checkout was created (the test's clock and the checkout's differ by milliseconds only).
    expect(Math.abs((order.reconcileAt?.getTime() ?? 0) - order.updatedAt.getTime() - 15 * MINUTE)).toBeLessThan(5_000);

    const made = await control<{ id: number }>('mercadopago/payments', {
      userId: account.userId,
      status: 'pending',
      transaction_amount: 49.9,
      payment_type_id: 'bank_transfer',
      external_reference: order.id,
      payer,
      notify: false,
    });
    await settle();
    expect(await paymentsOf(connection.id)).toEqual([]);

    // Before its time the order is not asked about.
    await reconcileAt(at(start, 14 * MINUTE));
    expect(await paymentsOf(connection.id)).toEqual([]);
    expect((await orderRow(order.id)).lastReconciledAt).toBeNull();

    const firstRound = at(start, 15 * MINUTE);
    await reconcileAt(firstRound);
    const [found] = await paymentsOf(connection.id);
    expect(found).toMatchObject({ gatewayPaymentId: String(made.id), status: 'pending', orderId: order.id, reference: order.id, amountMinor: 4990, currency: 'BRL', payerEmail: 'cliente@example.com' });
    expect(await historyOf(found?.id ?? '')).toEqual([{ from: null, to: 'pending', source: 'reconciliation', eventId: null }]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'checkout_created', reconcileAt: at(start, HOUR), reconcileRound: 1, lastReconciledAt: firstRound });
    const missed = await alertsOf(merchantId);
    expect(missed.map((alert) => [alert.kind, alert.params, alert.href])).toEqual([
      ['notification_missed', { gateway: 'Mercado Pago', kind: 'payment', resourceId: String(made.id), status: 'pending' }, `/payments/${found?.id}`],
    ]);

    // Paid meanwhile, and again nobody told us.
    await control(`mercadopago/payments/${made.id}/status`, { status: 'approved', notify: false });
    await reconcileAt(at(start, HOUR));
    const [paid] = await paymentsOf(connection.id);
    expect(paid?.status).toBe('approved');
    expect((await historyOf(paid?.id ?? '')).map((entry) => [entry.from, entry.to, entry.source])).toEqual([
      [null, 'pending', 'reconciliation'],
      ['pending', 'approved', 'reconciliation'],
    ]);
    // A paid order leaves the schedule; later rounds do not ask again.
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', reconcileAt: null });
    await reconcileAt(at(start, DAY));
    expect((await orderRow(order.id)).lastReconciledAt).toEqual(at(start, HOUR));
    // One alert per resource, and its one email to the merchant.
    expect((await alertsOf(merchantId)).map((alert) => alert.kind)).toEqual(['notification_missed']);
    const emails = await db().select().from(emailOutbox).where(eq(emailOutbox.merchantId, merchantId));
    expect(emails.map((email) => [email.audience, email.subject])).toEqual([['merchant', 'A Mercado Pago notification did not arrive']]);
  });

  it('Mercado Pago: the reconciled row is exactly what the lost notification, delivered later, records', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    const { order, start } = await checkoutOrder(merchantId, oneTimeBrl);
    const made = await control<{ id: number }>('mercadopago/payments', {
      userId: account.userId,
      status: 'approved',
      transaction_amount: 49.9,
      payment_type_id: 'credit_card',
      external_reference: order.id,
      payer,
      drop: true,
    });
    await reconcileAt(at(start, 15 * MINUTE));
    const [reconciled] = await paymentsOf(connection.id);
    if (!reconciled) throw new Error('not reconciled');
    expect(await historyOf(reconciled.id)).toEqual([{ from: null, to: 'approved', source: 'reconciliation', eventId: null }]);

    // Forget it, then let the dropped notification through: the notification's processor writes the same row.
    await db().delete(statusHistory).where(eq(statusHistory.entityId, reconciled.id));
    await db().delete(payments).where(eq(payments.id, reconciled.id));
    const { deliveries } = await (await fetch(`${simulator().url}/_sim/mercadopago/deliveries?userId=${account.userId}`)).json() as { deliveries: Array<{ notificationId: string; resourceId: string; dropped: boolean }> };
    const dropped = deliveries.find((delivery) => delivery.dropped && delivery.resourceId === String(made.id));
    if (!dropped) throw new Error('no dropped notification');
    const redelivered = await fetch(`${simulator().url}/_sim/mercadopago/notifications/${dropped.notificationId}/redeliver`, { method: 'POST' });
    expect(redelivered.status).toBe(202);
    await settle();
    const [notified] = await paymentsOf(connection.id);
    if (!notified) throw new Error('not notified');
    expect(comparable(notified)).toEqual(comparable(reconciled));
    expect((await historyOf(notified.id)).map((entry) => [entry.to, entry.source])).toEqual([['approved', 'notification']]);
  });

  it('a notification that arrived and waits in the inbox is not a missed one: recorded, no alert', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    const { order, start } = await checkoutOrder(merchantId, oneTimeBrl);
    const made = await control<{ id: number }>('mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 49.9, external_reference: order.id, notify: false });
    // Stored, waiting for a retry far ahead (say the worker failed on it): it did arrive.
    await db().insert(webhookEvents).values({
      accountId: connection.id,
      gateway: 'mercadopago',
      channel: 'webhook',
      verification: 'verified',
      dedupeKey: `webhook:test-${made.id}`,
      resourceId: String(made.id),
      type: 'payment',
      rawBody: '{}',
      nextAttemptAt: at(start, 30 * DAY),
    });
    await reconcileAt(at(start, 15 * MINUTE));
    expect((await paymentsOf(connection.id)).map((payment) => payment.status)).toEqual(['approved']);
    expect(await alertsOf(merchantId)).toEqual([]);
  });

  it('the schedule runs its rounds and stops 7 days after the checkout; a round is claimed by one instance only', async () => {
    const { merchantId } = await connectMercadoPago();
    const { order, start } = await checkoutOrder(merchantId, oneTimeBrl);
    const searches = countSearches(order.id);
    const offsets = RECONCILIATION_SCHEDULE_MS;
    for (const [round, offset] of offsets.entries()) {
      const before = searches.length;
      // A second before its time: not asked.
      await reconcileAt(at(start, offset - 1_000));
      expect(searches.length).toBe(before);
      // At its time, by two scheduler instances at once: asked once.
      await Promise.all([runJob('reconcile-orders', { now: at(start, offset) }), runJob('reconcile-orders', { now: at(start, offset) })]);
      await reconcileAt(at(start, offset));
      expect(searches.length).toBe(before + 1);
      const next = offsets[round + 1];
      expect(await orderRow(order.id)).toMatchObject({
        status: 'checkout_created',
        lastReconciledAt: at(start, offset),
        reconcileAt: next === undefined ? null : at(start, next),
      });
    }
    await reconcileAt(at(start, 30 * DAY));
    expect(searches).toHaveLength(offsets.length);
    expect((await alertsOf(merchantId)).map((alert) => alert.kind)).toEqual([]);
    // Still awaiting payment for the merchant, with Check now.
    const awaiting = await listOrdersAwaitingPayment(merchantId, new Date());
    expect(awaiting.rows.map((row) => [row.id, row.checkable])).toEqual([[order.id, true]]);
  });

  it('Mercado Pago: a subscription order is found through the preapproval search', async () => {
    const { merchantId, connection } = await connectMercadoPago();
    const { order, start } = await checkoutOrder(merchantId, monthlyBrl);
    // The checkout's own preapproval (pending) was notified and recorded; its authorization is not notified.
    await settle();
    const [pending] = await db().select().from(subscriptions).where(eq(subscriptions.accountId, connection.id));
    expect(pending).toMatchObject({ gatewaySubscriptionId: order.checkoutId, status: 'pending', orderId: order.id });
    await control(`mercadopago/preapprovals/${order.checkoutId}/status`, { status: 'authorized', notify: false });

    await reconcileAt(at(start, 15 * MINUTE));
    const [authorized] = await db().select().from(subscriptions).where(eq(subscriptions.accountId, connection.id));
    expect(authorized).toMatchObject({ status: 'authorized', amountMinor: 2990, currency: 'BRL', intervalUnit: 'months', intervalCount: 1 });
    expect((await historyOf(authorized?.id ?? '')).map((entry) => [entry.from, entry.to, entry.source])).toEqual([
      [null, 'pending', 'notification'],
      ['pending', 'authorized', 'reconciliation'],
    ]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', reconcileAt: null });
    expect((await alertsOf(merchantId)).map((alert) => [alert.kind, alert.params.kind, alert.params.status, alert.href])).toEqual([
      ['notification_missed', 'subscription', 'authorized', `/subscriptions/${authorized?.id}`],
    ]);
  });

  it('Mercado Pago: a subscription the customer has not authorized is nothing yet: no record, no alert', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    await control(`mercadopago/accounts/${account.userId}/delivery-options`, { drop: true });
    const { order, start } = await checkoutOrder(merchantId, monthlyBrl);
    await reconcileAt(at(start, 15 * MINUTE));
    expect(await db().select().from(subscriptions).where(eq(subscriptions.accountId, connection.id))).toEqual([]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'checkout_created', reconcileAt: at(start, HOUR), reconcileRound: 1 });
    expect(await alertsOf(merchantId)).toEqual([]);
  });

  it('Check now on a pending payment records what Mercado Pago says, once', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    const made = await control<{ id: number }>('mercadopago/payments', { userId: account.userId, status: 'in_process', transaction_amount: 120, payer });
    await settle();
    const [known] = await paymentsOf(connection.id);
    if (!known) throw new Error('not notified');
    expect(known.status).toBe('in_process');
    await control(`mercadopago/payments/${made.id}/status`, { status: 'approved', notify: false });

    const result = await checkPaymentNow(merchantId, known.id, new Date());
    expect(checkResultState(result)).toEqual({
      status: 'success',
      message: 'reconciliation.result.recorded',
      messageValues: { gateway: 'Mercado Pago', kind: 'payment', resourceId: String(made.id), status: 'approved' },
    });
    expect((await historyOf(known.id)).map((entry) => [entry.from, entry.to, entry.source])).toEqual([
      [null, 'in_process', 'notification'],
      ['in_process', 'approved', 'check_now'],
    ]);
    expect((await alertsOf(merchantId)).map((alert) => alert.kind)).toEqual(['notification_missed']);
    // Now final: nothing to check, and the gateway is not asked.
    expect(checkResultState(await checkPaymentNow(merchantId, known.id, new Date())).message).toBe('reconciliation.result.final');
    // Another merchant's payment is not found.
    const other = await connectMercadoPago();
    expect(await checkPaymentNow(other.merchantId, known.id, new Date())).toEqual({ outcome: 'missing' });
  });

  it('Check now on an order: nothing yet keeps the schedule; a payment found is recorded and the order leaves the list', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    const { order } = await checkoutOrder(merchantId, oneTimeBrl);
    const checkedAt = new Date();
    expect(checkResultState(await checkOrderNow(merchantId, order.id, checkedAt))).toMatchObject({ status: 'success', message: 'reconciliation.result.nothingYet' });
    expect(await orderRow(order.id)).toMatchObject({ reconcileAt: order.reconcileAt, reconcileRound: 0, lastReconciledAt: checkedAt });
    expect((await listOrdersAwaitingPayment(merchantId, new Date())).rows.map((row) => row.id)).toEqual([order.id]);

    await control('mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 49.9, external_reference: order.id, payer, notify: false });
    const state = checkResultState(await checkOrderNow(merchantId, order.id, new Date()));
    expect(state).toMatchObject({ status: 'success', message: 'reconciliation.result.recorded', messageValues: { status: 'approved', kind: 'payment' } });
    const [paid] = await paymentsOf(connection.id);
    expect((await historyOf(paid?.id ?? '')).map((entry) => [entry.to, entry.source])).toEqual([['approved', 'check_now']]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', reconcileAt: null });
    expect((await listOrdersAwaitingPayment(merchantId, new Date())).rows).toEqual([]);
    expect(await checkOrderNow(merchantId, order.id, new Date())).toEqual({ outcome: 'missing' });
  });

  it('mismatch: a payment for another amount records nothing and alerts once; the order stays on the schedule', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    const { order, start } = await checkoutOrder(merchantId, oneTimeBrl);
    const made = await control<{ id: number }>('mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 10, external_reference: order.id, notify: false });
    await reconcileAt(at(start, 15 * MINUTE));
    await reconcileAt(at(start, HOUR));
    expect(await paymentsOf(connection.id)).toEqual([]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'checkout_created', reconcileAt: at(start, 6 * HOUR), reconcileRound: 2 });
    expect((await alertsOf(merchantId)).map((alert) => [alert.kind, alert.params])).toEqual([
      ['reconciliation_mismatch', { gateway: 'Mercado Pago', kind: 'payment', resourceId: String(made.id), problem: 'amount' }],
    ]);
    // Check now says so too.
    expect(checkResultState(await checkOrderNow(merchantId, order.id, new Date()))).toMatchObject({
      status: 'error',
      message: 'reconciliation.result.mismatch',
      messageValues: { problem: 'amount' },
    });
  });

  it('mismatch: a payment in another currency, and one whose collector is another account, record nothing', async () => {
    for (const [problem, change] of [
      ['currency', (payment: Record<string, unknown>) => (payment.currency_id = 'ARS')],
      ['account', (payment: Record<string, unknown>) => (payment.collector_id = 1234567)],
    ] as const) {
      const { merchantId, account, connection } = await connectMercadoPago();
      const { order, start } = await checkoutOrder(merchantId, oneTimeBrl);
      await control('mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 49.9, external_reference: order.id, notify: false });
      const spy = rewriteSearchResults(change);
      await reconcileAt(at(start, 15 * MINUTE));
      spy.mockRestore();
      expect(await paymentsOf(connection.id)).toEqual([]);
      expect((await orderRow(order.id)).status).toBe('checkout_created');
      expect((await alertsOf(merchantId)).map((alert) => [alert.kind, alert.params.problem])).toEqual([['reconciliation_mismatch', problem]]);
    }
  });

  it('Mercado Pago unreachable: nothing changes and the order stays scheduled; the next round finds the payment', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    const { order, start } = await checkoutOrder(merchantId, oneTimeBrl);
    await control('mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 49.9, external_reference: order.id, notify: false });
    await control('mercadopago/outage', { down: true });
    await reconcileAt(at(start, 15 * MINUTE));
    expect(await paymentsOf(connection.id)).toEqual([]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'checkout_created', reconcileAt: at(start, HOUR), reconcileRound: 1 });
    expect(checkResultState(await checkOrderNow(merchantId, order.id, new Date()))).toMatchObject({ status: 'error', message: 'reconciliation.result.unreachable' });
    expect(await alertsOf(merchantId)).toEqual([]);

    await control('mercadopago/outage', { down: false });
    await reconcileAt(at(start, HOUR));
    expect((await paymentsOf(connection.id)).map((payment) => payment.status)).toEqual(['approved']);
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', reconcileAt: null });
  }, 60_000);

  async function payOnHostedPage(checkoutId: string, outcome: 'approve' | 'decline') {
    const response = await fetch(`${simulator().url}/secureandpay/checkout/${checkoutId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ outcome }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
  }

  it('Secure and Pay: a hosted payment whose notification was dropped is found through the status lookup, as the notification records it', async () => {
    const { merchantId, site, connection } = await connectSecureAndPay();
    const { order, start } = await checkoutOrder(merchantId, oneTimeUsd);
    expect(order.checkoutId).toMatch(/^pay_/);
    // Not paid yet: nothing to record.
    await reconcileAt(at(start, 15 * MINUTE));
    expect(await paymentsOf(connection.id)).toEqual([]);
    expect(await orderRow(order.id)).toMatchObject({ reconcileAt: at(start, HOUR), reconcileRound: 1 });

    await control(`secureandpay/sites/${site.siteId}/delivery-options`, { drop: true });
    await payOnHostedPage(order.checkoutId ?? '', 'approve');
    await settle();
    await reconcileAt(at(start, HOUR));
    const [reconciled] = await paymentsOf(connection.id);
    if (!reconciled) throw new Error('not reconciled');
    expect(reconciled).toMatchObject({ gatewayPaymentId: order.checkoutId, status: 'approved', amountMinor: 2900, currency: 'USD', orderId: order.id });
    expect(await historyOf(reconciled.id)).toEqual([{ from: null, to: 'approved', source: 'reconciliation', eventId: null }]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', reconcileAt: null });
    expect((await alertsOf(merchantId)).map((alert) => [alert.kind, alert.params.gateway, alert.params.status])).toEqual([['notification_missed', 'Secure and Pay', 'approved']]);

    // The dropped notification, delivered now to a database that forgot the payment, writes the same row.
    await control(`secureandpay/sites/${site.siteId}/delivery-options`, { drop: false });
    await db().delete(statusHistory).where(eq(statusHistory.entityId, reconciled.id));
    await db().delete(payments).where(eq(payments.id, reconciled.id));
    const { deliveries } = await (await fetch(`${simulator().url}/_sim/secureandpay/deliveries?siteId=${site.siteId}`)).json() as { deliveries: Array<{ notificationId: string; dropped: boolean }> };
    const dropped = deliveries.find((delivery) => delivery.dropped);
    if (!dropped) throw new Error('no dropped notification');
    await fetch(`${simulator().url}/_sim/secureandpay/notifications/${dropped.notificationId}/redeliver`, { method: 'POST' });
    await settle();
    const [notified] = await paymentsOf(connection.id);
    if (!notified) throw new Error('not notified');
    expect(comparable(notified)).toEqual(comparable(reconciled));
  });

  it('Secure and Pay: a declined payment is recorded with its failure alert; the order stays on the schedule (a declined attempt does not settle it)', async () => {
    const { merchantId, site, connection } = await connectSecureAndPay();
    const { order, start } = await checkoutOrder(merchantId, oneTimeUsd);
    await control(`secureandpay/sites/${site.siteId}/delivery-options`, { drop: true });
    await payOnHostedPage(order.checkoutId ?? '', 'decline');
    await reconcileAt(at(start, 15 * MINUTE));
    expect((await paymentsOf(connection.id)).map((payment) => [payment.status, payment.statusDetail])).toEqual([['rejected', 'card_declined']]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'checkout_created', reconcileAt: at(start, HOUR) });
    expect((await alertsOf(merchantId)).map((alert) => alert.kind).sort()).toEqual(['notification_missed', 'payment_failed']);
    // The next round finds the same declined payment: nothing new, no second alert.
    await reconcileAt(at(start, HOUR));
    expect((await alertsOf(merchantId)).map((alert) => alert.kind).sort()).toEqual(['notification_missed', 'payment_failed']);
  });

  it('Secure and Pay: a subscription order is found with its first charge', async () => {
    const { merchantId, site, connection } = await connectSecureAndPay();
    await control(`secureandpay/sites/${site.siteId}/delivery-options`, { drop: true });
    const { order, start } = await checkoutOrder(merchantId, monthlyUsd);
    expect(order.checkoutId).toMatch(/^sub_/);
    await payOnHostedPage(order.checkoutId ?? '', 'approve');
    await reconcileAt(at(start, 15 * MINUTE));
    const [subscription] = await db().select().from(subscriptions).where(eq(subscriptions.accountId, connection.id));
    expect(subscription).toMatchObject({ gatewaySubscriptionId: order.checkoutId, status: 'authorized', orderId: order.id, intervalUnit: 'days', intervalCount: 30 });
    const [charge] = await paymentsOf(connection.id);
    expect(charge).toMatchObject({ status: 'approved', subscriptionId: subscription?.id, amountMinor: 1500 });
    const attempts = await db().select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscription?.id ?? ''));
    expect(attempts.map((attempt) => [attempt.gatewayChargeId, attempt.status])).toEqual([[charge?.gatewayPaymentId, 'approved']]);
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', reconcileAt: null });
    expect((await alertsOf(merchantId)).map((alert) => alert.params.kind).sort()).toEqual(['payment', 'subscription']);
  });

  it('Secure and Pay unreachable keeps the order scheduled', async () => {
    const { merchantId, site } = await connectSecureAndPay();
    const { order, start } = await checkoutOrder(merchantId, oneTimeUsd);
    await control(`secureandpay/sites/${site.siteId}/delivery-options`, { drop: true });
    await payOnHostedPage(order.checkoutId ?? '', 'approve');
    await control('secureandpay/outage', { down: true });
    await reconcileAt(at(start, 15 * MINUTE));
    expect(await orderRow(order.id)).toMatchObject({ status: 'checkout_created', reconcileAt: at(start, HOUR) });
    await control('secureandpay/outage', { down: false });
    await reconcileAt(at(start, HOUR));
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', reconcileAt: null });
  });

  it('Mock Pay cannot be asked about an order: its orders get no schedule, and the list says so', async () => {
    const { merchantId } = await connectMockPay();
    const { order, start } = await checkoutOrder(merchantId, oneTimeJpy);
    expect(start).toBeNull();
    expect(order).toMatchObject({ status: 'checkout_created', reconcileAt: null });
    expect((await listOrdersAwaitingPayment(merchantId, new Date())).rows.map((row) => [row.id, row.checkable])).toEqual([[order.id, false]]);
    expect(checkResultState(await checkOrderNow(merchantId, order.id, new Date()))).toMatchObject({ status: 'error', message: 'reconciliation.result.unsupported' });
    // Its rows and the history table are untouched.
    expect(await db().select().from(statusHistory).where(and(eq(statusHistory.source, 'check_now'), eq(statusHistory.entityId, order.id)))).toEqual([]);
  });
});
