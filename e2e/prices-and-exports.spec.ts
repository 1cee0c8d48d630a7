// Issue 15, prices and exports: a price form that shows every problem at once with its limits, a payment page shared
// by its full address (Copy, Open, QR code), a slug changed with the old address redirecting, Archived with Restore,
// a confirmation after each change, and CSV exports whose rows are the list's.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { mercadoPagoSim, simulator } from './support/simulator';
import { PricesPage } from './pages/prices.page';

test.describe.configure({ timeout: 120_000 });

/** The confirmation after a change: a status region (screen readers announce it), shown once. */
const confirmation = (page: Page) => page.getByRole('status').filter({ hasText: /was (created|saved|archived|restored)/ });

test('a price shared by its full address, renamed with the old address redirecting, archived and restored, each change confirmed', async ({
  page,
  context,
  merchant,
  gateways,
  baseURL,
}) => {
  expect(merchant.name).toBeTruthy();
  const site = await simulator.createSecureAndPaySite();
  await gateways.open();
  await gateways.connectSecureAndPay(site);
  await gateways.close(gateways.dialog('Connect Secure and Pay'));

  const prices = new PricesPage(page);
  await prices.open();
  await prices.startNew();
  // Every problem at once: the empty amount is flagged with the missing currency, which is "missing", not the rule.
  await prices.field('Payment gateway').selectOption({ label: 'Secure and Pay' });
  await prices.submit();
  await expect(page.getByText('Enter a name for the price')).toBeVisible();
  await expect(page.getByText('Choose a currency', { exact: true }).and(page.locator('p'))).toBeVisible();
  await expect(page.getByText('Enter the amount')).toBeVisible();
  await expect(page.getByText('Secure and Pay accepts USD, EUR and GBP only', { exact: true })).toHaveCount(0);
  for (const label of ['Name', 'Currency', 'Amount']) await expect(prices.field(label)).toHaveAttribute('aria-invalid', 'true');
  // Limits are stated, in the reader's digits; too many digits is "too large", not a format problem.
  await prices.field('Amount').fill('99999999999999999');
  await prices.submit();
  await expect(page.getByText('The amount is too large: enter at most 1,000,000.00')).toBeVisible();
  await expectAccessible(page);

  const name = `Yoga ${randomUUID().slice(0, 6)}`;
  await prices.fill({ name, gateway: 'Secure and Pay', currency: 'EUR', amount: '25' });
  await prices.submit();
  await expect(confirmation(page)).toHaveText(`${name} was created. Its payment page is ready: copy its address below.`);
  // Shown once: the address no longer carries it.
  await expect(page).toHaveURL(/\/prices$/);
  await expectAccessible(page);

  // The full address, absolute, with Copy and Open; the QR code of it.
  const url = await prices.paymentPageUrl(name);
  expect(url).toMatch(new RegExp(`^${baseURL}/pay/[a-z0-9-]+$`));
  await expect(prices.row(name)).toContainText(url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await prices.row(name).getByRole('button', { name: `Copy the payment page address of ${name}` }).click();
  await expect(prices.row(name).getByRole('status')).toHaveText(`The payment page address of ${name} was copied.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await prices.row(name).getByText('QR code', { exact: true }).click();
  await expect(prices.row(name).getByRole('img', { name: `QR code of ${url}` })).toBeVisible();
  const opened = context.waitForEvent('page');
  await prices.row(name).getByRole('link', { name: `Open the payment page of ${name} in a new tab` }).click();
  const payTab = await opened;
  await expect(payTab.getByRole('heading', { name })).toBeVisible();
  await payTab.close();

  // A new slug: refused when malformed (with the rule), then saved; the old address redirects to the new one.
  await prices.row(name).getByRole('link', { name: `Edit ${name}` }).click();
  const oldPath = new URL(url).pathname;
  await expect(prices.field('Payment page address')).toHaveValue(oldPath.replace('/pay/', ''));
  await prices.field('Payment page address').fill('x');
  await prices.submit('Save price');
  await expect(page.getByText('Use 3 to 60 characters')).toBeVisible();
  await prices.field('Payment page address').fill('yoga--class');
  await prices.submit('Save price');
  await expect(page.getByText(/^Use lowercase letters \(a–z\), digits and hyphens only/)).toBeVisible();
  await expectAccessible(page);
  const slug = `yoga-${randomUUID().slice(0, 8)}`;
  await prices.field('Payment page address').fill(slug);
  await prices.submit('Save price');
  await expect(confirmation(page)).toHaveText(`${name} was saved.`);
  expect(await prices.paymentPageUrl(name)).toBe(`${baseURL}/pay/${slug}`);
  await page.goto(oldPath);
  await expect(page).toHaveURL(new RegExp(`/pay/${slug}$`));
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // Archive: confirmed, gone from the list, under Archived; Restore puts it back.
  await page.goto('/prices');
  await prices.row(name).getByRole('button', { name: `Archive ${name}` }).click();
  await page.getByRole('button', { name: `Archive ${name}` }).click();
  await expect(confirmation(page)).toHaveText(`${name} was archived. Its payment page takes no more payments; find it under Archived to restore it.`);
  await expect(prices.row(name)).toBeHidden();
  await page.getByRole('navigation', { name: 'Prices to show' }).getByRole('link', { name: 'Archived (1)' }).click();
  await expect(page.getByRole('link', { name: 'Archived (1)' })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page);
  await prices.row(name).getByRole('button', { name: `Restore ${name}` }).click();
  await expect(confirmation(page)).toHaveText(`${name} was restored. Its payment page takes payments again.`);
  await expect(prices.row(name)).toBeHidden();
  await page.getByRole('link', { name: 'On sale' }).click();
  await expect(prices.row(name)).toContainText('Active');
  await expect(page.getByRole('link', { name: 'Archived (0)' })).toBeVisible();
});

/** A downloaded CSV's records (RFC 4180, as csv-stringify writes it), after checking its byte-order mark. */
function parseCsv(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (quoted) {
      if (character === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      record.push(field);
      field = '';
    } else if (character === '\r' && text.charAt(index + 1) === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else field += character;
  }
  return records;
}

test('the CSV export has the Payments list’s rows as filtered', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const webhookUrl = await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await mercadoPagoSim.setWebhook(account.userId, webhookUrl);
  const run = randomUUID().slice(0, 6);
  const payments = [
    { reference: `exp-${run}-1`, status: 'approved', amount: 120.5, first: 'João', last: 'Conceição, "Jo"' },
    { reference: `exp-${run}-2`, status: 'rejected', amount: 80, first: 'Ana', last: 'Souza' },
    { reference: `exp-${run}-3`, status: 'approved', amount: 15.25, first: 'Bia', last: 'Lima' },
  ];
  for (const payment of payments) {
    await mercadoPagoSim.createPayment({
      userId: account.userId,
      status: payment.status,
      transaction_amount: payment.amount,
      payment_type_id: 'credit_card',
      external_reference: payment.reference,
      payer: { email: `${payment.reference}@example.com`, first_name: payment.first, last_name: payment.last },
    });
  }
  await reloadUntil(page, () => expect(page.getByRole('row').filter({ hasText: `exp-${run}` })).toHaveCount(2, { timeout: 500 }), {
    path: '/payments?status=approved',
    timeoutMs: 10_000,
  });
  await expectAccessible(page);

  // The link carries the list's filter; the file has the rows the list shows, in its order.
  const link = page.getByRole('link', { name: 'Export these payments as CSV, with the filters shown' });
  await expect(link).toHaveAttribute('href', '/payments/export?status=approved');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^payments-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header = [], ...rows] = parseCsv(await readFile(await download.path()));
  // The date column names the merchant's zone (the browser's at sign-up).
  expect(header[0]).toMatch(/^Date \(.+\)$/);
  expect(header.slice(1)).toEqual([
    'Our reference',
    'Gateway',
    'Gateway payment ID',
    'Status',
    'Status detail',
    'Amount',
    'Refunded',
    'Currency',
    'Payment method type',
    'Payment method',
    'Payer name',
    'Payer email',
    'Tax ID type',
    'Tax ID',
  ]);
  const listed = await page.getByRole('table', { name: 'Payments, newest first' }).getByRole('row').filter({ has: page.getByRole('cell') }).locator('td:first-child').allTextContents();
  // The list names each payment as its page does (the gateway's id), with our order reference beside it.
  expect(rows.map((row) => `Payment ${row[3]}Order ${row[1]}`)).toEqual(listed.map((text) => text.trim()));
  const first = rows.find((row) => row[1] === `exp-${run}-1`);
  expect(first).toEqual([
    expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    `exp-${run}-1`,
    'Mercado Pago',
    expect.stringMatching(/^\d+$/),
    'approved',
    expect.any(String),
    '120.50',
    '0.00',
    'BRL',
    'credit_card',
    expect.any(String),
    // Quoted by the CSV, read back whole: an accent, a comma and quotes.
    'João Conceição, "Jo"',
    `exp-${run}-1@example.com`,
    '',
    '',
  ]);
  expect(rows.map((row) => row[4])).toEqual(['approved', 'approved']);

  // The Subscriptions list has its export too, with its header in the merchant's language.
  await page.goto('/subscriptions?gateway=mercadopago');
  const subscriptionsLink = page.getByRole('link', { name: 'Export these subscriptions as CSV, with the filters shown' });
  await expect(subscriptionsLink).toHaveAttribute('href', '/subscriptions/export?gateway=mercadopago');
  const [subscriptionsDownload] = await Promise.all([page.waitForEvent('download'), subscriptionsLink.click()]);
  const [subscriptionsHeader] = parseCsv(await readFile(await subscriptionsDownload.path()));
  expect(subscriptionsHeader?.[1]).toBe('Our reference');
});
