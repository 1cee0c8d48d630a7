// Checkout through the gateway, against the bundled simulator (the code the app runs offline): the order is
// stored first, the gateway's checkout carries what each gateway needs, a gateway error leaves the order
// pending and retryable, and a double submit makes one order.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { getPaymentPage } from '@/db/queries/checkout';
import { disconnect, getConnection } from '@/lib/gateways/connections';
import { getReturnedOrder } from '@/db/queries/orders';
import { createPrice } from '@/db/queries/prices';
import { orders } from '@/db/schema';
import { getEnv } from '@/core/env';
import { confirmedOutcome } from '@/lib/checkout/return-status';
import type { PayData } from '@/lib/checkout/schema';
import { startCheckout } from '@/lib/checkout/start-checkout';
import type { PriceData } from '@/lib/prices/schema';
import { describeEachDatabase } from './support/databases';
import { withSimulatedGateways } from './support/simulated-gateways';

const { simulator, control, connectMercadoPago, connectSecureAndPay } = withSimulatedGateways();

/** The app's base URL in these tests: the route bridge the simulator notifies. */
const appUrl = () => getEnv().APP_URL.replace(/\/$/, '');

async function pageFor(merchantId: string, data: PriceData) {
  const created = await createPrice(merchantId, data);
  if (!created.ok) throw new Error(created.error);
  const page = await getPaymentPage(created.price.slug);
  if (!page) throw new Error('no payment page');
  return page;
}

const oneTimeBrl: PriceData = { name: 'Curso de aquarela', gateway: 'mercadopago', currency: 'BRL', amountMinor: 4990, kind: 'one_time', intervalUnit: null, intervalCount: null };
const customer = (overrides: Partial<PayData> = {}): PayData => ({
  submissionKey: randomBytes(18).toString('base64url'),
  email: 'cliente@example.com',
  firstName: 'João',
  lastName: 'Silva',
  taxId: { type: 'CPF', number: '52998224725' },
  ...overrides,
});

