// Issue 14, through the browser: customers read the payment and return pages (and their emails) in their browser's
// language, merchants read the dashboard in the language and time zone chosen in Profile. Expected texts are read
// from the message files themselves, so this checks that each page uses the right language, not one translation.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createTranslator } from 'next-intl';
import { LOCALE_NAMES, type Locale } from '../core/locales';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { simulator } from './support/simulator';
import { PayPage } from './pages/pay.page';
import { PricesPage } from './pages/prices.page';

type Tree = { [key: string]: string | Tree };

/** Every text of one language, the app's and the gateways' (the same merge as lib/i18n/messages.ts). */
function messagesOf(locale: Locale): Tree {
  const read = (path: string): Tree => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Tree;
  const merge = (into: Tree, from: Tree): Tree => {
    for (const [key, value] of Object.entries(from)) {
      const existing = into[key];
      into[key] = typeof value === 'object' && typeof existing === 'object' ? merge({ ...existing }, value) : value;
    }
    return into;
  };
  return ['mercadopago', 'secureandpay', 'mockpay'].reduce(
    (all, gateway) => merge(all, read(`../lib/gateways/${gateway}/messages/${locale}.json`)),
    read(`../messages/${locale}.json`),
  );
}

function translator(locale: Locale, timeZone = 'UTC') {
  const t = createTranslator({ locale, timeZone, messages: messagesOf(locale) as Record<string, string> });
  return (key: string, values?: Record<string, string | number>) => t(key, values);
}

/** Spaces as Intl writes them (no-break and narrow no-break) read as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** Profile → language and/or time zone, from a page currently in `from`; the confirmation is in the new language. */
async function chooseInProfile(page: Page, from: Locale, fields: { language?: Locale; timeZone?: string }) {
  const before = translator(from);
  await page.goto('/settings/profile');
  if (fields.language) await page.getByLabel(before('profile.language')).selectOption(fields.language);
  if (fields.timeZone) await page.getByLabel(before('profile.timeZone')).selectOption(fields.timeZone);
  await page.getByRole('button', { name: before('profile.save') }).click();
  await expect(page.getByRole('status')).toHaveText(translator(fields.language ?? from)('profile.saved'));
}

test.describe.configure({ timeout: 120_000 });

