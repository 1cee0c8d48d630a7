// Mock Pay, the test-only third gateway, proves the gateway contract (lib/gateways/adapter-types.ts,
// lib/gateways/catalog-types.ts): everything below goes through the shared code only — the adapter's connect step,
// the webhook route, the inbox and the worker, the price schema and rules, checkout and the return check — and
// never calls into lib/gateways/mockpay/ directly. The simulator plays Mock Pay (docs/mockpay-api.md).
// Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { expect, it, vi } from 'vitest';
import { reloadEnv } from '@/core/env';
import { getPaymentPage } from '@/db/queries/checkout';
import { getReturnedOrder } from '@/db/queries/orders';
import { createPrice } from '@/db/queries/prices';
import { gatewayAccounts, orders, payments, statusHistory, webhookEvents, webhookRejections } from '@/db/schema';
import { confirmedOutcome } from '@/lib/checkout/return-status';
import type { PayData } from '@/lib/checkout/schema';
import { startCheckout } from '@/lib/checkout/start-checkout';
import { findGateway, listGateways } from '@/lib/gateways/adapters';
import { getConnection, readActiveSecret } from '@/lib/gateways/connections';
import { priceSchema, type PriceFormInput } from '@/lib/prices/schema';
import { getPriceRules } from '@/lib/prices/rules';
import type { FormState } from '@/lib/form-state';
import { describeEachDatabase } from './support/databases';
import { newMerchantId, withSimulatedGateways, type SimMockPayAccount } from './support/simulated-gateways';

const { simulator, control, settle, connectMockPay } = withSimulatedGateways();

/** The Connect popup's server action, minus the session: the adapter's connect schema, then its save. */
async function connectThroughContract(merchantId: string, form: Record<string, string>): Promise<FormState> {
  const adapter = findGateway('mockpay');
  if (!adapter) throw new Error('Mock Pay is not offered');
  return adapter.connect.withMode('connect', async ({ schema, save }) => {
    const parsed = schema.safeParse(form);
    if (!parsed.success) return { status: 'error', fieldErrors: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), [issue.message]])) };
    return save(merchantId, parsed.data);
  });
}

/** docs/mockpay-api.md "Notifications": HMAC-SHA256 under the API key over the raw body, computed here on its own. */
const signature = (apiKey: string, body: string) => `v1=${createHmac('sha256', apiKey).update(body, 'utf8').digest('hex')}`;

function notificationBody(accountId: string, paymentId: string) {
  return JSON.stringify({
    id: `evt_${randomBytes(8).toString('hex')}`,
    type: 'payment.updated',
    account_id: accountId,
    created: new Date().toISOString(),
    payment: { id: paymentId, status: 'paid', amount: 1500, currency: 'JPY', reference: 'forged' },
  });
}

const postNotification = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const priceForm = (overrides: Partial<PriceFormInput> = {}): PriceFormInput => ({
  name: 'Matcha workshop',
  gateway: 'mockpay',
  currency: 'JPY',
  amount: '1500',
  kind: 'one_time',
  interval: '',
  intervalCount: '',
  intervalUnit: '',
  ...overrides,
});

const customer = (): PayData => ({
  submissionKey: randomBytes(18).toString('base64url'),
  email: 'hana@example.com',
  firstName: 'Hana',
  lastName: 'Sato',
  taxId: null,
});

