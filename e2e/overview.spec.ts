// The home page's overview (README "Overview"): a new merchant's checklist ticks itself step by step as they connect
// a gateway, create a price and a customer pays; the payment then shows under today, in the chart's table and in
// recent payments (linking to its page), a rejected one as failed and as an unread alert. Checked with axe, and at
// a phone's width without horizontal scrolling.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { mercadoPagoSim, simulator } from './support/simulator';
import { PayPage } from './pages/pay.page';
import { PricesPage } from './pages/prices.page';

const STEPS = [
  'Connect a payment gateway',
  'Paste your webhook URL into the gateway',
  'Create a price',
  'Share your payment page',
  'Receive your first payment',
] as const;

const checklist = (page: Page) => page.getByRole('region', { name: 'Get set up' });
const step = (page: Page, title: (typeof STEPS)[number]) => checklist(page).getByRole('listitem').filter({ hasText: title });

/** Which steps the checklist shows as done, in order. */
async function ticked(page: Page): Promise<boolean[]> {
  return Promise.all(STEPS.map(async (title) => (await step(page, title).textContent())?.includes('Done') ?? false));
}

async function openOverview(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
}

/**
 * How far the page's content reaches past the right edge of the screen, in px (0: nothing does). The content only:
 * the top bar is the shell's, with its own narrow-screen menu.
 */
async function overflowOfContent(page: Page): Promise<number> {
  return page.evaluate(() => {
    const main = document.getElementById('main');
    if (!main) return Number.POSITIVE_INFINITY;
    const edge = document.documentElement.clientWidth;
    const rights = [main, ...main.querySelectorAll('*')].map((element) => element.getBoundingClientRect().right);
    return Math.max(main.scrollWidth - main.clientWidth, ...rights.map((right) => Math.ceil(right - edge)), 0);
  });
}

/** One window's card ("Today", "Last 7 days", "Last 30 days") of one currency. */
const card = (page: Page, currency: string, window: string): Locator =>
  page.getByRole('region', { name: `In ${currency}` }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: window, exact: true }) });

test.describe.configure({ timeout: 120_000 });

