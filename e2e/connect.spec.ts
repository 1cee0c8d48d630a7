import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { simulator } from './support/simulator';

const WEBHOOK_URL = /\/api\/webhooks\/(mercadopago|secureandpay)\/[A-Za-z0-9_-]{24}$/;

test('a merchant connects Mercado Pago and gets the webhook URL with the exact instructions', async ({ page, context, merchant, gateways }) => {
  expect(merchant.email).toContain('@');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const dialog = await gateways.openConnect('Mercado Pago');

  // The popup guides the merchant to the credentials (seed MP3).
  await expect(dialog.getByRole('link', { name: /Open Your integrations on Mercado Pago/ })).toHaveAttribute('href', /mercadopago\.com\/developers\/panel\/app/);
  await expect(dialog.getByLabel('Country').locator('option')).toHaveText(['Choose a country', 'Brazil', 'Colombia', 'Mexico', 'Argentina']);

  await gateways.fillMercadoPago(dialog, { publicKey: account.publicKey, accessToken: account.accessToken, country: 'Brazil' });
  await gateways.save(dialog);
  await expect(dialog.getByRole('heading', { name: 'Mercado Pago is connected' })).toBeFocused();
  await expectAccessible(page);

  const url = await dialog.getByLabel('Webhook URL', { exact: true }).inputValue();
  expect(url).toMatch(WEBHOOK_URL);
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  // Seed MP4, step by step.
  await expect(dialog.getByRole('list').last().getByRole('listitem')).toHaveText([
    'Copy the webhook URL above.',
    "In Mercado Pago's Your integrations, open your application, then Webhooks → Configure notifications.",
    'Open the Production mode tab and paste the URL into the production URL field.',
    'Select the Payments event (recommended for Checkout Pro) and, under other events, Plans and subscriptions.',
    'Click Save.',
  ]);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(gateways.card('Mercado Pago')).toContainText('Connected');
  await expect(gateways.card('Mercado Pago').getByRole('link', { name: 'Manage Mercado Pago' })).toBeFocused();
});

test('Mercado Pago errors keep the typed values and save nothing', async ({ merchant, gateways, page }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const dialog = await gateways.openConnect('Mercado Pago');

  await gateways.save(dialog);
  await expect(dialog.getByText('Enter the API Public Key')).toBeVisible();
  await expect(dialog.getByText('Enter the Access Token')).toBeVisible();
  await expect(dialog.getByText('Choose the country of your Mercado Pago account')).toBeVisible();
  await expect(dialog.getByLabel('API Public Key')).toBeFocused();

  await gateways.fillMercadoPago(dialog, { publicKey: 'pk_live_123', accessToken: `TEST-${account.accessToken.slice(8)}`, country: 'Brazil' });
  await gateways.save(dialog);
  await expect(dialog.getByText('A public key starts with APP_USR- (production) or TEST- (test)')).toBeVisible();

  // A token Mercado Pago does not know.
  await gateways.fillMercadoPago(dialog, { publicKey: account.publicKey, accessToken: 'APP_USR-0000000000000000-000000-00000000000000000000000000000000-1', country: 'Brazil' });
  await gateways.save(dialog);
  await expect(dialog.getByText('Mercado Pago rejected this access token').first()).toBeVisible();
  await expect(dialog.getByLabel('API Public Key')).toHaveValue(account.publicKey);
  await expect(dialog.getByLabel('Access Token')).toHaveValue(/^APP_USR-0000/);

  // A Brazilian account, with Mexico chosen.
  await gateways.fillMercadoPago(dialog, { publicKey: account.publicKey, accessToken: account.accessToken, country: 'Mexico' });
  await gateways.save(dialog);
  await expect(dialog.getByText(/belongs to a Mercado Pago account in Brazil/)).toBeVisible();
  await expect(dialog.getByLabel('Country')).toHaveAttribute('aria-invalid', 'true');

  await gateways.close(dialog);
  await expect(gateways.card('Mercado Pago')).toContainText('Not connected');
  await page.reload();
  await expect(gateways.card('Mercado Pago')).toContainText('Not connected');
});

