// Ids from outside — URL segments and bound server-action arguments, which a crafted POST can set to any JSON — are
// "not found" when they are not ours: every detail page answers 404 (notFound()) and every action taking an id gives
// its not-found answer, for malformed uuids, strings of dashes, numbers, arrays and objects alike. None reaches
// PostgreSQL as a malformed uuid (an error there would be a 500). Real database; the session and Next's navigation
// functions are stand-ins.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrice } from '@/db/queries/prices';
import { createUser, getMerchantProfile } from '@/db/queries/users';
import { initialFormState } from '@/lib/form-state';
import { saveConnection } from '@/lib/gateways/connections';
import { isRecordId } from '@/lib/server/ids';
import { describeEachDatabase } from './support/databases';

const session = vi.hoisted(() => ({ merchantId: null as string | null }));
vi.mock('@/lib/session', async () => {
  const current = async () => (session.merchantId ? ((await getMerchantProfile(session.merchantId)) ?? null) : null);
  return {
    getCurrentMerchant: current,
    requireMerchant: async () => {
      const merchant = await current();
      if (!merchant) throw new Error('signed out');
      return merchant;
    },
  };
});

class NotFound extends Error {}
vi.mock('next/navigation', () => ({
  notFound: () => {
    throw new NotFound('NEXT_NOT_FOUND');
  },
  redirect: (url: string) => {
    throw new Error(`redirect ${url}`);
  },
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
vi.mock('next/server', async (original) => ({ ...(await original<object>()), after: () => {} }));
// Pages that ask for their texts before their record (the price editor) get keys back.
vi.mock('next-intl/server', () => ({ getTranslations: async () => (key: string) => key, getFormatter: async () => ({}) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-forwarded-for': '203.0.113.7' }), cookies: async () => new Map<string, { value: string }>() }));

/** Malformed ids as a URL or a crafted action POST could carry them. */
const weirdStrings = [
  'not-a-uuid',
  '-'.repeat(36),
  'g'.repeat(8) + '-aaaa-bbbb-cccc-' + 'd'.repeat(12),
  'a'.repeat(36),
  '0'.repeat(32),
  `${randomUUID()}x`,
  ` ${randomUUID()}`,
  "1' or '1'='1",
  '%00',
  '',
  'x'.repeat(5_000),
];
const weirdValues: unknown[] = [...weirdStrings, 42, null, undefined, true, [randomUUID()], { id: randomUUID() }];
const label = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : JSON.stringify(value) ?? String(value));

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => vi.restoreAllMocks());

describe('isRecordId', () => {
  it('accepts uuid strings only', () => {
    expect(isRecordId(randomUUID())).toBe(true);
    expect(isRecordId(randomUUID().toUpperCase())).toBe(true);
    for (const value of weirdValues) expect(isRecordId(value), label(value)).toBe(false);
  });
});

describeEachDatabase('invalid ids', () => {
  let priceSlug = '';
  beforeAll(async () => {
    const user = await createUser({ name: 'Shop', email: `shop-${randomBytes(5).toString('hex')}@example.com`, passwordHash: 'x' });
    if (!user) throw new Error('no user');
    session.merchantId = user.id;
    await saveConnection({
      merchantId: user.id,
      gateway: 'secureandpay',
      mode: 'live',
      country: null,
      externalAccountId: `site_${randomBytes(8).toString('hex')}`,
      publicCredentials: {},
      secrets: { apiSecret: 'x'.repeat(40) },
    });
    const created = await createPrice(user.id, { name: 'Basics', gateway: 'secureandpay', currency: 'USD', amountMinor: 1000, kind: 'one_time', intervalUnit: null, intervalCount: null });
    if (!created.ok) throw new Error(created.error);
    priceSlug = created.price.slug;
  });
  const params = <T extends object>(value: T) => Promise.resolve(value as never);

  it.each(weirdValues.map((value) => [label(value), value] as const))('detail pages answer 404 for %s', async (_label, value) => {
    const id = value as string;
    const { default: PaymentPage } = await import('@/app/(dashboard)/payments/[id]/page');
    const { default: SubscriptionPage } = await import('@/app/(dashboard)/subscriptions/[id]/page');
    const { default: EditPricePage } = await import('@/app/(dashboard)/prices/[id]/edit/page');
    const { default: NotificationsPage } = await import('@/app/(dashboard)/settings/payment-gateways/[gateway]/notifications/page');
    const { GatewayPanel } = await import('@/components/gateways/gateway-panel');
    const { findPayPage, findReturnPage } = await import('@/lib/checkout/payment-pages');

    await expect(PaymentPage({ params: params({ id }) })).rejects.toThrow(NotFound);
    await expect(SubscriptionPage({ params: params({ id }) })).rejects.toThrow(NotFound);
    await expect(EditPricePage({ params: params({ id }) })).rejects.toThrow(NotFound);
    await expect(NotificationsPage({ params: params({ gateway: id }), searchParams: params({}) })).rejects.toThrow(NotFound);
    await expect(GatewayPanel({ params: params({ gateway: id }), view: 'manage', frame: 'page' })).rejects.toThrow(NotFound);
    await expect(GatewayPanel({ params: params({ gateway: id }), view: 'connect', frame: 'dialog' })).rejects.toThrow(NotFound);
    // The payment pages (pages/pay) answer 404 for what these find nothing for.
    expect(await findPayPage(id)).toEqual({ notFound: true });
    expect(await findReturnPage(id, 'success', { order: randomUUID() })).toEqual({ notFound: true });
    // A real payment page, returned to with a malformed order.
    expect(await findReturnPage(priceSlug, 'failure', { order: id })).toEqual({ notFound: true });
    expect(await findReturnPage(priceSlug, 'pending', { order: [randomUUID(), randomUUID()] })).toEqual({ notFound: true });
  });

  it('a well-formed id that is not the merchant\'s is a 404 too', async () => {
    const { default: PaymentPage } = await import('@/app/(dashboard)/payments/[id]/page');
    const { default: SubscriptionPage } = await import('@/app/(dashboard)/subscriptions/[id]/page');
    const { default: EditPricePage } = await import('@/app/(dashboard)/prices/[id]/edit/page');
    await expect(PaymentPage({ params: params({ id: randomUUID() }) })).rejects.toThrow(NotFound);
    await expect(SubscriptionPage({ params: params({ id: randomUUID() }) })).rejects.toThrow(NotFound);
    await expect(EditPricePage({ params: params({ id: randomUUID() }) })).rejects.toThrow(NotFound);
  });

  it.each(weirdValues.map((value) => [label(value), value] as const))('actions taking an id answer "not found" for %s', async (_label, value) => {
    const id = value as string;
    const { refundPaymentAction } = await import('@/app/(dashboard)/payments/[id]/actions');
    const { checkOrderNowAction, checkPaymentNowAction } = await import('@/app/(dashboard)/payments/actions');
    const { markAlertReadAction } = await import('@/app/(dashboard)/alerts/actions');
    const { reprocessNotificationAction } = await import('@/app/(dashboard)/settings/payment-gateways/[gateway]/notifications/actions');
    const { archivePriceAction, restorePriceAction, updatePriceAction } = await import('@/app/(dashboard)/prices/actions');
    const { disconnectGatewayAction, saveConnectionAction, sendTestNotificationAction } = await import('@/app/(dashboard)/settings/payment-gateways/actions');
    const { submitPayForm } = await import('@/lib/checkout/submit-pay-form');
    const empty = () => new FormData();
    const form = (values: Record<string, string>) => {
      const data = new FormData();
      for (const [key, entry] of Object.entries(values)) data.append(key, entry);
      return data;
    };

    expect(await refundPaymentAction(id, initialFormState, empty())).toEqual({ status: 'error', message: 'refunds.notFound' });
    expect(await checkPaymentNowAction(id, initialFormState, empty())).toEqual({ status: 'error', message: 'reconciliation.result.missing' });
    if (typeof value === 'string') {
      expect(await checkOrderNowAction(initialFormState, form({ orderId: value }))).toMatchObject({ status: 'error', message: 'reconciliation.result.missing' });
    }
    expect(await markAlertReadAction(id, initialFormState, empty())).toEqual({ status: 'error', message: 'alerts.notFound' });
    expect(await reprocessNotificationAction(id, initialFormState, empty())).toEqual({ status: 'error', message: 'notifications.notRequeued' });
    expect(await archivePriceAction(id, initialFormState, empty())).toEqual({ status: 'error', message: 'errors.priceNotFound' });
    expect(await restorePriceAction(id, initialFormState, empty())).toEqual({ status: 'error', message: 'errors.priceNotFound' });
    const price = { name: 'Basics', gateway: 'secureandpay', currency: 'USD', amount: '10.00', kind: 'one_time' };
    expect(await updatePriceAction(id, initialFormState, form(price))).toMatchObject({ status: 'error', message: 'errors.priceNotFound' });
    expect(await saveConnectionAction(id, 'connect', initialFormState, empty())).toEqual({ status: 'error', message: 'errors.unexpected' });
    expect(await disconnectGatewayAction(id, initialFormState, empty())).toEqual({ status: 'error', message: 'errors.unexpected' });
    expect(await sendTestNotificationAction(id, initialFormState, empty())).toEqual({ status: 'error', message: 'errors.unexpected' });
    expect(await submitPayForm(id, empty(), { locale: 'en', clientIp: 'unknown' })).toEqual({ state: { status: 'error', message: 'errors.payUnavailable' } });
  });
});
