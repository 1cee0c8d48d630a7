// Mock Pay, the test-only third gateway (docs/mockpay-api.md), as people click it: it exists to prove that a gateway
// is one folder behind the contract, so the whole loop runs through the shared pages — Settings → Payment gateways
// (Connect popup, the key checked with the gateway, webhook URL and instructions), Prices (JPY, whole yen), the
// public payment page, the gateway's hosted page (the simulator's), our success page, and Payments. The app runs
// with ENABLE_TEST_GATEWAYS=1 and MOCKPAY_API_URL pointing at the simulator (e2e/support/settings.ts).
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { simulatorControl } from './support/simulator';
import { PayPage } from './pages/pay.page';
import { PricesPage } from './pages/prices.page';

type SimMockPayAccount = { id: string; apiKey: string };
const createMockPayAccount = () => simulatorControl<SimMockPayAccount>('/_sim/mockpay/accounts', {});

const WEBHOOK_URL = /\/api\/webhooks\/mockpay\/[A-Za-z0-9_-]{24}$/;

/** Processing is asynchronous: reload the Payments page until the order's row shows the status. */
async function expectPaymentStatus(page: Page, reference: string, status: string) {
  await reloadUntil(page, () => expect(page.getByRole('row').filter({ hasText: reference }).getByText(status, { exact: true })).toBeVisible({ timeout: 500 }), {
    path: '/payments',
  });
  await expectAccessible(page);
}

// Whole flows across several pages, each checked with axe: more than the default 30 seconds.
test.describe.configure({ timeout: 90_000 });

test('Mock Pay: connect with the API key → JPY price → payment page → Pay on the hosted page → success → Payments shows it approved', async ({
  page,
  browser,
  baseURL,
  merchant,
  gateways,
}) => {
  expect(merchant.name).toBeTruthy();

  // Settings → Payment gateways offers Mock Pay beside the real gateways.
  await gateways.open();
  await expect(gateways.card('Mock Pay')).toBeVisible();
  await expect(gateways.card('Mock Pay')).toContainText('Not connected');

  // Connect opens the popup with its one field.
  const dialog = await gateways.openConnect('Mock Pay');
  await expect(page).toHaveURL(/\/settings\/payment-gateways\/mockpay\/connect$/);
  await expect(dialog.getByLabel('API key')).toBeVisible();

  // A well-formed key Mock Pay does not know: refused by the gateway, nothing saved.
  await gateways.fillMockPay(dialog, `mk_${randomBytes(16).toString('hex')}`);
  await gateways.save(dialog);
  await expect(dialog.getByText('Mock Pay refused this API key.').first()).toBeVisible();
  await expect(dialog.getByLabel('API key')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  // The key of an account made through the simulator's control API connects.
  const account = await createMockPayAccount();
  await gateways.fillMockPay(dialog, account.apiKey);
  await gateways.save(dialog);
  await expect(dialog.getByRole('heading', { name: 'Mock Pay is connected' })).toBeFocused();
  const webhookUrl = await dialog.getByLabel('Webhook URL', { exact: true }).inputValue();
  expect(webhookUrl).toMatch(WEBHOOK_URL);
  await expect(dialog.getByRole('heading', { name: 'Paste the webhook URL into Mock Pay' })).toBeVisible();
  await expect(dialog.getByRole('list').last().getByRole('listitem')).toHaveText([
    'Copy the webhook URL above.',
    "In Mock Pay's dashboard, paste it as the notification URL and save.",
  ]);
  await expectAccessible(page);
  await gateways.close(dialog);
  await expect(gateways.card('Mock Pay')).toContainText('Connected');

  // A price in JPY: the only currency, preselected; whole yen.
  const prices = new PricesPage(page);
  await prices.open();
  await prices.startNew();
  await prices.field('Payment gateway').selectOption({ label: 'Mock Pay' });
  await expect(prices.field('Currency').locator('option')).toHaveText(['JPY']);
  await expect(prices.field('Currency')).toHaveValue('JPY');
  await expect(page.getByText('Mock Pay takes Japanese yen only, in whole yen.')).toBeVisible();
  await prices.fill({ name: 'Matcha workshop', gateway: 'Mock Pay', amount: '1500' });
  await prices.submit();
  await expect(page.getByRole('heading', { level: 1, name: 'Prices' })).toBeVisible();
  await expectAccessible(page);
  await expect(prices.row('Matcha workshop')).toContainText('¥1,500');
  const path = await prices.paymentPagePath('Matcha workshop');

  // The customer: another browser session, not signed in.
  const customerPage = await (await browser.newContext({ baseURL })).newPage();
  const pay = new PayPage(customerPage);
  await pay.open(path, 'Matcha workshop');
  await expect(customerPage.getByText(`Sold by ${merchant.name}`)).toBeVisible();
  await expect(customerPage.getByText('¥1,500')).toBeVisible();
  // Mock Pay asks for no tax number (its catalog's pay page rules).
  await expect(customerPage.getByLabel('Tax number', { exact: true })).toHaveCount(0);
  await pay.fill({ email: 'hana@example.com', firstName: 'Hana', lastName: 'Sato' });
  await pay.submit();

  // The simulator's hosted page, then back to our success page, confirmed with Mock Pay.
  await expect(customerPage).toHaveURL(/\/mockpay\/pay\/chk_[0-9a-f]{16}$/);
  await expect(customerPage.getByText('¥1,500')).toBeVisible();
  await pay.payOnMockPay('Pay');
  await expect(customerPage).toHaveURL(new RegExp(`${path}/success\\?order=[0-9a-f-]{36}&payment_id=pay_[0-9a-f]{16}$`));
  const reference = await pay.expectReturn('Payment approved');
  await expect(customerPage.getByText(`Thank you. Your payment to ${merchant.name} went through.`)).toBeVisible();
  await customerPage.context().close();

  // The notification reached the webhook URL and was processed: the merchant sees the payment against the order.
  await expectPaymentStatus(page, reference, 'Approved');
  const row = page.getByRole('row').filter({ hasText: reference });
  await expect(row).toContainText('¥1,500');
  await expect(row).toContainText('Mock Pay');
});

test('Mock Pay screens name no other gateway: the connected popup, the amount hint and the whole-yen error', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await createMockPayAccount();
  await gateways.open();
  await gateways.connectMockPay(account.apiKey);
  const dialog = gateways.dialog('Connect Mock Pay');
  // Shared views draw what a gateway says about itself; another gateway's rules have no place on Mock Pay's screens.
  // (Soft: each leak is reported on its own.)
  await expect.soft(dialog).not.toContainText('Mercado Pago');
  await gateways.close(dialog);

  const prices = new PricesPage(page);
  await prices.open();
  await prices.startNew();
  await prices.fill({ name: 'Half a yen', gateway: 'Mock Pay', amount: '1500.5' });
  const amount = prices.field('Amount');
  await expect(amount).toHaveAccessibleDescription(/whole/);
  await expect.soft(amount, 'the amount hint').not.toHaveAccessibleDescription(/Mercado Pago|centavos/);
  await prices.submit();
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await expect.soft(amount, 'the amount error').not.toHaveAccessibleDescription(/Mercado Pago|Colombian pesos/);
  await page.goto('/prices');
  await expect(page.getByText('No prices yet. Create one to get a payment page.')).toBeVisible();
});
