import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Request } from '@playwright/test';
import { test, expect } from './fixtures';
import { AuthPages } from './pages/auth.page';
import { GatewaysPage } from './pages/gateways.page';
import { e2eServerLog } from './support/settings';
import { simulator } from './support/simulator';

test('no saved secret reaches the browser: not in HTML, RSC payloads, action responses or logs', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  const secrets = [account.accessToken, account.webhookSecret];
  const responses: string[] = [];
  page.on('response', async (response) => {
    if (response.request().method() === 'POST') responses.push(await response.text().catch(() => ''));
  });

  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  const manage = '/settings/payment-gateways/mercadopago/manage';
  await page.goto(manage);
  await expect(page.getByText(`•••• ${account.accessToken.slice(-4)}`)).toBeVisible();
  // The update form posts too: its response must not echo what was typed into secret fields.
  await page.getByLabel('Access Token').fill(account.accessToken);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  const html = await (await page.request.get(manage)).text();
  const rsc = await (await page.request.get(manage, { headers: { RSC: '1' } })).text();
  const connectRsc = await (await page.request.get('/settings/payment-gateways/mercadopago/connect', { headers: { RSC: '1' } })).text();
  expect(rsc.length).toBeGreaterThan(100);
  expect(responses.length).toBeGreaterThanOrEqual(2);
  const log = readFileSync(e2eServerLog(), 'utf8');
  for (const secret of secrets) {
    for (const [where, text] of Object.entries({ html, rsc, connectRsc, log, actionResponses: responses.join('\n') })) {
      expect(text.includes(secret), `${where} contains a secret`).toBe(false);
    }
  }
});

test('another merchant replaying a server action cannot touch this merchant’s connection', async ({ page, merchant, gateways, browser }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));

  // Capture the real "disconnect" server action request, then cancel it before it happens: go through the
  // confirmation, but record the request instead of letting it reach the server.
  const manage = await gateways.openManage('Mercado Pago');
  let captured: Request | undefined;
  await page.route('**/settings/payment-gateways/**', async (route) => {
    if (route.request().method() === 'POST' && route.request().headers()['next-action']) {
      captured = route.request();
      await route.abort();
      return;
    }
    await route.continue();
  });
  await manage.getByRole('button', { name: 'Disconnect' }).click();
  await manage.getByRole('button', { name: 'Yes, disconnect Mercado Pago' }).click();
  await expect.poll(() => captured).toBeDefined();
  await page.unroute('**/settings/payment-gateways/**');
  if (!captured) throw new Error('no action captured');

  // A second merchant sends the very same action, with the first merchant's data.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new AuthPages(otherPage).signUp({ name: 'Intruder', email: `intruder-${randomUUID()}@example.com`, password: 'a-long-password-2' });
  await expect(otherPage.getByRole('heading', { name: 'Welcome, Intruder' })).toBeVisible();
  // Same action id and body; the intruder's own session cookie, never the first merchant's.
  const headers = Object.fromEntries(Object.entries(captured.headers()).filter(([name]) => name.toLowerCase() !== 'cookie'));
  const replay = await otherPage.request.post(captured.url(), { headers, data: captured.postDataBuffer() ?? '' });
  expect(replay.status()).toBeLessThan(500);
  await other.close();

  // The first merchant is still connected.
  const mine = new GatewaysPage(page);
  await mine.open();
  await expect(mine.card('Mercado Pago')).toContainText('Connected');
});
