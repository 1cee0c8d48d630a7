// Long lists a page at a time (issue 16): Older and Newer links carry a cursor in the URL, the count shows beside
// them, and a search keeps its filter while paging.
import { randomUUID } from 'node:crypto';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { mercadoPagoSim, simulator } from './support/simulator';

test('Older and Newer walk the payments list and the notifications inbox 20 at a time', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const webhookUrl = await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await mercadoPagoSim.setWebhook(account.userId, webhookUrl);

  // 22 payments; the list orders them by when each was recorded (processing order, not quite creation order).
  const tag = randomUUID().slice(0, 6);
  const references = Array.from({ length: 22 }, (_, index) => `paged-${tag}-${String(index).padStart(2, '0')}`);
  for (const reference of references) {
    await mercadoPagoSim.createPayment({ userId: account.userId, status: 'approved', transaction_amount: 10, external_reference: reference, payer: { email: `${reference}@example.com` } });
  }
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await reloadUntil(page, () => expect(pages).toContainText('22 in all', { timeout: 500 }), { path: '/payments', timeoutMs: 15_000 });
  const listed = page.getByRole('row').filter({ hasText: `paged-${tag}` });
  // Each row's link is named by the gateway's payment id, with our order reference beside it.
  const shown = async () => (await listed.getByRole('link').allTextContents()).map((text) => text.match(/paged-\w+-\d\d/)?.[0] ?? text);
  await expect(listed).toHaveCount(20);
  const first = await shown();
  await expect(pages.getByRole('link', { name: 'Newer' })).toHaveCount(0);

  await pages.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/\/payments\?after=[0-9a-f-]{36}$/);
  await expect(listed).toHaveCount(2);
  // Every payment once across the two pages.
  expect([...first, ...(await shown())].sort()).toEqual(references);
  await expect(pages.getByRole('link', { name: 'Older' })).toHaveCount(0);
  await expect(pages).toContainText('22 in all');
  await expectAccessible(page);

  await pages.getByRole('link', { name: 'Newer' }).click();
  await expect(page).toHaveURL(/\/payments\?before=[0-9a-f-]{36}$/);
  await expect(listed).toHaveCount(20);
  expect(await shown()).toEqual(first);
  await expect(pages.getByRole('link', { name: 'Newer' })).toHaveCount(0);

  // A search keeps its filter: the 10 references …-10 to …-19, on one page.
  await page.getByRole('searchbox', { name: 'Payer email, name or reference' }).fill(`paged-${tag}-1`);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(listed).toHaveCount(10);
  await expect(pages).toContainText('10 in all');

  // The inbox: 22 notifications (one per payment, as the simulator sends them), 20 and then 2.
  await page.goto('/settings/payment-gateways/mercadopago/notifications');
  const inbox = page.getByRole('navigation', { name: 'Notification pages' });
  await expect(inbox).toContainText(/\d+ notifications/);
  await inbox.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/notifications\?after=[0-9a-f-]{36}$/);
  await inbox.getByRole('link', { name: 'Newer' }).click();
  await expect(page).toHaveURL(/notifications\?before=[0-9a-f-]{36}$/);
  await expect(inbox.getByRole('link', { name: 'Newer' })).toHaveCount(0);
  await expectAccessible(page);
});