test('a new merchant’s checklist ticks itself; an approved payment shows under today, in the chart and in recent payments', async ({ page, browser, baseURL, merchant, gateways }) => {
  await openOverview(page);
  await expect(checklist(page)).toContainText('0 of 5 steps done');
  expect(await ticked(page)).toEqual([false, false, false, false, false]);
  await expect(step(page, 'Connect a payment gateway').getByRole('link', { name: 'Connect a gateway' })).toHaveAttribute('href', '/settings/payment-gateways');
  await expect(step(page, 'Create a price').getByRole('link', { name: 'Create a price' })).toHaveAttribute('href', '/prices/new');
  await expect(page.getByText('No payment was approved or failed in the last 30 days.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recent payments' })).toContainText('No payment yet.');
  await expect(page.getByRole('region', { name: 'Unread alerts' })).toContainText('No unread alert.');
  await expectAccessible(page);

  // Connected: the first step ticks, its link goes away; the webhook step waits for a notification.
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const webhookUrl = await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));
  await mercadoPagoSim.setWebhook(account.userId, webhookUrl);
  await openOverview(page);
  expect(await ticked(page)).toEqual([true, false, false, false, false]);
  await expect(step(page, 'Connect a payment gateway').getByRole('link')).toHaveCount(0);

  const prices = new PricesPage(page);
  await prices.open();
  const path = await prices.create({ name: 'Curso de aquarela', gateway: 'Mercado Pago', amount: '49.90' });
  await openOverview(page);
  expect(await ticked(page)).toEqual([true, false, true, false, false]);
  await expect(checklist(page)).toContainText('2 of 5 steps done');

  // A customer pays on the payment page: an order is started (shared), the gateway notifies (webhook), a payment.
  const customerPage = await (await browser.newContext({ baseURL })).newPage();
  const pay = new PayPage(customerPage);
  await pay.open(path, 'Curso de aquarela');
  await pay.fill({ email: 'joao@example.com', firstName: 'João', lastName: 'Silva', taxIdType: 'CPF', taxNumber: '529.982.247-25' });
  await pay.submit();
  await pay.payOnMercadoPago('Pix', 'Approve the payment');
  await pay.expectReturn('Payment approved');
  await customerPage.context().close();

  // Every step done: the checklist is gone; the payment is today's, in BRL.
  await reloadUntil(page, () => expect(card(page, 'BRL', 'Today')).toContainText('R$49.90', { timeout: 500 }), { path: '/', timeoutMs: 15_000 });
  await expect(checklist(page)).toHaveCount(0);
  await expect(card(page, 'BRL', 'Today')).toContainText('1 approved payment, none failed');
  await expect(card(page, 'BRL', 'Last 7 days')).toContainText('R$49.90');
  await expect(card(page, 'BRL', 'Last 30 days')).toContainText('R$49.90');
  await expect(page.getByRole('img', { name: /^Bar chart: the amount approved each day in BRL/ })).toBeVisible();
  await expect(page.locator('.recharts-bar-rectangle').first()).toBeAttached();

  // The chart's table: 30 days, today last, with the amount.
  await page.getByText('Show as table').click();
  const table = page.getByRole('table', { name: /^Amount approved each day in BRL, last 30 days/ });
  await expect(table).toBeVisible();
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(31);
  await expect(rows.last()).toContainText('R$49.90');
  await expect(rows.last().getByRole('cell').last()).toHaveText('1');
  await expectAccessible(page);

  // A rejected payment: failed under today, and an unread alert linking to Alerts.
  await mercadoPagoSim.createPayment({
    userId: account.userId,
    status: 'rejected',
    status_detail: 'cc_rejected_insufficient_amount',
    transaction_amount: 10,
    payment_type_id: 'credit_card',
    payer: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Souza' },
  });
  await reloadUntil(page, () => expect(card(page, 'BRL', 'Today')).toContainText('1 approved payment, 1 failed', { timeout: 500 }), { path: '/', timeoutMs: 15_000 });
  const alerts = page.getByRole('region', { name: 'Unread alerts' });
  // The alert is raised once the payment is recorded, a moment after the totals can show it.
  await reloadUntil(page, () => expect(alerts).toContainText('1 unread alert', { timeout: 500 }), { path: '/', timeoutMs: 15_000 });
  await expect(alerts.getByRole('list', { name: 'Latest unread alerts' }).getByRole('listitem')).toHaveCount(1);
  await expect(alerts.getByRole('link', { name: 'See all alerts' })).toHaveAttribute('href', '/alerts');

  // Recent payments, newest first: the rejected one, then the approved one, which opens its page.
  const recent = page.getByRole('region', { name: 'Recent payments' }).getByRole('list', { name: 'Your latest payments, newest first' }).getByRole('listitem');
  await expect(recent).toHaveCount(2);
  await expect(recent.first()).toContainText('Rejected');
  await expect(recent.last()).toContainText('R$49.90');
  await expect(recent.last()).toContainText('Approved');
  await expectAccessible(page);
  await recent.last().getByRole('link').click();
  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Payment \d+$/ })).toBeVisible();
  await expect(page.getByText('R$49.90').first()).toBeVisible();
  expect(merchant.name).toBeTruthy();

  // On a phone: the cards stack, the chart shrinks to the screen, nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await openOverview(page);
  const chart = page.getByRole('img', { name: /^Bar chart: the amount approved each day in BRL/ });
  await expect(page.locator('.recharts-bar-rectangle').first()).toBeAttached();
  expect((await chart.boundingBox())?.width ?? 0).toBeLessThanOrEqual(390);
  const [today, week] = [await card(page, 'BRL', 'Today').boundingBox(), await card(page, 'BRL', 'Last 7 days').boundingBox()];
  expect(week?.y ?? 0, 'the 7-day card sits below today’s').toBeGreaterThan((today?.y ?? 0) + (today?.height ?? 0) - 1);
  await page.getByText('Show as table').click();
  expect(await overflowOfContent(page), 'content past the right edge, in px').toBe(0);
  await expectAccessible(page);
});

test('a new merchant’s overview fits a 390 px wide screen', async ({ page, merchant }) => {
  expect(merchant.name).toBeTruthy();
  await page.setViewportSize({ width: 390, height: 844 });
  await openOverview(page);
  await expect(checklist(page)).toBeVisible();
  expect(await overflowOfContent(page), 'content past the right edge, in px').toBe(0);
  await expectAccessible(page);
});
