// Every money movement, through the browser (issue 12): Mercado Pago refunds part of a payment and then the rest —
// the payment page shows the amounts, each refund and the history; a chargeback raises an alert with its outcome.
import { randomUUID } from 'node:crypto';
import { test, expect } from './fixtures';
import type { GatewaysPage } from './pages/gateways.page';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { mercadoPagoSim, simulator } from './support/simulator';

async function connectedMercadoPago(gateways: GatewaysPage) {
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const webhookUrl = await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await mercadoPagoSim.setWebhook(account.userId, webhookUrl);
  return account;
}

test('a partial refund, then the rest: the payment page shows both refunds, the amounts and the history', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await connectedMercadoPago(gateways);
  const reference = `order-${randomUUID().slice(0, 8)}`;
  const payment = await mercadoPagoSim.createPayment({ userId: account.userId, status: 'approved', transaction_amount: 100, payment_type_id: 'credit_card', external_reference: reference });
  await reloadUntil(page, () => expect(page.getByRole('link', { name: reference })).toBeVisible({ timeout: 500 }), { path: '/payments' });
  await page.getByRole('link', { name: reference }).click();
  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]{36}$/);

  await mercadoPagoSim.refund(payment.id, 30);
  const refunds = page.getByRole('region', { name: 'Refunds' });
  await reloadUntil(page, () => expect(refunds).toContainText('R$30.00', { timeout: 500 }));
  await expect(refunds.getByRole('definition').first()).toHaveText('R$30.00');
  await expect(refunds).toContainText('R$70.00');
  const history = page.getByRole('region', { name: 'Status history' });
  await expect(history).toContainText('Still Approved');
  await expect(history).toContainText('partially_refunded');

  await mercadoPagoSim.refund(payment.id);
  await reloadUntil(page, () => expect(history).toContainText('Approved → Refunded', { timeout: 500 }));
  const rows = refunds.getByRole('row');
  await expect(rows.filter({ hasText: 'R$30.00' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'R$70.00' })).toHaveCount(1);
  await expect(refunds.getByRole('definition').first()).toHaveText('R$100.00');
  await expectAccessible(page);
});

test('a chargeback raises an alert, and its outcome another', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await connectedMercadoPago(gateways);
  const reference = `order-${randomUUID().slice(0, 8)}`;
  const payment = await mercadoPagoSim.createPayment({ userId: account.userId, status: 'approved', transaction_amount: 80, payment_type_id: 'credit_card', external_reference: reference });
  await reloadUntil(page, () => expect(page.getByRole('link', { name: reference })).toBeVisible({ timeout: 500 }), { path: '/payments' });
  await mercadoPagoSim.chargeback(payment.id, 'in_process');
  const bell = page.getByRole('link', { name: 'Alerts, 1 unread' });
  await reloadUntil(page, () => expect(bell).toBeVisible({ timeout: 500 }), { path: '/' });
  await mercadoPagoSim.chargeback(payment.id, 'settled');
  await reloadUntil(page, () => expect(page.getByRole('link', { name: 'Alerts, 2 unread' })).toBeVisible({ timeout: 500 }), { path: '/' });
  await page.getByRole('link', { name: 'Alerts, 2 unread' }).click();
  const alerts = page.getByRole('article', { name: /Chargeback/ });
  await expect(alerts).toHaveCount(2);
  await expect(alerts.filter({ hasText: 'the money was taken back from you' })).toHaveCount(1);
  await expect(alerts.filter({ hasText: 'still being reviewed' })).toHaveCount(1);
  await expectAccessible(page);
  await alerts.first().getByRole('link', { name: 'View: Chargeback' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Payment ${payment.id}` })).toBeVisible();
});
