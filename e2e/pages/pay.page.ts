import { expect, type Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y';

export type Customer = { email: string; firstName: string; lastName: string; taxIdType?: string; taxNumber?: string };

/** A public payment page (/pay/<slug>), the gateway's hosted checkout (the simulator's), and our return pages. */
export class PayPage {
  constructor(private readonly page: Page) {}

  async open(path: string, priceName: string): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.getByRole('heading', { level: 1, name: priceName })).toBeVisible();
    await expectAccessible(this.page);
  }

  async fill(customer: Customer): Promise<void> {
    await this.page.getByLabel('Email').fill(customer.email);
    await this.page.getByLabel('First name').fill(customer.firstName);
    await this.page.getByLabel('Last name').fill(customer.lastName);
    if (customer.taxIdType) await this.page.getByLabel('Tax number type').selectOption({ label: customer.taxIdType });
    if (customer.taxNumber !== undefined) await this.page.getByLabel('Tax number', { exact: true }).fill(customer.taxNumber);
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: /^Continue to (payment|subscribe)$/ }).click();
  }

  /** On the simulator's Checkout Pro page: choose the method and the outcome, then pay. */
  async payOnMercadoPago(method: 'Credit card' | 'Boleto' | 'Pix', outcome: 'Approve the payment' | 'Decline the payment' | 'Leave the payment pending'): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Pay with Mercado Pago' })).toBeVisible();
    await expectAccessible(this.page);
    await this.page.getByLabel(method, { exact: true }).check();
    await this.page.getByLabel(outcome).check();
    await this.page.getByRole('button', { name: /^Pay / }).click();
  }

  /** On the simulator's Secure and Pay hosted page. */
  async payOnSecureAndPay(outcome: 'Approve the payment' | 'Decline the card' | 'Give up and go back to the shop'): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: /^(Complete your payment|Start your subscription)$/ })).toBeVisible();
    await expectAccessible(this.page);
    await this.page.getByLabel(outcome).check();
    await this.page.getByRole('button', { name: /^(Pay|Subscribe for) / }).click();
  }

  /** On the simulator's Mock Pay hosted page (docs/mockpay-api.md "Hosted page"): Pay or Decline. */
  async payOnMockPay(outcome: 'Pay' | 'Decline'): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Complete your payment' })).toBeVisible();
    await expectAccessible(this.page);
    await this.page.getByRole('button', { name: outcome, exact: true }).click();
  }

  /** Our return page: its outcome heading, and the order reference shown on it. */
  async expectReturn(title: string): Promise<string> {
    await expect(this.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expectAccessible(this.page);
    const reference = await this.page.getByRole('definition').last().textContent();
    if (!reference) throw new Error('no order reference on the return page');
    return reference.trim();
  }
}
