// The payment page's abuse limits, through its form's submission (issue 13): checkouts per customer address and per
// price are counted only for a valid form, before any order or gateway checkout is made; over the limit the
// customer reads a clear message and nothing is created. The request's address comes from X-Forwarded-For behind
// one trusted proxy (lib/rate-limit/client-ip.ts).
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it, vi } from 'vitest';
import { submitPayForm } from '@/lib/checkout/submit-pay-form';
import { orders } from '@/db/schema';
import { createPrice } from '@/db/queries/prices';
import { RATE_LIMITS } from '@/lib/rate-limit';
import { clientIpFrom } from '@/lib/rate-limit/client-ip';
import { describeEachDatabase } from './support/databases';
import { withSimulatedGateways } from './support/simulated-gateways';

const request = { forwardedFor: '203.0.113.7' };
// The payment page has no session; lib/actions.ts imports the session helpers for the merchant's actions.
vi.mock('@/lib/session', () => ({ getCurrentMerchant: async () => null }));

const { connectMercadoPago } = withSimulatedGateways();

function payForm(): FormData {
  const data = new FormData();
  const values = { submissionKey: randomBytes(18).toString('base64url'), email: 'cliente@example.com', firstName: 'João', lastName: 'Silva', taxIdType: 'CPF', taxIdNumber: '52998224725' };
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

beforeEach(() => {
  request.forwardedFor = `spoofed, 203.0.113.${Math.floor(Math.random() * 250)}`;
});

it('takes the client address from the entry the trusted proxy appended, not what the client sent', () => {
  const read = (value: string) => new Headers({ 'x-forwarded-for': value });
  expect(clientIpFrom(read('1.1.1.1, 10.0.0.2'), 1)).toBe('10.0.0.2');
  expect(clientIpFrom(read('1.1.1.1, 10.0.0.2, 10.0.0.3'), 2)).toBe('10.0.0.2');
  expect(clientIpFrom(read('10.0.0.2'), 2)).toBe('unknown');
  expect(clientIpFrom(new Headers(), 1)).toBe('unknown');
  expect(clientIpFrom(read('10.0.0.2'), 0)).toBe('unknown');
});

describeEachDatabase('payment page limits', (current) => {
  it(`refuses the ${RATE_LIMITS.checkoutPerIp.points + 1}th checkout from one address within the window, with a clear message and no order`, async () => {
    const { merchantId } = await connectMercadoPago();
    const created = await createPrice(merchantId, { name: 'Curso', gateway: 'mercadopago', currency: 'BRL', amountMinor: 4990, kind: 'one_time', intervalUnit: null, intervalCount: null });
    if (!created.ok) throw new Error(created.error);
    const slug = created.price.slug;
    // The page passes the address the trusted proxy appended (pages/pay/[slug]/index.tsx).
    const submit = (form: FormData) => submitPayForm(slug, form, { locale: 'pt-BR', clientIp: clientIpFrom(new Headers({ 'x-forwarded-for': request.forwardedFor })) });
    // An invalid form is not counted.
    const invalid = new FormData();
    invalid.append('submissionKey', randomBytes(18).toString('base64url'));
    for (let index = 0; index < 3; index++) expect(await submit(invalid)).toMatchObject({ state: { status: 'error' } });
    for (let index = 0; index < RATE_LIMITS.checkoutPerIp.points; index++) {
      expect(await submit(payForm())).toMatchObject({ checkoutUrl: expect.stringMatching(/^http/) });
    }
    expect(await submit(payForm())).toMatchObject({ state: { status: 'error', message: 'errors.payTooManyAttempts' } });
    const made = await current().db.select().from(orders).where(eq(orders.priceId, created.price.id));
    expect(made).toHaveLength(RATE_LIMITS.checkoutPerIp.points);
    // Another customer is not affected.
    request.forwardedFor = '198.51.100.9';
    expect(await submit(payForm())).toMatchObject({ checkoutUrl: expect.stringMatching(/^http/) });
  });
});
