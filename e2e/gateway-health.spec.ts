// Gateway health and "nothing silently wrong" (issue 15), as people click it: updating credentials to another Mercado
// Pago account asks for confirmation naming both accounts and for that account's webhook secret (Cancel saves
// nothing); Send test notification waits and says what happened (verified; refused for a wrong secret), and the list
// then warns with the fix; checkouts with no notification raise an alert and an email once (the scheduled job run
// through POST /api/cron/silence-alerts, the silence shortened to 20 s by e2e/support/settings.ts); closing a popup
// while it saves still shows the saved state.
import { randomBytes } from 'node:crypto';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { e2eCronSecret } from './support/settings';
import { simulatorControl } from './support/simulator';
import { PayPage } from './pages/pay.page';
import { PricesPage } from './pages/prices.page';

type SimAccount = { userId: number; publicKey: string; accessToken: string; webhookSecret: string; nickname: string; email: string };
const mercadoPagoAccount = (nickname: string) =>
  simulatorControl<SimAccount>('/_sim/mercadopago/accounts', { country: 'BR', nickname, email: `${nickname.toLowerCase()}@example.com` });

test.describe.configure({ timeout: 90_000 });

test('updating to another account: a confirmation naming both, the new secret required; Cancel saves nothing', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const first = await mercadoPagoAccount(`FIRST${suffix}`);
  const second = await mercadoPagoAccount(`SECOND${suffix}`);
  await gateways.open();
  await gateways.connectMercadoPago({ ...first, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));

  let manage = await gateways.openManage('Mercado Pago');
  await expect(manage.getByRole('navigation', { name: 'Sections' }).getByRole('link')).toHaveText(['Overview', 'Credentials', 'Notifications', 'Activity', 'Danger zone']);
  await manage.getByLabel('API Public Key').fill(second.publicKey);
  await manage.getByLabel('Access Token').fill(second.accessToken);
  await gateways.save(manage);
  const notice = manage.getByRole('alert').filter({ hasText: 'These credentials belong to another account' });
  await expect(notice).toContainText(`FIRST${suffix}`);
  await expect(notice).toContainText(`SECOND${suffix} · second${suffix.toLowerCase()}@example.com · ${second.userId}`);
  await expect(manage.getByLabel('Webhook secret signature')).toHaveAttribute('aria-invalid', 'true');
  await expect(manage.getByText("Enter the secret signature of the new account's application")).toBeVisible();
  await expect(manage.getByRole('button', { name: 'Switch account and save' })).toBeDisabled();
  await expectAccessible(page);

  // Cancel: nothing saved.
  await manage.getByRole('button', { name: 'Cancel, keep the connected account' }).click();
  await expect(notice).toBeHidden();
  await gateways.close(manage);
  await expect(gateways.card('Mercado Pago')).toContainText('Connected');
  manage = await gateways.openManage('Mercado Pago');
  await expect(manage.getByRole('definition').filter({ hasText: first.publicKey })).toBeVisible();

  // Again, confirmed with the new account's secret: saved.
  await manage.getByLabel('API Public Key').fill(second.publicKey);
  await manage.getByLabel('Access Token').fill(second.accessToken);
  await gateways.save(manage);
  await expect(notice).toBeVisible();
  await manage.getByLabel('Webhook secret signature').fill(second.webhookSecret);
  await manage.getByLabel(`Yes, switch to SECOND${suffix}`).check();
  await manage.getByRole('button', { name: 'Switch account and save' }).click();
  await expect(manage.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(manage.getByRole('definition').filter({ hasText: second.publicKey })).toBeVisible();

  // The new account's notifications verify with the secret just saved.
  await manage.getByRole('button', { name: 'Send test notification' }).click();
  await expect(manage.getByRole('status').filter({ hasText: 'Arrived and verified' })).toBeVisible({ timeout: 15_000 });
});

test('Send test notification says what happened: verified, then refused for a wrong secret; the list warns with the fix', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await mercadoPagoAccount(`TESTER${randomBytes(3).toString('hex').toUpperCase()}`);
  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));

  const manage = await gateways.openManage('Mercado Pago');
  await manage.getByRole('button', { name: 'Send test notification' }).click();
  await expect(manage.getByRole('status').filter({ hasText: 'Arrived and verified' })).toBeVisible({ timeout: 15_000 });

  // Same account, a wrong secret: saved without a question, and the next test notification is refused.
  await manage.getByLabel('Webhook secret signature').fill('not-the-secret-signature');
  await gateways.save(manage);
  await expect(manage.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await manage.getByRole('button', { name: 'Send test notification' }).click();
  await expect(manage.getByRole('alert').filter({ hasText: 'Refused: wrong secret' })).toBeVisible({ timeout: 15_000 });
  await expect(manage.getByRole('listitem').filter({ hasText: 'Notifications failing verification' })).toBeVisible();
  await gateways.close(manage);

  // Health on the list: the last notification, the problem and its fix.
  const card = gateways.card('Mercado Pago');
  await expect(card).toContainText('Needs attention');
  await expect(card).toContainText('Last notification received');
  const warning = card.getByRole('listitem').filter({ hasText: 'Notifications failing verification' });
  await expect(warning).toContainText('Wrong signature (a different secret?)');
  await expect(warning).toContainText('Fix: Copy the secret signature from Your integrations');
  await expectAccessible(page);
});

