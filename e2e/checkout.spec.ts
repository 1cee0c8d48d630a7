// The whole loop, as people click it: a merchant connects a gateway and creates a price; a customer opens the
// payment page, fills the gateway's required fields, pays on the gateway's (simulated) checkout and lands on our
// success page; the merchant's Payments page then shows the payment approved against that order.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { simulator } from './support/simulator';
import { PayPage } from './pages/pay.page';
import { PricesPage } from './pages/prices.page';

/** Processing is asynchronous: reload the Payments page until the order's row shows the status. */
async function expectPaymentStatus(page: Page, reference: string, status: string) {
  await reloadUntil(page, () => expect(page.getByRole('row').filter({ hasText: reference }).getByText(status, { exact: true })).toBeVisible({ timeout: 500 }), {
    path: '/payments',
  });
  await expectAccessible(page);
}

// Whole flows across several pages, each checked with axe: more than the default 30 seconds.
test.describe.configure({ timeout: 90_000 });

test('Mercado Pago (Brazil): BRL price → payment page → pix approved → success page → Payments shows it approved', async ({ page, browser, baseURL, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));
  const prices = new PricesPage(page);
  await prices.open();
  const path = await prices.create({ name: 'Curso de aquarela', gateway: 'Mercado Pago', amount: '49.90' });
  await expect(prices.row('Curso de aquarela')).toContainText('R$49.90');

  // The customer: another browser session, not signed in.
  const customerPage = await (await browser.newContext({ baseURL })).newPage();
  const pay = new PayPage(customerPage);
  await pay.open(path, 'Curso de aquarela');
  await expect(customerPage.getByText(`Sold by ${merchant.name}`)).toBeVisible();
  await expect(customerPage.getByText('R$49.90')).toBeVisible();
  await expect(customerPage.getByLabel('Tax number type').locator('option')).toHaveText(['Choose a type', 'CPF', 'CNPJ']);

  await pay.fill({ email: 'joao@example.com', firstName: 'João', lastName: 'Silva', taxIdType: 'CPF', taxNumber: '529.982.247-25' });
  await pay.submit();
  await pay.payOnMercadoPago('Pix', 'Approve the payment');
  await expect(customerPage).toHaveURL(new RegExp(`${path}/success\\?order=`));
  const reference = await pay.expectReturn('Payment approved');
  await expect(customerPage.getByText(`Thank you. Your payment to ${merchant.name} went through.`)).toBeVisible();
  await customerPage.context().close();

  await expectPaymentStatus(page, reference, 'Approved');
});

test('Secure and Pay: EUR monthly (30-day) subscription → hosted page approved → success page → Payments shows it approved', async ({ page, browser, baseURL, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const site = await simulator.createSecureAndPaySite();
  await gateways.open();
  await gateways.connectSecureAndPay(site);
  await gateways.close(gateways.dialog('Connect Secure and Pay'));
  const prices = new PricesPage(page);
  await prices.open();
  const path = await prices.create({ name: 'Membership', gateway: 'Secure and Pay', currency: 'EUR', amount: '29', billing: 'Subscription', interval: 'Monthly (30 days)' });
  await expect(prices.row('Membership')).toContainText('Every 30 days');

  const customerPage = await (await browser.newContext({ baseURL })).newPage();
  const pay = new PayPage(customerPage);
  await pay.open(path, 'Membership');
  await expect(customerPage.getByText('€29.00')).toBeVisible();
  await expect(customerPage.getByText('every 30 days')).toBeVisible();
  // SP4: email, first name and last name; no tax number.
  await expect(customerPage.getByLabel('Tax number', { exact: true })).toHaveCount(0);
  await pay.fill({ email: 'ana@example.com', firstName: 'Ana', lastName: 'Souza' });
  await pay.submit();
  await expect(customerPage.getByText('€29.00 every 30 days')).toBeVisible();
  await pay.payOnSecureAndPay('Approve the payment');
  const reference = await pay.expectReturn('Subscription started');
  await customerPage.context().close();

  await expectPaymentStatus(page, reference, 'Approved');
});

test('a missing field or an invalid CPF stops the customer before any gateway call, with or without JavaScript', async ({ page, browser, baseURL, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));
  const prices = new PricesPage(page);
  await prices.open();
  const path = await prices.create({ name: 'Oficina', gateway: 'Mercado Pago', amount: '10' });

  const customerPage = await (await browser.newContext({ baseURL })).newPage();
  // The page's own check stops the form in the browser: nothing is posted until it passes.
  const posts: string[] = [];
  customerPage.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  const island = customerPage.waitForResponse((response) => new URL(response.url()).pathname === '/pay-island.js');
  const pay = new PayPage(customerPage);
  await pay.open(path, 'Oficina');
  // No framework in the browser (issue 16): the form's script is the page's only one, served as JavaScript.
  const script = await island;
  expect(script.status()).toBe(200);
  expect(script.headers()['content-type']).toMatch(/javascript/);
  await expect(customerPage.locator('script[src]')).toHaveCount(1);
  await pay.submit();
  await expect(customerPage.getByText('Enter your email')).toBeVisible();
  await expect(customerPage.getByText('Enter your first name')).toBeVisible();
  await expect(customerPage.getByText('Enter your last name')).toBeVisible();
  await expect(customerPage.getByText('Choose the type of your tax number')).toBeVisible();
  await expect(customerPage.getByLabel('Email')).toBeFocused();
  // Once shown, the errors follow what is typed.
  await customerPage.getByLabel('Email').fill('joao@example.com');
  await expect(customerPage.getByText('Enter your email')).toBeHidden();
  await expect(customerPage.getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');

  await pay.fill({ email: 'joao@example.com', firstName: 'João', lastName: 'Silva', taxIdType: 'CPF', taxNumber: '529.982.247-24' });
  await pay.submit();
  await expect(customerPage.getByText('Enter a valid CPF: 11 digits, the last two are check digits')).toBeVisible();
  await expect(customerPage.getByLabel('Tax number', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(customerPage);
  await expect(customerPage).toHaveURL(new RegExp(`${path}$`));
  expect(posts).toEqual([]);
  await customerPage.context().close();

  // Without JavaScript the form posts straight to the server, which checks the same rules: the page comes back
  // with the errors (a gateway call would have redirected to Mercado Pago instead).
  const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const plainPage = await noScript.newPage();
  const plain = new PayPage(plainPage);
  // (axe needs JavaScript: this page was checked above with it.)
  await plainPage.goto(path);
  await plain.fill({ email: 'joao@example.com', firstName: '', lastName: 'Silva', taxIdType: 'CPF', taxNumber: '111.111.111-11' });
  await plain.submit();
  await expect(plainPage.getByText('Enter your first name')).toBeVisible();
  await expect(plainPage.getByText('Enter a valid CPF: 11 digits, the last two are check digits')).toBeVisible();
  await expect(plainPage.getByLabel('Email')).toHaveValue('joao@example.com');
  await expect(plainPage.getByRole('heading', { level: 1, name: 'Oficina' })).toBeVisible();

  // And a valid submit without JavaScript goes to the gateway.
  await plain.fill({ email: 'joao@example.com', firstName: 'João', lastName: 'Silva', taxIdType: 'CPF', taxNumber: '111.444.777-35' });
  await plain.submit();
  await expect(plainPage.getByRole('heading', { level: 1, name: 'Pay with Mercado Pago' })).toBeVisible();
  await noScript.close();
});
