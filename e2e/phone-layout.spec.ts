// Phones (issue 15): at 390×844 every dashboard page fits the screen (no sideways scrolling), with data in its lists;
// the main menu opens from its toggle and navigates; the alerts bell and the account menu stay on screen; popups
// fill the screen with Close visible. Each page is checked with axe at that size too.
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { mercadoPagoSim, simulator } from './support/simulator';
import { PricesPage } from './pages/prices.page';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });
// Many pages, each measured and checked with axe.
test.describe.configure({ timeout: 180_000 });

/** How wide the document is: more than the viewport means the page scrolls sideways. */
const documentWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** The page fits the phone, the top bar's controls are on screen, and axe finds nothing serious. */
async function expectFits(page: Page, name: string, options: { shell?: boolean } = {}) {
  await page.waitForLoadState('load');
  const width = await documentWidth(page);
  test.info().annotations.push({ type: 'width', description: `${name}: ${width}px` });
  expect.soft(width, `${name} (${page.url()}) is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
  if (options.shell ?? true) {
    await expect.soft(bell(page), `${name}: the alerts bell`).toBeInViewport();
    await expect.soft(page.getByRole('banner').getByRole('button', { name: /^Account menu for / }), `${name}: the account menu`).toBeInViewport();
    await expect.soft(menuToggle(page), `${name}: the main menu toggle`).toBeInViewport();
  }
  await expectAccessible(page);
}

/** Not cut off at either side (also where a box would scroll sideways); vertically it may be further down the page. */
async function expectWithinWidth(locator: Locator, what: string) {
  const box = await locator.boundingBox();
  expect(box, `${what} is shown`).not.toBeNull();
  expect.soft(box?.x ?? -1, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect.soft((box?.x ?? 0) + (box?.width ?? 0), `${what}: right edge`).toBeLessThanOrEqual(PHONE.width);
}

const menuToggle = (page: Page) => page.getByRole('banner').getByRole('button', { name: 'Menu', exact: true });
const bell = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Alerts, / });

test('every dashboard page fits a 390 px phone, with a payment, a subscription and a price in it', async ({ page, merchant, gateways }) => {
  const prices = new PricesPage(page);

  // Data: a connected Mercado Pago account, a payment with a partial refund, a subscription with a failed charge,
  // and a price.
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  await expectFits(page, 'payment gateways');
  const connect = await gateways.openConnect('Mercado Pago');
  // A popup hides the page behind it from screen readers, the top bar too.
  await expectFits(page, 'connect popup', { shell: false });
  await expect(connect.getByRole('button', { name: 'Close' })).toBeInViewport();
  await gateways.fillMercadoPago(connect, { ...account, country: 'Brazil' });
  await gateways.save(connect);
  await expect(connect.getByRole('heading', { name: 'Mercado Pago is connected' })).toBeVisible();
  await expectWithinWidth(connect.getByRole('button', { name: 'Copy' }).first(), 'Copy');
  await expectFits(page, 'connect popup, connected', { shell: false });
  await mercadoPagoSim.setWebhook(account.userId, await connect.getByLabel('Webhook URL', { exact: true }).inputValue());
  await gateways.close(connect);

  const reference = `order-${randomUUID().slice(0, 8)}`;
  const payment = await mercadoPagoSim.createPayment({
    userId: account.userId,
    status: 'approved',
    transaction_amount: 120.5,
    payment_type_id: 'credit_card',
    external_reference: reference,
    payer: { email: 'ana.maria.long-address@example.com', first_name: 'Ana Maria', last_name: 'Souza de Oliveira' },
  });
  await mercadoPagoSim.refund(payment.id, 20);
  const subReference = `sub-${randomUUID().slice(0, 8)}`;
  const preapproval = await mercadoPagoSim.createPreapproval({
    userId: account.userId,
    status: 'authorized',
    external_reference: subReference,
    payer_email: 'cy@example.com',
    auto_recurring: { frequency: 1, frequency_type: 'months', transaction_amount: 299, currency_id: 'BRL' },
  });
  const failed = await mercadoPagoSim.charge(preapproval.id, { payment_status: 'rejected', payment_type_id: 'credit_card' });

  await page.goto('/prices');
  await expectFits(page, 'prices, empty');
  const priceName = 'Monthly yoga class with a long name';
  await prices.create({ name: priceName, gateway: 'Mercado Pago', amount: '89.90' });
  const priceRow = prices.row(priceName);
  // The payment page's address and its controls, Edit and Archive: on screen, not in a box that scrolls sideways.
  await expectWithinWidth(priceRow.getByRole('link', { name: `Open the payment page of ${priceName} in a new tab` }), 'Open');
  await expectWithinWidth(priceRow.getByRole('button', { name: `Copy the payment page address of ${priceName}` }), 'Copy address');
  await expectWithinWidth(priceRow.getByRole('link', { name: `Edit ${priceName}` }), 'Edit');
  await expectWithinWidth(priceRow.getByRole('button', { name: `Archive ${priceName}` }), 'Archive');
  await expectFits(page, 'prices');
  await page.goto('/prices/new');
  await expectFits(page, 'new price');
  await page.goto('/prices');
  await priceRow.getByRole('link', { name: `Edit ${priceName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit price' })).toBeVisible();
  await expectFits(page, 'edit price');

  // Payments and subscriptions arrive through notifications: wait until both lists show them.
  await reloadUntil(page, () => expect(page.getByRole('link', { name: reference })).toBeVisible({ timeout: 500 }), { path: '/payments' });
  await expectFits(page, 'payments');
  await page.getByRole('link', { name: reference }).click();
  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]{36}$/);
  await reloadUntil(page, () => expect(page.getByRole('region', { name: 'Refunds' }).getByRole('row')).toHaveCount(2, { timeout: 500 }));
  await expectFits(page, 'payment detail');

  await reloadUntil(page, () => expect(page.getByRole('link', { name: subReference })).toBeVisible({ timeout: 500 }), { path: '/subscriptions' });
  await expectFits(page, 'subscriptions');
  await page.getByRole('link', { name: subReference }).click();
  await expect(page).toHaveURL(/\/subscriptions\/[0-9a-f-]{36}$/);
  const installment = page.getByRole('region', { name: `Installment ${failed.id}` });
  await reloadUntil(page, () => expect(installment.getByRole('row').filter({ hasText: 'Attempt 1' })).toContainText('Rejected', { timeout: 500 }));
  await expectFits(page, 'subscription detail');

  await page.goto('/');
  await expectFits(page, 'home');
  await page.goto('/alerts');
  await expectFits(page, 'alerts');
  await page.goto('/settings/profile');
  await expectFits(page, 'settings profile');
  await page.goto('/settings/emails');
  await expect(page.getByRole('row').filter({ hasText: 'Confirm your email address' })).toBeVisible();
  await expectFits(page, 'settings emails');
  await page.goto('/settings/payment-gateways/mercadopago/notifications');
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await expectFits(page, 'notifications inbox');

  await gateways.open();
  const manage = await gateways.openManage('Mercado Pago');
  await expectFits(page, 'manage popup', { shell: false });
  await expect(manage.getByRole('button', { name: 'Close' })).toBeInViewport();
  await expectWithinWidth(manage.getByRole('button', { name: 'Disconnect' }), 'Disconnect');
  // Scrolled to its end (the audit log), Close is still on screen.
  await manage.getByRole('heading', { name: 'Activity', exact: true }).scrollIntoViewIfNeeded();
  await expect(manage.getByRole('button', { name: 'Close' })).toBeInViewport();
  await gateways.close(manage);
  await page.goto('/settings/payment-gateways/mercadopago/manage');
  await expectFits(page, 'manage page');

  // Signed out: the sign-in and sign-up pages.
  await page.getByRole('button', { name: `Account menu for ${merchant.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expectFits(page, 'sign in', { shell: false });
  await page.goto('/sign-up');
  await expectFits(page, 'sign up', { shell: false });
});

test('the main menu opens from its toggle, marks the current page, closes on Esc and navigates', async ({ page, merchant }) => {
  const toggle = menuToggle(page);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  // The desktop links are not shown on a phone: the menu holds them.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();

  await toggle.click();
  // While the sheet is open, everything else (the toggle too) is hidden from screen readers: find it anyway.
  await expect(page.getByRole('button', { name: 'Menu', exact: true, includeHidden: true })).toHaveAttribute('aria-expanded', 'true');
  const menu = page.getByRole('dialog', { name: 'Menu' });
  const nav = menu.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Payments' })).not.toHaveAttribute('aria-current', 'page');
  await expectAccessible(page);
  expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);

  // Esc closes it and puts focus back on the toggle.
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');

  // From the keyboard: open, move to Payments, follow it; the menu closes and Payments is now the current page.
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeFocused();
  await nav.getByRole('link', { name: 'Payments' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/payments$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await expect(menu).toBeHidden();
  await toggle.click();
  await expect(nav.getByRole('link', { name: 'Payments' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Prices' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prices' })).toBeVisible();
  await expect(menu).toBeHidden();

  // The bell and the account menu work from a phone too.
  await bell(page).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await page.getByRole('button', { name: `Account menu for ${merchant.name}` }).click();
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');
  await expectFits(page, 'settings, after navigating');
});

test('a dead payment link tells the customer the page is not available, without dashboard links', async ({ page }) => {
  const response = await page.goto(`/pay/no-such-price-${randomUUID().slice(0, 8)}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'This payment page is not available' })).toBeVisible();
  await expect(page.getByText(/contact the seller/i)).toBeVisible();
  await expect(page.getByRole('link', { name: /dashboard/i })).toHaveCount(0);
  await expectFits(page, 'payment page not found', { shell: false });

  // The app icons load for a visitor who is not signed in, too.
  for (const rel of ['icon', 'apple-touch-icon']) {
    const href = await page.locator(`head link[rel="${rel}"]`).first().getAttribute('href');
    expect(href, `<link rel="${rel}">`).toBeTruthy();
    const icon = await page.request.get(href ?? '', { maxRedirects: 0 });
    expect(icon.status(), `${rel} ${href}`).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\//);
  }
});