async function mercadoPagoGet(accessToken: string, path: string) {
  const response = await fetch(`${simulator().url}/mercadopago/${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  return (await response.json()) as Record<string, unknown>;
}

describeEachDatabase('checkout', (current) => {
  it('Mercado Pago one-time: a Checkout Pro preference with the item, payer, order reference, notification and back URLs', async () => {
    const { merchantId, account } = await connectMercadoPago();
    const page = await pageFor(merchantId, oneTimeBrl);
    const result = await startCheckout(page, customer(), 'en');
    if (!result.ok) throw new Error(result.error);
    expect(result.checkoutUrl).toMatch(new RegExp(`^${simulator().url}/mercadopago/checkout/v1/redirect\\?pref_id=`));

    const [order] = await current().db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(order).toMatchObject({ status: 'checkout_created', amountMinor: 4990, currency: 'BRL', customerEmail: 'cliente@example.com', taxIdType: 'CPF', taxIdNumber: '52998224725', lastError: null });
    const preference = await mercadoPagoGet(account.accessToken, `checkout/preferences/${order?.checkoutId}`);
    const webhookUrl = (await getConnection(merchantId, 'mercadopago'))?.webhookUrl;
    expect(preference).toMatchObject({
      items: [{ title: 'Curso de aquarela', quantity: 1, unit_price: 49.9, currency_id: 'BRL' }],
      payer: { email: 'cliente@example.com', name: 'João', surname: 'Silva', identification: { type: 'CPF', number: '52998224725' } },
      external_reference: result.orderId,
      notification_url: `${webhookUrl}?source_news=webhooks`,
      back_urls: {
        success: `${appUrl()}/pay/${page.price.slug}/success?order=${result.orderId}`,
        pending: `${appUrl()}/pay/${page.price.slug}/pending?order=${result.orderId}`,
        failure: `${appUrl()}/pay/${page.price.slug}/failure?order=${result.orderId}`,
      },
    });
  });

  it('a double submit makes one order and one checkout, even at the same instant', async () => {
    const { merchantId } = await connectMercadoPago();
    const page = await pageFor(merchantId, oneTimeBrl);
    const data = customer();
    const [first, second] = await Promise.all([startCheckout(page, data, 'en'), startCheckout(page, data, 'en')]);
    const third = await startCheckout(page, data, 'en');
    if (!first.ok || !second.ok || !third.ok) throw new Error('checkout failed');
    expect(new Set([first.orderId, second.orderId, third.orderId]).size).toBe(1);
    expect(third.checkoutUrl).toBe(first.checkoutUrl);
    expect(await current().db.select().from(orders).where(eq(orders.submissionKey, data.submissionKey))).toHaveLength(1);
  });

  it('a gateway outage leaves the order pending with the reason; the same submit then succeeds, still one order', async () => {
    const { merchantId } = await connectMercadoPago();
    const page = await pageFor(merchantId, oneTimeBrl);
    const data = customer();
    await control('mercadopago/outage', { down: true });
    try {
      expect(await startCheckout(page, data, 'en')).toMatchObject({ ok: false, error: 'gateway_unreachable' });
    } finally {
      await control('mercadopago/outage', { down: false });
    }
    const [pending] = await current().db.select().from(orders).where(eq(orders.submissionKey, data.submissionKey));
    expect(pending).toMatchObject({ status: 'pending', checkoutId: null, lastError: expect.stringContaining('mercadopago unreachable') });

    // The customer corrects a typo and submits again from the same page.
    const retried = await startCheckout(page, { ...data, lastName: 'Silva Santos' }, 'en');
    expect(retried).toMatchObject({ ok: true, orderId: pending?.id });
    const rows = await current().db.select().from(orders).where(eq(orders.submissionKey, data.submissionKey));
    expect(rows).toMatchObject([{ status: 'checkout_created', customerLastName: 'Silva Santos', lastError: null }]);
  });

  it('refused credentials: the order stays pending and the customer is told it could not start', async () => {
    // The merchant's token no longer works at Mercado Pago (e.g. revoked): simulate with a token of nobody.
    const { merchantId } = await connectMercadoPago({ accessToken: 'APP_USR-0000000000000000-000000-00000000000000000000000000000000-1' });
    const page = await pageFor(merchantId, oneTimeBrl);
    expect(await startCheckout(page, customer(), 'en')).toMatchObject({ ok: false, error: 'gateway_rejected' });
  });

  it('a submission key from another page is refused, not reused', async () => {
    const { merchantId } = await connectMercadoPago();
    const first = await pageFor(merchantId, oneTimeBrl);
    const second = await pageFor(merchantId, { ...oneTimeBrl, name: 'Outro curso' });
    const data = customer();
    expect((await startCheckout(first, data, 'en')).ok).toBe(true);
    expect(await startCheckout(second, data, 'en')).toEqual({ ok: false, error: 'reload' });
  });

  it('Mercado Pago subscription: a preapproval with auto_recurring, payer email, reference and back URL', async () => {
    const { merchantId, account, connection } = await connectMercadoPago();
    const page = await pageFor(merchantId, { ...oneTimeBrl, name: 'Clube mensal', kind: 'subscription', intervalUnit: 'months', intervalCount: 1 });
    const result = await startCheckout(page, customer(), 'en');
    if (!result.ok) throw new Error(result.error);
    const [order] = await current().db.select().from(orders).where(eq(orders.id, result.orderId));
    const preapproval = await mercadoPagoGet(account.accessToken, `preapproval/${order?.checkoutId}`);
    expect(preapproval).toMatchObject({
      status: 'pending',
      reason: 'Clube mensal',
      payer_email: 'cliente@example.com',
      external_reference: result.orderId,
      back_url: `${appUrl()}/pay/${page.price.slug}/success?order=${result.orderId}`,
      auto_recurring: { frequency: 1, frequency_type: 'months', transaction_amount: 49.9, currency_id: 'BRL' },
    });
    // The body has no notification_url (GW-MP12): Mercado Pago notifies the URL saved in Your integrations, as it
    // is (no `source_news` of ours), with `data.id` and `type` appended.
    await simulator().gateways.mercadopago.deliveries.idle();
    const delivered = simulator()
      .gateways.mercadopago.deliveries.deliveries(String(account.userId))
      .filter((delivery) => delivery.topic === 'subscription_preapproval')
      .map((delivery) => delivery.url);
    const expected = new URL(connection.webhookUrl);
    expected.searchParams.set('data.id', String(order?.checkoutId));
    expected.searchParams.set('type', 'subscription_preapproval');
    expect(delivered).toEqual([expected.toString()]);
  });

  it('Secure and Pay: a 30-day EUR subscription on the hosted page, with the customer and our reference', async () => {
    const { merchantId, site } = await connectSecureAndPay();
    const page = await pageFor(merchantId, { name: 'Membership', gateway: 'secureandpay', currency: 'EUR', amountMinor: 2900, kind: 'subscription', intervalUnit: 'days', intervalCount: 30 });
    const result = await startCheckout(page, customer({ taxId: null }), 'en');
    if (!result.ok) throw new Error(result.error);
    expect(result.checkoutUrl).toMatch(new RegExp(`^${simulator().url}/secureandpay/checkout/sub_`));
    const [order] = await current().db.select().from(orders).where(eq(orders.id, result.orderId));
    const auth = Buffer.from(`${site.siteId}:${site.apiSecret}`).toString('base64');
    const subscription = (await (await fetch(`${simulator().url}/secureandpay/v1/subscriptions/${order?.checkoutId}`, { headers: { authorization: `Basic ${auth}` } })).json()) as Record<string, unknown>;
    expect(subscription).toMatchObject({
      status: 'pending',
      amount: 2900,
      currency: 'EUR',
      interval_days: 30,
      reference: result.orderId,
      customer: { email: 'cliente@example.com', first_name: 'João', last_name: 'Silva' },
    });
  });

  it('a disconnected gateway pauses payments: no order, no gateway call', async () => {
    const { merchantId } = await connectMercadoPago();
    const page = await pageFor(merchantId, oneTimeBrl);
    await disconnect(merchantId, 'mercadopago');
    const paused = await getPaymentPage(page.price.slug);
    if (!paused) throw new Error('page gone');
    const data = customer();
    expect(await startCheckout(paused, data, 'en')).toEqual({ ok: false, error: 'unavailable' });
    expect(await current().db.select().from(orders).where(eq(orders.submissionKey, data.submissionKey))).toEqual([]);
  });

  it('the return page believes the gateway, not the URL: a paid pix is success, a declined card is failure', async () => {
    const { merchantId } = await connectMercadoPago();
    const page = await pageFor(merchantId, oneTimeBrl);
    for (const [method, outcome, expected] of [
      ['pix', 'approve', 'success'],
      ['card', 'decline', 'failure'],
      ['boleto', 'pending', 'pending'],
    ] as const) {
      const result = await startCheckout(page, customer(), 'en');
      if (!result.ok) throw new Error(result.error);
      const paid = await fetch(result.checkoutUrl, { method: 'POST', body: new URLSearchParams({ method, outcome }), redirect: 'manual' });
      const back = new URL(paid.headers.get('location') ?? '');
      expect(back.pathname).toBe(`/pay/${page.price.slug}/${expected}`);
      const order = await getReturnedOrder(page.price.id, back.searchParams.get('order') ?? '');
      if (!order) throw new Error('order not found from the back URL');
      expect(await confirmedOutcome(page, order, new URLSearchParams({ payment_id: back.searchParams.get('payment_id') ?? '' }))).toBe(expected);
      // The same payment id on another order's return proves nothing.
      const other = await startCheckout(page, customer(), 'en');
      const otherOrder = other.ok ? await getReturnedOrder(page.price.id, other.orderId) : undefined;
      if (!otherOrder) throw new Error('second order missing');
      expect(await confirmedOutcome(page, otherOrder, new URLSearchParams({ payment_id: back.searchParams.get('payment_id') ?? '' }))).toBeNull();
    }
  });

  it('the return page asks the gateway once per order: a confirmed outcome is reused on later visits, without a call', async () => {
    const { merchantId } = await connectMercadoPago();
    const page = await pageFor(merchantId, oneTimeBrl);
    const result = await startCheckout(page, customer(), 'en');
    if (!result.ok) throw new Error(result.error);
    const paid = await fetch(result.checkoutUrl, { method: 'POST', body: new URLSearchParams({ method: 'pix', outcome: 'approve' }), redirect: 'manual' });
    const back = new URL(paid.headers.get('location') ?? '');
    const query = new URLSearchParams({ payment_id: back.searchParams.get('payment_id') ?? '' });
    const load = async () => {
      const order = await getReturnedOrder(page.price.id, back.searchParams.get('order') ?? '');
      if (!order) throw new Error('order not found');
      return order;
    };
    const now = new Date();
    expect(await confirmedOutcome(page, await load(), query, now)).toBe('success');
    // Mercado Pago down: a reload still shows the confirmed outcome, without a call.
    await control('mercadopago/outage', { down: true });
    try {
      expect(await confirmedOutcome(page, await load(), query, new Date(now.getTime() + 3_600_000))).toBe('success');
    } finally {
      await control('mercadopago/outage', { down: false });
    }
  });
});