test('checkouts and no notification: a warning with its fix, and one alert and one email', async ({ page, browser, baseURL, merchant, gateways }) => {
  test.setTimeout(120_000);
  expect(merchant.name).toBeTruthy();
  const account = await simulatorControl<{ id: string; apiKey: string }>('/_sim/mockpay/accounts', {});
  await gateways.open();
  await gateways.connectMockPay(account.apiKey);
  await gateways.close(gateways.dialog('Connect Mock Pay'));
  const prices = new PricesPage(page);
  await prices.open();
  await prices.create({ name: 'Quiet workshop', gateway: 'Mock Pay', amount: '1500' });
  const path = await prices.paymentPagePath('Quiet workshop');

  // A customer starts a checkout and leaves it on the gateway's page: no notification will come.
  const customerPage = await (await browser.newContext({ baseURL })).newPage();
  const pay = new PayPage(customerPage);
  await pay.open(path, 'Quiet workshop');
  await pay.fill({ email: 'quiet@example.com', firstName: 'Aki', lastName: 'Mori' });
  await pay.submit();
  await expect(customerPage).toHaveURL(/\/mockpay\/pay\/chk_/);
  await customerPage.context().close();

  // After the (shortened) silence, the scheduled job raises the alert; running it again raises nothing more.
  await page.waitForTimeout(21_000);
  const runJob = () => page.request.post('/api/cron/silence-alerts', { headers: { authorization: `Bearer ${e2eCronSecret()}` } });
  expect((await runJob()).ok()).toBe(true);
  expect((await runJob()).ok()).toBe(true);

  await page.goto('/alerts');
  const alert = page.getByRole('article', { name: /No notifications from a gateway/ });
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('A checkout was started with Mock Pay and no notification has arrived');

  await gateways.open();
  const warning = gateways.card('Mock Pay').getByRole('listitem').filter({ hasText: 'Checkouts started, but no notification' });
  await expect(warning).toContainText("Fix: Paste the webhook URL shown in Manage into Mock Pay's dashboard");

  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Emails' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'No notifications from Mock Pay for over 1 hour' })).toHaveCount(1);
});

test('closing the Connect popup while it saves: the list shows the saved connection', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await mercadoPagoAccount(`SLOW${randomBytes(3).toString('hex').toUpperCase()}`);
  await gateways.open();
  const dialog = await gateways.openConnect('Mercado Pago');
  await gateways.fillMercadoPago(dialog, { ...account, country: 'Brazil' });
  // Mercado Pago answers slowly: Save is still pending when Esc closes the popup.
  await simulatorControl('/_sim/mercadopago/outage', { latencyMs: 2_000 });
  try {
    await gateways.save(dialog);
    await expect(dialog.getByRole('button', { name: 'Saving…' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(gateways.card('Mercado Pago')).toContainText('Connected', { timeout: 15_000 });
  } finally {
    await simulatorControl('/_sim/mercadopago/outage', { latencyMs: 0 });
  }
  await reloadUntil(page, () => expect(gateways.card('Mercado Pago')).toContainText('Connected', { timeout: 500 }));
});

test('popups that fit: Connect shows Save without scrolling at 1280×800; Manage is in headed sections', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  await page.setViewportSize({ width: 1280, height: 800 });
  await gateways.open();
  for (const gateway of ['Mercado Pago', 'Secure and Pay', 'Mock Pay'] as const) {
    const dialog = await gateways.openConnect(gateway);
    await expect(dialog.getByRole('button', { name: 'Save' })).toBeInViewport();
    await gateways.close(dialog);
  }
  // The steps fold away and open on demand.
  const dialog = await gateways.openConnect('Mercado Pago');
  await dialog.getByText('Where to find your credentials').click();
  await expect(dialog.getByText('Sign in to Mercado Pago and open Your integrations.')).toBeVisible();
  await gateways.close(dialog);

  const account = await mercadoPagoAccount(`FIT${randomBytes(3).toString('hex').toUpperCase()}`);
  await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));
  const manage = await gateways.openManage('Mercado Pago');
  for (const section of ['Overview', 'Credentials', 'Notifications', 'Activity', 'Danger zone']) {
    await expect(manage.getByRole('heading', { level: 3, name: section, exact: true })).toHaveCount(1);
  }
  await manage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Danger zone' }).click();
  await expect(manage.getByRole('button', { name: 'Disconnect' })).toBeInViewport();
});