test('test credentials connect in test mode, with the no-webhooks warning', async ({ merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('AR', 'test');
  await gateways.open();
  const dialog = await gateways.openConnect('Mercado Pago');
  await gateways.fillMercadoPago(dialog, { publicKey: account.publicKey, accessToken: account.accessToken, country: 'Argentina' });
  await expect(dialog.getByText(/TEST- credentials connect in test mode/)).toBeVisible();
  await gateways.save(dialog);
  await expect(dialog.getByText('Test mode')).toBeVisible();
  await expect(dialog.getByText(/Mercado Pago sends no webhook notifications for test payments/)).toBeVisible();
  await gateways.close(dialog);
  await expect(gateways.card('Mercado Pago')).toContainText('Test mode');
});

test('Secure and Pay shows its final webhook URL before credentials, then connects', async ({ merchant, gateways, page }) => {
  expect(merchant.name).toBeTruthy();
  const site = await simulator.createSecureAndPaySite();
  await gateways.open();
  let dialog = await gateways.openConnect('Secure and Pay');
  const url = await dialog.getByLabel('Webhook URL', { exact: true }).inputValue();
  expect(url).toMatch(WEBHOOK_URL);
  await expect(dialog.getByText(/send it to Secure and Pay support through their contact form/)).toBeVisible();
  await expect(dialog.getByText('In Secure and Pay\'s email, this key is called "password".')).toBeVisible();

  await gateways.close(dialog);
  dialog = await gateways.openConnect('Secure and Pay');
  await expect(dialog.getByLabel('Webhook URL', { exact: true })).toHaveValue(url);

  await gateways.fillSecureAndPay(dialog, { siteId: site.siteId, apiSecret: 'not-the-secret' });
  await gateways.save(dialog);
  await expect(dialog.getByText('Secure and Pay rejected this Site ID and API secret key').first()).toBeVisible();

  await gateways.fillSecureAndPay(dialog, site);
  await gateways.save(dialog);
  await expect(dialog.getByRole('heading', { name: 'Secure and Pay is connected' })).toBeVisible();
  await expect(dialog.getByLabel('Webhook URL', { exact: true })).toHaveValue(url);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Connect Secure and Pay' })).toBeVisible();
  await expect(page.getByLabel('Webhook URL', { exact: true })).toHaveValue(url);
});

test('keyboard only: connect, update, disconnect and reconnect', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('CO');
  await gateways.open();
  const connectLink = gateways.card('Mercado Pago').getByRole('link', { name: 'Connect Mercado Pago' });
  await connectLink.focus();
  await page.keyboard.press('Enter');
  const dialog = gateways.dialog('Connect Mercado Pago');
  await expect(dialog).toBeVisible();

  // Focus is inside the dialog and stays there.
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await dialog.getByLabel('API Public Key').focus();
  await page.keyboard.type(account.publicKey);
  await page.keyboard.press('Tab');
  await page.keyboard.type(account.accessToken);
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Country')).toBeFocused();
  await dialog.getByLabel('Country').selectOption('CO');
  await dialog.getByLabel('Webhook secret signature').focus();
  await page.keyboard.type(account.webhookSecret);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Mercado Pago is connected' })).toBeFocused();
  const firstUrl = await dialog.getByLabel('Webhook URL', { exact: true }).inputValue();
  for (let i = 0; i < 30; i += 1) await page.keyboard.press('Tab');
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  const manageLink = gateways.card('Mercado Pago').getByRole('link', { name: 'Manage Mercado Pago' });
  await expect(manageLink).toBeFocused();

  // Manage: masked credentials, update with an empty token (keeps the stored one).
  await page.keyboard.press('Enter');
  const manage = gateways.dialog('Manage Mercado Pago');
  await expect(manage).toBeVisible();
  await expectAccessible(page);
  await expect(manage.getByText(`•••• ${account.accessToken.slice(-4)}`)).toBeVisible();
  await expect(manage.getByLabel('Access Token')).toHaveValue('');
  await expect(manage.getByText(`Leave empty to keep the stored token (ending in ${account.accessToken.slice(-4)}).`)).toBeVisible();
  await manage.getByLabel('Webhook secret signature').focus();
  await page.keyboard.type('a-new-webhook-secret-signature');
  await page.keyboard.press('Enter');
  await expect(manage.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(manage.getByRole('row').filter({ hasText: 'Credentials updated' })).toContainText('Webhook secret signature');
  await expect(manage.getByText('•••• ture')).toBeVisible();

  // Disconnect, with a confirmation that takes focus.
  await manage.getByRole('button', { name: 'Disconnect' }).focus();
  await page.keyboard.press('Enter');
  await expect(manage.getByRole('button', { name: 'Yes, disconnect Mercado Pago' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(manage.getByRole('button', { name: 'Disconnect' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(manage.getByRole('heading', { name: 'Mercado Pago is not connected.' })).toBeFocused();
  await expect(manage.getByRole('row').filter({ hasText: 'Disconnected' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(gateways.card('Mercado Pago')).toContainText('Not connected');
  // The old webhook URL is gone for good.
  expect((await page.request.post(firstUrl, { data: { type: 'payment' } })).status()).toBe(410);

  // Reconnecting gives a new webhook URL.
  const secondUrl = await gateways.connectMercadoPago({ publicKey: account.publicKey, accessToken: account.accessToken, country: 'Colombia' });
  expect(secondUrl).not.toBe(firstUrl);
});

test('the popup URL works as a page: deep link, reload, back, and without JavaScript', async ({ page, merchant, browser }) => {
  expect(merchant.name).toBeTruthy();
  await page.goto('/settings/payment-gateways/mercadopago/connect');
  await expect(page.getByRole('heading', { level: 1, name: 'Connect Mercado Pago' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Back to payment gateways' }).click();
  await page.getByRole('link', { name: 'Connect Mercado Pago' }).click();
  await expect(page.getByRole('dialog', { name: 'Connect Mercado Pago' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.goForward();
  await expect(page.getByRole('dialog', { name: 'Connect Mercado Pago' })).toBeVisible();

  // Without JavaScript, the same URL is a working form.
  const cookies = await page.context().cookies();
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  await noScript.addCookies(cookies);
  const plain = await noScript.newPage();
  const account = await simulator.createMercadoPagoAccount('MX');
  await plain.goto('/settings/payment-gateways/mercadopago/connect');
  // A refused save comes back with the error and with what was typed (but never the secret).
  await plain.getByLabel('API Public Key').fill(account.publicKey);
  await plain.getByLabel('Access Token').fill('APP_USR-0000000000000000-000000-00000000000000000000000000000000-1');
  await plain.getByLabel('Country').selectOption('MX');
  await plain.getByRole('button', { name: 'Save' }).click();
  await expect(plain.getByText('Mercado Pago rejected this access token').first()).toBeVisible();
  await expect(plain.getByLabel('API Public Key')).toHaveValue(account.publicKey);
  await expect(plain.getByLabel('Country')).toHaveValue('MX');
  await expect(plain.getByLabel('Access Token')).toHaveValue('');
  await plain.getByLabel('Access Token').fill(account.accessToken);
  await plain.getByLabel('Country').selectOption('MX');
  await plain.getByRole('button', { name: 'Save' }).click();
  await expect(plain.getByRole('heading', { name: 'Mercado Pago is connected' })).toBeVisible();
  await noScript.close();
});
