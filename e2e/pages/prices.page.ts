import { expect, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y';
import type { GatewayName } from './gateways.page';

export type NewPrice = {
  name: string;
  gateway: GatewayName;
  /** Left out for Mercado Pago: it is fixed to the account's currency. */
  currency?: string;
  amount: string;
  billing?: 'One-time payment' | 'Subscription';
  /** The interval option's label, e.g. "Monthly (30 days)" or "Custom number of days". */
  interval?: string;
  customDays?: string;
};

/** The dashboard's Prices page and its create / edit form. */
export class PricesPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prices' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Prices' })).toBeVisible();
    await expectAccessible(this.page);
  }

  async startNew(): Promise<void> {
    await this.page.getByRole('link', { name: 'New price' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'New price' })).toBeVisible();
    await expectAccessible(this.page);
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async fill(price: NewPrice): Promise<void> {
    await this.field('Name').fill(price.name);
    await this.field('Payment gateway').selectOption({ label: price.gateway });
    if (price.currency) await this.field('Currency').selectOption(price.currency);
    await this.field('Amount').fill(price.amount);
    await this.field('Billing').selectOption({ label: price.billing ?? 'One-time payment' });
    if (price.interval) await this.field('Billing interval').selectOption({ label: price.interval });
    if (price.customDays) await this.field('Number of days').fill(price.customDays);
  }

  async submit(label: 'Create price' | 'Save price' = 'Create price'): Promise<void> {
    await this.page.getByRole('button', { name: label }).click();
  }

  /** Creates the price and returns its payment page's path (/pay/<slug>). */
  async create(price: NewPrice): Promise<string> {
    await this.startNew();
    await this.fill(price);
    await this.submit();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Prices' })).toBeVisible();
    await expectAccessible(this.page);
    return this.paymentPagePath(price.name);
  }

  row(name: string): Locator {
    return this.page.getByRole('row', { name: new RegExp(`^${name}\\b`) });
  }

  /** The payment page's full address, as the row shows it (Open leads there). */
  async paymentPageUrl(name: string): Promise<string> {
    const href = await this.row(name).getByRole('link', { name: `Open the payment page of ${name} in a new tab` }).getAttribute('href');
    if (!href) throw new Error(`no payment page link for ${name}`);
    return href;
  }

  /** The payment page's path (/pay/<slug>), to visit on the test server whatever APP_URL says. */
  async paymentPagePath(name: string): Promise<string> {
    return new URL(await this.paymentPageUrl(name)).pathname;
  }
}
