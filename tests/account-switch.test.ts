// Issue 15, "silently wrong": updating credentials to another gateway account. The gateway's verify step names the
// account the new credentials open; the shared save asks for confirmation (naming both accounts, and for Mercado Pago
// the new application's webhook secret) and saves nothing until it has it. Also Send test notification's outcome,
// waited for: verified, then refused for a wrong secret. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
import { expect, it } from 'vitest';
import { findGateway } from '@/lib/gateways/adapters';
import { accountSwitchOf } from '@/lib/gateways/account-switch-prompt';
import { getConnection, readActiveSecret } from '@/lib/gateways/connections';
import { sendTestNotification } from '@/lib/gateways/test-notification';
import type { FormState } from '@/lib/form-state';
import { describeEachDatabase } from './support/databases';
import { withSimulatedGateways, type SimMercadoPagoAccount, type SimMockPayAccount } from './support/simulated-gateways';

const { control, connectMercadoPago, connectMockPay } = withSimulatedGateways();

type MercadoPagoAccount = SimMercadoPagoAccount & { nickname: string; email: string };

/** Manage → Update credentials' server action minus the session: the update schema, then the contract's save. */
async function update(gateway: 'mercadopago' | 'mockpay', merchantId: string, form: Record<string, string>, consent?: string): Promise<FormState> {
  const adapter = findGateway(gateway);
  if (!adapter) throw new Error(`${gateway} is not offered`);
  return adapter.connect.withMode('update', ({ schema, save }) => save(merchantId, schema.parse(form), consent));
}

const mpForm = (account: { publicKey: string }, accessToken: string, webhookSecret = '') => ({ publicKey: account.publicKey, accessToken, country: 'BR', webhookSecret });

describeEachDatabase('account switch and test notification', () => {
  it('Mercado Pago: another account needs a confirmation naming both and the new secret; nothing is saved before', async () => {
    const { merchantId, account: first } = await connectMercadoPago();
    const other = await control<MercadoPagoAccount>('mercadopago/accounts', { country: 'BR', nickname: 'OTHERSHOP', email: 'other@example.com' });

    // The same account's token: saved without a question.
    expect(await update('mercadopago', merchantId, mpForm(first, first.accessToken))).toMatchObject({ status: 'success' });

    // Another account's token: a prompt, nothing saved.
    const asked = await update('mercadopago', merchantId, mpForm(other, other.accessToken));
    const prompt = accountSwitchOf(asked);
    expect(prompt).toMatchObject({ from: { id: String(first.userId) }, to: { id: String(other.userId), name: 'OTHERSHOP', email: 'other@example.com' }, needs: ['webhookSecret'] });
    expect(prompt?.from.name).toBeTruthy();
    expect(asked.fieldErrors).toEqual({ webhookSecret: ['mpSwitchNeedsSecret'] });
    expect((await getConnection(merchantId, 'mercadopago'))?.externalAccountId).toBe(String(first.userId));
    expect(await readActiveSecret(merchantId, 'mercadopago', 'accessToken')).toBe(first.accessToken);

    // Confirmed, but without the new application's secret: still not saved.
    expect(accountSwitchOf(await update('mercadopago', merchantId, mpForm(other, other.accessToken), String(other.userId)))).toBeDefined();
    // A consent given for another account does not count.
    expect(accountSwitchOf(await update('mercadopago', merchantId, mpForm(other, other.accessToken, other.webhookSecret), String(first.userId)))).toBeDefined();
    expect((await getConnection(merchantId, 'mercadopago'))?.externalAccountId).toBe(String(first.userId));

    // A consent for the other account with the token left empty (not sent again): refused, nothing saved.
    expect(await update('mercadopago', merchantId, mpForm(other, '', other.webhookSecret), String(other.userId))).toEqual({ status: 'error', message: 'connect.accountSwitch.retype' });
    expect((await getConnection(merchantId, 'mercadopago'))?.publicCredentials.publicKey).toBe(first.publicKey);

    // Confirmed with the secret: saved, the new account's token and secret together.
    expect(await update('mercadopago', merchantId, mpForm(other, other.accessToken, other.webhookSecret), String(other.userId))).toMatchObject({ status: 'success' });
    expect((await getConnection(merchantId, 'mercadopago'))?.externalAccountId).toBe(String(other.userId));
    expect(await readActiveSecret(merchantId, 'mercadopago', 'accessToken')).toBe(other.accessToken);
    expect(await readActiveSecret(merchantId, 'mercadopago', 'webhookSecret')).toBe(other.webhookSecret);
  });

  it('Mock Pay: another account is confirmed by its id alone (its key signs its notifications)', async () => {
    const { merchantId, account } = await connectMockPay();
    const other = await control<SimMockPayAccount>('mockpay/accounts', {});
    const asked = await update('mockpay', merchantId, { apiKey: other.apiKey });
    expect(accountSwitchOf(asked)).toEqual({ from: { id: account.id, name: null, email: null }, to: { id: other.id, name: null, email: null }, needs: [] });
    expect((await getConnection(merchantId, 'mockpay'))?.externalAccountId).toBe(account.id);
    expect(await update('mockpay', merchantId, { apiKey: other.apiKey }, other.id)).toMatchObject({ status: 'success' });
    expect((await getConnection(merchantId, 'mockpay'))?.externalAccountId).toBe(other.id);
  });

  it('Send test notification waits for the outcome: verified, then refused for a wrong secret', async () => {
    const { merchantId, account } = await connectMercadoPago();
    const adapter = findGateway('mercadopago');
    if (!adapter) throw new Error('Mercado Pago is not offered');
    expect(await sendTestNotification(merchantId, adapter)).toEqual({ status: 'success', message: 'manage.testOutcome.verified' });

    // Same account, a wrong secret: saved (no switch), and the next test notification is refused at the door.
    expect(await update('mercadopago', merchantId, mpForm(account, '', 'not-the-secret'))).toMatchObject({ status: 'success' });
    expect(await sendTestNotification(merchantId, adapter)).toEqual({ status: 'error', message: 'manage.testOutcome.refused', messageValues: { reason: 'bad_signature' } });
  });
});
