import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { mercadoPagoSim, secureAndPaySim, simulator } from './support/simulator';

/** The gateway notifies asynchronously: reload the list until the row shows (within 5 seconds, per the issue). */
async function expectRow(page: Page, path: string, rowText: string, status: string) {
  await reloadUntil(page, () => expect(page.getByRole('row').filter({ hasText: rowText }).getByText(status, { exact: true })).toBeVisible({ timeout: 500 }), {
    path,
    timeoutMs: 5_000,
  });
}

test('a Mercado Pago payment notified by the gateway shows as approved, with its verified notification', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const webhookUrl = await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await mercadoPagoSim.setWebhook(account.userId, webhookUrl);

  const reference = `order-${randomUUID().slice(0, 8)}`;
  await mercadoPagoSim.createPayment({
    userId: account.userId,
    status: 'approved',
    transaction_amount: 120.5,
    payment_type_id: 'bank_transfer',
    external_reference: reference,
    payer: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Souza' },
  });
  await expectRow(page, '/payments', reference, 'Approved');
  await expectAccessible(page);
  await expect(page.getByRole('row').filter({ hasText: reference })).toContainText('R$');

  await page.getByRole('link', { name: reference }).click();
  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Payment \d+$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Status history' })).toContainText('Recorded as Approved');
  await expect(page.getByRole('region', { name: 'Notifications about it' })).toContainText('Verified');
  await expectAccessible(page);

  await page.goto('/settings/payment-gateways/mercadopago/notifications');
  const row = page.getByRole('row').filter({ hasText: 'payment.created' }).first();
  await expect(row).toContainText('Verified');
  await expect(row).toContainText('Processed');
  await expect(row).toContainText(/Payment \d+ recorded as approved/);
  await expectAccessible(page);

  // Reprocess is safe: it runs again and changes nothing.
  await row.getByRole('button', { name: /Reprocess notification/ }).click();
  await expect(row.getByRole('status')).toHaveText('Queued for processing again.');
  await reloadUntil(page, () => expect(page.getByRole('row').filter({ hasText: 'payment.created' }).first()).toContainText(/already approved; nothing changed/, { timeout: 500 }), { timeoutMs: 5_000 });
});

test('a Secure and Pay payment and a Mercado Pago subscription with a failed and an approved charge', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const site = await simulator.createSecureAndPaySite();
  await gateways.open();
  const spUrl = await gateways.connectSecureAndPay(site);
  await gateways.close(gateways.dialog('Connect Secure and Pay'));
  await secureAndPaySim.setWebhook(site.siteId, spUrl);
  const spReference = `order-${randomUUID().slice(0, 8)}`;
  await secureAndPaySim.createPayment({
    siteId: site.siteId,
    status: 'succeeded',
    amount: 2500,
    currency: 'EUR',
    reference: spReference,
    customer: { email: 'bo@example.com', first_name: 'Bo', last_name: 'Berg' },
  });
  await expectRow(page, '/payments', spReference, 'Approved');

  const account = await simulator.createMercadoPagoAccount('MX');
  await gateways.open();
  const mpUrl = await gateways.connectMercadoPago({ ...account, country: 'Mexico' });
  await mercadoPagoSim.setWebhook(account.userId, mpUrl);
  const subReference = `sub-${randomUUID().slice(0, 8)}`;
  const preapproval = await mercadoPagoSim.createPreapproval({
    userId: account.userId,
    status: 'authorized',
    external_reference: subReference,
    payer_email: 'cy@example.com',
    auto_recurring: { frequency: 1, frequency_type: 'months', transaction_amount: 299, currency_id: 'MXN' },
  });
  await expectRow(page, '/subscriptions', subReference, 'Authorized');
  const failed = await mercadoPagoSim.charge(preapproval.id, { payment_status: 'rejected', payment_type_id: 'credit_card' });
  await page.getByRole('link', { name: subReference }).click();
  await expect(page).toHaveURL(/\/subscriptions\/[0-9a-f-]{36}$/);
  const installment = page.getByRole('region', { name: 'Charges and retries' }).getByRole('region', { name: `Installment ${failed.id}` });
  await reloadUntil(page, () => expect(installment.getByRole('row').filter({ hasText: 'Attempt 1' })).toContainText('Rejected', { timeout: 500 }), { timeoutMs: 5_000 });
  await expect(installment).toContainText('Being retried');
  await mercadoPagoSim.charge(preapproval.id, { payment_status: 'approved', authorized_payment_id: failed.id });
  await reloadUntil(page, () => expect(installment.getByRole('row').filter({ hasText: 'Attempt 2' })).toContainText('Approved', { timeout: 500 }), { timeoutMs: 5_000 });
  await expect(installment.getByRole('row').filter({ hasText: 'Attempt 1' })).toContainText('Rejected');
  await expect(installment).toContainText('Finished');
  await expectAccessible(page);

  // Filters: by gateway and by search.
  await page.goto('/payments');
  await page.getByLabel('Gateway').selectOption({ label: 'Secure and Pay' });
  await page.getByLabel('Payer email, name or reference').fill(spReference);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('row').nth(1)).toContainText(spReference);
});

test('Send test notification: the simulator notifies the account and the merchant sees it processed', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('AR');
  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Argentina' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));
  const manage = await gateways.openManage('Mercado Pago');
  await manage.getByRole('button', { name: 'Send test notification' }).click();
  await expect(manage.getByRole('status').filter({ hasText: /^Arrived and verified/ })).toBeVisible({ timeout: 15_000 });
  await expectRow(page, '/payments', 'test-notification', 'Approved');
});