describeEachDatabase('Mock Pay through the gateway contract', (current) => {
  const db = () => current().db;

  it('(a) connecting checks the API key with Mock Pay: a refused key saves nothing, a good one connects in test mode', async () => {
    const merchantId = await newMerchantId();
    const account = await control<SimMockPayAccount>('mockpay/accounts', {});

    // Not a Mock Pay key at all: the form's schema refuses it before any call.
    expect(await connectThroughContract(merchantId, { apiKey: 'sk_live_123' })).toMatchObject({ status: 'error', fieldErrors: { apiKey: ['mockApiKeyFormat'] } });
    // Well-formed, but Mock Pay answers 401 to it.
    const refused = await connectThroughContract(merchantId, { apiKey: `mk_${randomBytes(16).toString('hex')}` });
    expect(refused).toEqual({ status: 'error', message: 'errors.mockKeyRejected', fieldErrors: { apiKey: ['mockKeyRejected'] } });
    expect(await getConnection(merchantId, 'mockpay')).toBeUndefined();
    expect(await db().select().from(gatewayAccounts).where(eq(gatewayAccounts.merchantId, merchantId))).toEqual([]);

    // Mock Pay unreachable: its own message, still nothing saved.
    await control('mockpay/outage', { down: true });
    try {
      expect(await connectThroughContract(merchantId, { apiKey: account.apiKey })).toEqual({ status: 'error', message: 'errors.mockUnreachable' });
    } finally {
      await control('mockpay/outage', { down: false });
    }
    expect(await getConnection(merchantId, 'mockpay')).toBeUndefined();

    expect(await connectThroughContract(merchantId, { apiKey: account.apiKey })).toEqual({ status: 'success', message: 'connect.saved' });
    const connection = await getConnection(merchantId, 'mockpay');
    expect(connection).toMatchObject({
      gateway: 'mockpay',
      status: 'connected',
      mode: 'test',
      externalAccountId: account.id,
      secretMasks: { apiKey: account.apiKey.slice(-4) },
    });
    expect(connection?.webhookUrl).toMatch(/\/api\/webhooks\/mockpay\/[A-Za-z0-9_-]{24}$/);
    expect(await readActiveSecret(merchantId, 'mockpay', 'apiKey')).toBe(account.apiKey);
    // The key is stored sealed: it is in no table as plain text.
    for (const table of ['gateway_accounts', 'gateway_secrets', 'gateway_audit_log']) {
      expect(JSON.stringify(await db().execute(sql.raw(`select * from ${table}`)))).not.toContain(account.apiKey.slice(3));
    }
  });

  it('(b) a signed notification goes route → inbox → worker → processor → a JPY payment row, approved', async () => {
    const { account, connection } = await connectMockPay();
    const created = await control<{ id: string }>('mockpay/payments', { accountId: account.id, status: 'paid', amount: 1500, reference: 'order-mp-1', email: 'hana@example.com', notify: true });
    await settle();

    const deliveries = simulator().gateways.mockpay.deliveries.deliveries(account.id);
    expect(deliveries.map((delivery) => [delivery.url, delivery.status])).toEqual([[connection.webhookUrl, 200]]);
    const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.resourceId, created.id));
    expect(event).toMatchObject({ gateway: 'mockpay', type: 'payment.updated', verification: 'verified', status: 'processed', accountId: connection.id });
    const rows = await db().select().from(payments).where(eq(payments.gatewayPaymentId, created.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      gateway: 'mockpay',
      accountId: connection.id,
      currency: 'JPY',
      amountMinor: 1500,
      status: 'approved',
      reference: 'order-mp-1',
      payerEmail: 'hana@example.com',
      approvedAt: expect.any(Date),
    });
    const history = await db().select().from(statusHistory).where(eq(statusHistory.entityId, rows[0]?.id ?? ''));
    expect(history.map((entry) => [entry.fromStatus, entry.toStatus, entry.webhookEventId])).toEqual([[null, 'approved', event?.id]]);

    // The same event again (a gateway retry) is a duplicate: one row, one history entry.
    const [notificationId] = simulator().gateways.mockpay.deliveries.notificationIds(account.id);
    await control(`mockpay/notifications/${notificationId}/redeliver`, {});
    await settle();
    expect(simulator().gateways.mockpay.deliveries.deliveries(account.id).map((delivery) => delivery.status)).toEqual([200, 200]);
    expect(await db().select().from(webhookEvents).where(eq(webhookEvents.resourceId, created.id))).toHaveLength(1);
    expect(await db().select().from(payments).where(eq(payments.gatewayPaymentId, created.id))).toHaveLength(1);
  });

  it('(b) an unsigned or wrongly signed notification is 401 and stores nothing', async () => {
    const { account, connection } = await connectMockPay();
    const other = await control<SimMockPayAccount>('mockpay/accounts', {});
    const paid = await control<{ id: string }>('mockpay/payments', { accountId: account.id, status: 'paid', amount: 1500, notify: false });
    const body = notificationBody(account.id, paid.id);

    const attempts: Array<[string, Record<string, string>]> = [
      ['unsigned', {}],
      ['signed with another account’s key', { 'x-mockpay-signature': signature(other.apiKey, body) }],
      ['signature of another body', { 'x-mockpay-signature': signature(account.apiKey, `${body} `) }],
      ['no v1 entry', { 'x-mockpay-signature': `v0=${signature(account.apiKey, body).slice(3)}` }],
    ];
    for (const [why, headers] of attempts) {
      const response = await postNotification(connection.webhookUrl, body, headers);
      expect(response.status, why).toBe(401);
      expect(await response.json(), why).toEqual({ error: 'unauthorized' });
    }
    await settle();
    expect(await db().select().from(webhookEvents).where(eq(webhookEvents.accountId, connection.id))).toEqual([]);
    expect(await db().select().from(payments).where(eq(payments.accountId, connection.id))).toEqual([]);
    const rejections = await db()
      .select({ reason: webhookRejections.reason, count: webhookRejections.count })
      .from(webhookRejections)
      .where(eq(webhookRejections.accountId, connection.id));
    expect(Object.fromEntries(rejections.map((row) => [row.reason, row.count]))).toEqual({ missing_signature: 1, bad_signature: 2, malformed_signature: 1 });

    // The very same bytes, signed with the account's key, get in: the 401s were about the signature alone.
    const accepted = await postNotification(connection.webhookUrl, body, { 'x-mockpay-signature': signature(account.apiKey, body) });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ status: 'received' });
    await settle();
    expect(await db().select({ status: payments.status, currency: payments.currency }).from(payments).where(eq(payments.accountId, connection.id))).toEqual([
      { status: 'approved', currency: 'JPY' },
    ]);
  });

  it('(c) a price in JPY: whole yen only, one-time only, JPY only', async () => {
    const { merchantId } = await connectMockPay();
    const rules = await getPriceRules(merchantId);
    expect(rules).toEqual({ mockpay: { currencies: [{ code: 'JPY', digits: 0 }], country: null } });
    const schema = priceSchema(rules);

    const ok = schema.safeParse(priceForm());
    expect(ok.success && ok.data).toEqual({ name: 'Matcha workshop', gateway: 'mockpay', currency: 'JPY', amountMinor: 1500, kind: 'one_time', intervalUnit: null, intervalCount: null, slug: null });

    const errorsOf = (form: PriceFormInput) => {
      const parsed = schema.safeParse(form);
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    };
    // JPY has no minor unit: a fraction of a yen is refused, not rounded (parseAmountMinor with 0 digits).
    expect(errorsOf(priceForm({ amount: '1500.5' }))).toEqual({ amount: 'priceAmountWhole' });
    expect(errorsOf(priceForm({ amount: '1500,00' }))).toEqual({ amount: 'priceAmountWhole' });
    expect(errorsOf(priceForm({ amount: '0' }))).toEqual({ amount: 'priceAmountPositive' });
    // Mock Pay takes one-time payments only, whatever interval is posted.
    expect(errorsOf(priceForm({ kind: 'subscription', interval: 'monthly' }))).toEqual({ kind: 'priceMockOneTime' });
    expect(errorsOf(priceForm({ kind: 'subscription', interval: 'custom', intervalCount: '7', intervalUnit: 'days' }))).toEqual({ kind: 'priceMockOneTime' });
    // And yen only.
    expect(errorsOf(priceForm({ currency: 'USD' }))).toEqual({ currency: 'priceMockCurrency' });
    // A gateway the merchant has not connected is refused.
    expect(errorsOf(priceForm({ gateway: 'secureandpay', currency: 'EUR' }))).toEqual({ gateway: 'priceGatewayNotConnected' });

    if (!ok.success) throw new Error('the valid price did not parse');
    const created = await createPrice(merchantId, ok.data);
    expect(created).toMatchObject({ ok: true, price: { gateway: 'mockpay', currency: 'JPY', amountMinor: 1500, kind: 'one_time' } });
  });

  it('(d) checkout: the hosted page, Pay, back to our success URL, confirmed by Mock Pay, and the payment carries our order', async () => {
    const { merchantId, account, connection } = await connectMockPay();
    const parsed = priceSchema(await getPriceRules(merchantId)).parse(priceForm());
    const created = await createPrice(merchantId, parsed);
    if (!created.ok) throw new Error(created.error);
    const page = await getPaymentPage(created.price.slug);
    if (!page) throw new Error('no payment page');

    const result = await startCheckout(page, customer(), 'en');
    if (!result.ok) throw new Error(result.error);
    expect(result.checkoutUrl).toMatch(new RegExp(`^${simulator().url}/mockpay/pay/chk_[0-9a-f]{16}$`));
    const [order] = await db().select().from(orders).where(eq(orders.id, result.orderId));
    expect(order).toMatchObject({ status: 'checkout_created', amountMinor: 1500, currency: 'JPY', customerEmail: 'hana@example.com', taxIdType: null, checkoutUrl: result.checkoutUrl });

    const hosted = await fetch(result.checkoutUrl);
    expect(hosted.status).toBe(200);
    const html = await hosted.text();
    expect(html).toContain('¥1,500');
    expect(html).toContain(result.orderId);
    expect(html).toContain('<button type="submit" name="outcome" value="pay">Pay</button>');

    const paid = await fetch(result.checkoutUrl, { method: 'POST', body: new URLSearchParams({ outcome: 'pay' }), redirect: 'manual' });
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get('location') ?? '');
    const appOrigin = new URL(connection.webhookUrl).origin;
    expect(back.origin).toBe(appOrigin);
    expect(back.pathname).toBe(`/pay/${page.price.slug}/success`);
    expect(back.searchParams.get('order')).toBe(result.orderId);
    const paymentId = back.searchParams.get('payment_id') ?? '';
    expect(paymentId).toMatch(/^pay_[0-9a-f]{16}$/);

    const returned = await getReturnedOrder(page.price.id, back.searchParams.get('order') ?? '');
    if (!returned) throw new Error('order not found from the return URL');
    expect(await confirmedOutcome(page, returned, back.searchParams)).toBe('success');
    // No payment id, or an unknown one: Mock Pay cannot confirm anything.
    expect(await confirmedOutcome(page, returned, new URLSearchParams())).toBeNull();
    expect(await confirmedOutcome(page, returned, new URLSearchParams({ payment_id: 'pay_0000000000000000' }))).toBeNull();
    // The same payment id on another order's return proves nothing.
    const another = await startCheckout(page, customer(), 'en');
    const anotherOrder = another.ok ? await getReturnedOrder(page.price.id, another.orderId) : undefined;
    if (!anotherOrder) throw new Error('second order missing');
    expect(await confirmedOutcome(page, anotherOrder, new URLSearchParams({ payment_id: paymentId }))).toBeNull();

    // The notification went to the checkout's notification_url (our webhook URL), then through the queue.
    await settle();
    expect(simulator().gateways.mockpay.deliveries.deliveries(account.id).map((delivery) => [delivery.url, delivery.status])).toEqual([[connection.webhookUrl, 200]]);
    const [payment] = await db().select().from(payments).where(and(eq(payments.gateway, 'mockpay'), eq(payments.gatewayPaymentId, paymentId)));
    expect(payment).toMatchObject({ reference: result.orderId, orderId: result.orderId, status: 'approved', amountMinor: 1500, currency: 'JPY', payerEmail: 'hana@example.com' });
    const [settled] = await db().select({ status: orders.status }).from(orders).where(eq(orders.id, result.orderId));
    expect(settled?.status).toBe('paid');
  });

  it('(d) Decline on the hosted page returns to the same URL, and Mock Pay says failure; the payment is rejected', async () => {
    const { merchantId } = await connectMockPay();
    const created = await createPrice(merchantId, priceSchema(await getPriceRules(merchantId)).parse(priceForm({ amount: '800' })));
    if (!created.ok) throw new Error(created.error);
    const page = await getPaymentPage(created.price.slug);
    if (!page) throw new Error('no payment page');
    const result = await startCheckout(page, customer(), 'en');
    if (!result.ok) throw new Error(result.error);

    const declined = await fetch(result.checkoutUrl, { method: 'POST', body: new URLSearchParams({ outcome: 'decline' }), redirect: 'manual' });
    expect(declined.status).toBe(303);
    const back = new URL(declined.headers.get('location') ?? '');
    const returned = await getReturnedOrder(page.price.id, back.searchParams.get('order') ?? '');
    if (!returned) throw new Error('order not found from the return URL');
    expect(await confirmedOutcome(page, returned, back.searchParams)).toBe('failure');
    await settle();
    const [payment] = await db().select().from(payments).where(eq(payments.gatewayPaymentId, back.searchParams.get('payment_id') ?? ''));
    expect(payment).toMatchObject({ status: 'rejected', amountMinor: 800, currency: 'JPY', orderId: result.orderId });
  });

  it('(e) without ENABLE_TEST_GATEWAYS Mock Pay is not offered and its webhook URL answers 404', async () => {
    const { merchantId, account, connection } = await connectMockPay();
    const paid = await control<{ id: string }>('mockpay/payments', { accountId: account.id, status: 'paid', amount: 1500, notify: false });
    const body = notificationBody(account.id, paid.id);
    const signed = { 'x-mockpay-signature': signature(account.apiKey, body) };

    vi.stubEnv('ENABLE_TEST_GATEWAYS', '');
    reloadEnv();
    try {
      expect(findGateway('mockpay')).toBeUndefined();
      expect(listGateways().map((adapter) => adapter.catalog.id)).toEqual(['mercadopago', 'secureandpay']);
      expect(await getPriceRules(merchantId)).toEqual({});
      const response = await postNotification(connection.webhookUrl, body, signed);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'not_found' });
      expect(await db().select().from(webhookEvents).where(eq(webhookEvents.accountId, connection.id))).toEqual([]);
    } finally {
      vi.stubEnv('ENABLE_TEST_GATEWAYS', '1');
      reloadEnv();
    }

    // Offered again: the same signed request gets in.
    expect(findGateway('mockpay')?.catalog.name).toBe('Mock Pay');
    const response = await postNotification(connection.webhookUrl, body, signed);
    expect(response.status).toBe(200);
  });
});
