// refundPaymentAction called directly (as a crafted POST would): refused for Mercado Pago with the reason the page
// shows (seed MP7), refused for Secure and Pay (no refund operation in its contract), another merchant's payment
// is not found, and a signed-out caller is refused.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { refundPaymentAction } from '@/app/(dashboard)/payments/[id]/actions';
import { saveConnection } from '@/lib/gateways/connections';
import { byNotification, recordPayment, getProcessingAccount } from '@/db/queries/payments';
import { createUser, getMerchantProfile } from '@/db/queries/users';
import { gatewayAccounts } from '@/db/schema';
import { initialFormState } from '@/lib/form-state';
import type { GatewayId } from '@/core/gateway-ids';
import { describeEachDatabase } from './support/databases';
import { and, eq } from 'drizzle-orm';

const session = vi.hoisted(() => ({ merchantId: null as string | null }));
vi.mock('@/lib/session', () => ({
  getCurrentMerchant: async () => (session.merchantId ? ((await getMerchantProfile(session.merchantId)) ?? null) : null),
}));

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => vi.restoreAllMocks());

describeEachDatabase('refunds', (current) => {
  async function paymentOf(gateway: GatewayId) {
    const user = await createUser({ name: 'Shop', email: `shop-${randomBytes(5).toString('hex')}@example.com`, passwordHash: 'x' });
    if (!user) throw new Error('no user');
    await saveConnection({
      merchantId: user.id,
      gateway,
      mode: 'live',
      country: gateway === 'mercadopago' ? 'BR' : null,
      externalAccountId: gateway === 'mercadopago' ? '123456' : `site_${randomBytes(8).toString('hex')}`,
      publicCredentials: {},
      secrets: gateway === 'mercadopago' ? { accessToken: 'APP_USR-x' } : { apiSecret: 'x'.repeat(40) },
    });
    const [row] = await current()
      .db.select({ id: gatewayAccounts.id })
      .from(gatewayAccounts)
      .where(and(eq(gatewayAccounts.merchantId, user.id), eq(gatewayAccounts.gateway, gateway)));
    const account = await getProcessingAccount(row?.id ?? '');
    if (!account) throw new Error('no account');
    const change = await recordPayment(
      account,
      {
        gatewayPaymentId: randomBytes(4).toString('hex'),
        reference: null,
        amountMinor: 1000,
        currency: gateway === 'mercadopago' ? 'BRL' : 'USD',
        status: 'approved',
        statusDetail: null,
        paymentMethodType: 'credit_card',
        payerEmail: null,
        payerName: null,
        gatewayCreatedAt: null,
        approvedAt: new Date(),
        gatewayUpdatedAt: new Date(),
      },
      byNotification(null),
    );
    return { merchantId: user.id, paymentId: change.id };
  }

  it('refuses a Mercado Pago refund with the reason', async () => {
    const { merchantId, paymentId } = await paymentOf('mercadopago');
    session.merchantId = merchantId;
    expect(await refundPaymentAction(paymentId, initialFormState, new FormData())).toEqual({ status: 'error', message: 'refunds.mercadopago' });
  });

  it('refuses a Secure and Pay refund, pointing to Secure and Pay’s back office', async () => {
    const { merchantId, paymentId } = await paymentOf('secureandpay');
    session.merchantId = merchantId;
    expect(await refundPaymentAction(paymentId, initialFormState, new FormData())).toEqual({ status: 'error', message: 'refunds.secureandpay' });
  });

  it('does not find another merchant’s payment, and refuses a signed-out caller', async () => {
    const { paymentId } = await paymentOf('mercadopago');
    const other = await paymentOf('secureandpay');
    session.merchantId = other.merchantId;
    expect(await refundPaymentAction(paymentId, initialFormState, new FormData())).toEqual({ status: 'error', message: 'refunds.notFound' });
    session.merchantId = null;
    expect(await refundPaymentAction(paymentId, initialFormState, new FormData())).toEqual({ status: 'error', message: 'errors.signedOut' });
  });
});
