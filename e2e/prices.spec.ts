// The Prices page: each gateway's rules, shown next to the field and enforced; archiving and a disconnected
// gateway (the price stays, marked unavailable, and its payment page says payments are paused).
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { simulator } from './support/simulator';
import { PayPage } from './pages/pay.page';
import { PricesPage } from './pages/prices.page';

// Whole flows across several pages, each checked with axe: more than the default 30 seconds.
test.describe.configure({ timeout: 90_000 });

test('Mercado Pago prices are in the account’s currency: BRL is fixed, GBP cannot be chosen or forced', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  const site = await simulator.createSecureAndPaySite();
  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));
  await gateways.connectSecureAndPay(site);
  await gateways.close(gateways.dialog('Connect Secure and Pay'));

  const prices = new PricesPage(page);
  await prices.open();
  await prices.startNew();
  await prices.field('Payment gateway').selectOption({ label: 'Secure and Pay' });
  await expect(prices.field('Currency').locator('option')).toHaveText(['Choose a currency', 'USD', 'EUR', 'GBP']);
  await expect(page.getByText('Secure and Pay accepts USD, EUR and GBP only.')).toBeVisible();
  await prices.field('Currency').selectOption('GBP');

  // Moving to Mercado Pago does not carry GBP over: the currency is the account's, with the reason beside it.
  await prices.field('Payment gateway').selectOption({ label: 'Mercado Pago' });
  await expect(prices.field('Currency').locator('option')).toHaveText(['BRL']);
  await expect(prices.field('Currency')).toHaveValue('BRL');
  await expect(page.getByText(/Fixed: Mercado Pago prices use the local currency of your account's country \(Brazil\)/)).toBeVisible();

  // Forcing GBP into the form (as a tampered page would) is refused with the rule's reason, and nothing is saved.
  await prices.field('Currency').evaluate((select: HTMLSelectElement) => {
    select.add(new Option('GBP', 'GBP'));
    select.value = 'GBP';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await prices.field('Name').fill('Curso em libras');
  await prices.field('Amount').fill('49.90');
  await prices.submit();
  await expect(page.getByText("Mercado Pago prices use the local currency of your Mercado Pago account's country")).toBeVisible();
  await expect(prices.field('Currency')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.goto('/prices');
  await expect(page.getByText('No prices yet. Create one to get a payment page.')).toBeVisible();
});

test('a Secure and Pay subscription every 45 days is stored as 45 days; presets are in days too', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const site = await simulator.createSecureAndPaySite();
  await gateways.open();
  await gateways.connectSecureAndPay(site);
  await gateways.close(gateways.dialog('Connect Secure and Pay'));

  const prices = new PricesPage(page);
  await prices.open();
  await prices.startNew();
  await prices.fill({ name: 'Coaching', gateway: 'Secure and Pay', currency: 'USD', amount: '120', billing: 'Subscription' });
  await expect(prices.field('Billing interval').locator('option')).toHaveText(['Monthly (30 days)', 'Weekly (7 days)', 'Yearly (365 days)', 'Custom number of days']);
  await expect(page.getByText('Secure and Pay counts subscription periods in days only: a month is 30 days.')).toBeVisible();
  await prices.field('Billing interval').selectOption({ label: 'Custom number of days' });
  await prices.field('Number of days').fill('400');
  await prices.submit();
  await expect(page.getByText('Enter a number of days from 1 to 365')).toBeVisible();
  await expectAccessible(page);
  await prices.field('Number of days').fill('45');
  await prices.submit();
  await expect(page.getByRole('heading', { level: 1, name: 'Prices' })).toBeVisible();
  await expect(prices.row('Coaching')).toContainText('$120.00');
  await expect(prices.row('Coaching')).toContainText('Every 45 days');

  // Editing shows the stored interval back: 45 days, custom.
  await prices.row('Coaching').getByRole('link', { name: 'Edit Coaching' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit price' })).toBeVisible();
  await expectAccessible(page);
  await expect(prices.field('Billing interval')).toHaveValue('custom');
  await expect(prices.field('Number of days')).toHaveValue('45');
  await prices.field('Billing interval').selectOption({ label: 'Monthly (30 days)' });
  await prices.submit('Save price');
  await expect(prices.row('Coaching')).toContainText('Every 30 days');
});

test('archiving a price closes its payment page; a disconnected gateway pauses payments without switching gateway', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('AR');
  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Argentina' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));

  const prices = new PricesPage(page);
  await prices.open();
  const archivedPath = await prices.create({ name: 'Taller viejo', gateway: 'Mercado Pago', amount: '1500' });
  const keptPath = await prices.create({ name: 'Taller nuevo', gateway: 'Mercado Pago', amount: '2500,50' });
  await expect(prices.row('Taller nuevo')).toContainText('ARS');
  await expect(prices.row('Taller nuevo')).toContainText('2,500.50');

  await prices.row('Taller viejo').getByRole('button', { name: 'Archive Taller viejo' }).click();
  await page.getByRole('button', { name: 'Archive Taller viejo' }).click();
  await expect(prices.row('Taller viejo')).toBeHidden();

  const pay = new PayPage(page);
  await pay.open(archivedPath, 'Taller viejo');
  await expect(page.getByRole('status')).toContainText('This price is no longer available');
  await expect(page.getByRole('button', { name: /^Continue to/ })).toHaveCount(0);

  // Disconnect Mercado Pago: the price stays, on Mercado Pago, marked unavailable.
  await gateways.open();
  const manage = await gateways.openManage('Mercado Pago');
  await manage.getByRole('button', { name: 'Disconnect' }).click();
  await manage.getByRole('button', { name: 'Yes, disconnect Mercado Pago' }).click();
  await expect(manage.getByRole('heading', { name: 'Mercado Pago is not connected.' })).toBeVisible();
  await page.goto('/prices');
  await expect(prices.row('Taller nuevo')).toContainText('Unavailable');
  await expect(prices.row('Taller nuevo')).toContainText('Mercado Pago');
  await expectAccessible(page);
  await pay.open(keptPath, 'Taller nuevo');
  await expect(page.getByRole('status')).toContainText('Payments are paused');
  await expect(page.getByRole('button', { name: /^Continue to/ })).toHaveCount(0);
});