test('a Brazilian customer checks out entirely in pt-BR; the merchant sees the payment’s time in America/Sao_Paulo', async ({ page, browser, baseURL, merchant, gateways }) => {
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await gateways.close(gateways.dialog('Connect Mercado Pago'));
  const prices = new PricesPage(page);
  await prices.open();
  const path = await prices.create({ name: 'Curso de aquarela', gateway: 'Mercado Pago', amount: '49.90' });

  // The customer's browser asks for Brazilian Portuguese.
  const customer = await (await browser.newContext({ baseURL, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' })).newPage();
  const t = translator('pt-BR');
  await customer.goto(path);
  await expect(customer.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(customer.getByRole('heading', { level: 1, name: 'Curso de aquarela' })).toBeVisible();
  await expect(customer.getByText(t('pay.soldBy', { merchant: merchant.name }))).toBeVisible();
  await expect(customer.getByText(t('pay.detailsTitle'))).toBeVisible();
  await expect(customer.locator('main')).toContainText('R$ 49,90', { useInnerText: true });
  expect(plain(await customer.locator('main').innerText())).toContain('R$ 49,90');
  await expect(customer.getByRole('navigation', { name: t('language.switcherLabel') }).getByText(LOCALE_NAMES['pt-BR'])).toHaveAttribute('aria-current', 'true');
  await expectAccessible(customer);

  // Every field's error at once, in Portuguese.
  await customer.getByRole('button', { name: t('pay.submit') }).click();
  await expect(customer.getByText(t('errors.enterEmail'))).toBeVisible();
  await expect(customer.getByLabel(t('pay.firstName'), { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(customer.getByLabel(t('pay.taxIdType'), { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await customer.getByLabel(t('pay.email'), { exact: true }).fill('joao@example.com');
  await customer.getByLabel(t('pay.firstName'), { exact: true }).fill('João');
  await customer.getByLabel(t('pay.lastName'), { exact: true }).fill('Silva');
  await customer.getByLabel(t('pay.taxIdType')).selectOption({ label: 'CPF' });
  await customer.getByLabel(t('pay.taxIdNumber'), { exact: true }).fill('529.982.247-25');
  await customer.getByRole('button', { name: t('pay.submit') }).click();
  await new PayPage(customer).payOnMercadoPago('Credit card', 'Decline the payment');
  await expect(customer.getByRole('heading', { level: 1, name: t('pay.return.failureTitle') })).toBeVisible();
  await expect(customer.getByText(t('pay.return.failureBody'))).toBeVisible();
  await expectAccessible(customer);
  await customer.context().close();

  // The customer's email is written in their checkout's language; the merchant's in the merchant's (English).
  const amount = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(49.9);
  const subject = plain(t('emails.templates.paymentFailed.customerSubject', { merchantName: merchant.name, amount }));
  const toCustomer = page.getByRole('row').filter({ hasText: 'joao@example.com' });
  await reloadUntil(page, () => expect(toCustomer).toBeVisible({ timeout: 500 }), { path: '/settings/emails' });
  expect(plain(await toCustomer.innerText())).toContain(subject);

  // The merchant moves to São Paulo's zone: the payment's time is shown there, with the zone named.
  await chooseInProfile(page, 'en', { timeZone: 'America/Sao_Paulo' });
  await page.goto('/alerts');
  await page.getByRole('link', { name: 'View: Payment failed' }).click();
  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const inSaoPaulo = (at: Date) =>
    new Intl.DateTimeFormat('en', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
  const shown = plain(await page.locator('main').innerText());
  const now = Date.now();
  const candidates = [0, 1, 2, 3].map((minutesAgo) => plain(inSaoPaulo(new Date(now - minutesAgo * 60_000))));
  expect(candidates.some((text) => shown.includes(text)), `one of ${candidates.join(' | ')} in the payment page`).toBe(true);
  expect(shown).toContain('GMT-3');
});

test('the Mercado Pago connect popup in Spanish', async ({ page, merchant }) => {
  expect(merchant.name).toBeTruthy();
  await chooseInProfile(page, 'en', { language: 'es' });
  const t = translator('es');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.goto('/settings/payment-gateways');
  await expect(page.getByRole('heading', { level: 1, name: t('gateways.title') })).toBeVisible();
  await page.getByRole('link', { name: t('gateways.connectLabel', { gateway: 'Mercado Pago' }) }).click();
  const dialog = page.getByRole('dialog', { name: t('connect.title', { gateway: 'Mercado Pago' }) });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel(t('connect.mercadopago.publicKey'))).toBeVisible();
  await expect(dialog.getByLabel(t('connect.mercadopago.accessToken'))).toBeVisible();
  await expect(dialog.getByRole('button', { name: t('connect.save') })).toBeVisible();
  await expectAccessible(page);
  // A wrong token is refused in Spanish too.
  await dialog.getByLabel(t('connect.mercadopago.accessToken')).fill('not-a-token');
  await dialog.getByRole('button', { name: t('connect.save') }).click();
  await expect(dialog.getByText(t('errors.mpAccessTokenFormat'))).toBeVisible();
});

test('dashboard pages in French, Norwegian and Hindi, each accessible', async ({ page, merchant }) => {
  expect(merchant.name).toBeTruthy();
  let current: Locale = 'en';
  for (const locale of ['fr', 'nb', 'hi'] as const) {
    await chooseInProfile(page, current, { language: locale });
    current = locale;
    const t = translator(locale);
    for (const [path, title] of [['/payments', 'payments.title'], ['/alerts', 'alerts.title'], ['/settings/profile', 'profile.title']] as const) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('heading', { level: 1, name: t(title) })).toBeVisible();
      await expect(page).toHaveTitle(new RegExp(`^${t(`titles.${path === '/settings/profile' ? 'profile' : path.slice(1)}`)}`));
      await expectAccessible(page);
    }
  }
});
