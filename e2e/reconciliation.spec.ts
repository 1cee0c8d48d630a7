// Reconciliation through the browser (issue 12): a customer pays while the gateway's notifications are lost; the
// merchant's Payments page lists the order as awaiting payment, Check now finds the payment and records it, and says
// so in a status message; on a payment that is not final, Check now on its page records what the gateway says.
import { test, expect } from './fixtures';
import { PayPage } from './pages/pay.page';
import { PricesPage } from './pages/prices.page';
import { expectAccessible } from './support/a11y';
import { mercadoPagoSim, simulator, simulatorControl } from './support/simulator';

test.describe.configure({ timeout: 90_000 });

test('Check now finds a payment whose notification was lost, on the awaiting list and on the payment page', async ({ page, browser, baseURL, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const webhookUrl = await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await mercadoPagoSim.setWebhook(account.userId, webhookUrl);
  await gateways.close(gateways.dialog('Connect Mercado Pago'));
  const prices = new PricesPage(page);
  await prices.open();
  const path = await prices.create({ name: 'Curso de aquarela', gateway: 'Mercado Pago', amount: '49.90' });

  // Notifications are lost from here on.
  await mercadoPagoSim.dropNotifications(account.userId, true);
  const customerPage = await (await browser.newContext({ baseURL })).newPage();
  const pay = new PayPage(customerPage);
  await pay.open(path, 'Curso de aquarela');
  await pay.fill({ email: 'joao@example.com', firstName: 'João', lastName: 'Silva', taxIdType: 'CPF', taxNumber: '529.982.247-25' });
  await pay.submit();
  await pay.payOnMercadoPago('Pix', 'Leave the payment pending');
  await customerPage.context().close();

  // The order awaits payment; Check now asks Mercado Pago at once.
  await page.goto('/payments');
  const panel = page.getByRole('region', { name: 'Awaiting payment' });
  await expect(panel.getByRole('row').filter({ hasText: 'joao@example.com' })).toContainText('R$49.90');
  await expectAccessible(page);
  const check = panel.getByRole('button', { name: /^Check now with Mercado Pago: order by joao@example\.com/ });
  await check.focus();
  await page.keyboard.press('Enter');
  const result = panel.getByRole('status');
  await expect(result).toContainText(/Order by joao@example\.com: Mercado Pago had news: payment \d+ is Pending\. It is now recorded\./);
  await expectAccessible(page);

  // The payment is recorded (pending); it is approved at Mercado Pago, again without a notification.
  const paymentLink = page.getByRole('link', { name: /^Payment \d+/ }).first();
  await paymentLink.click();
  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]{36}$/);
  const gatewayId = (await page.getByRole('heading', { level: 1 }).textContent())?.replace(/\D/g, '') ?? '';
  await simulatorControl(`/_sim/mercadopago/payments/${gatewayId}/status`, { status: 'approved', notify: false });
  const checkPanel = page.getByRole('region', { name: 'Check with the gateway' });
  await checkPanel.getByRole('button', { name: 'Check now' }).click();
  await expect(checkPanel.getByRole('status')).toHaveText(`Mercado Pago had news: payment ${gatewayId} is Approved. It is now recorded.`);
  await expect(page.getByRole('region', { name: 'Status history' })).toContainText('Approved');
  // Final now: no more button, the result stays.
  await expect(checkPanel.getByRole('button', { name: 'Check now' })).toHaveCount(0);
  await expectAccessible(page);

  // The merchant was told that a notification did not arrive, once.
  await page.goto('/alerts');
  await expect(page.getByRole('article', { name: /notification did not arrive/ })).toHaveCount(1);
});
