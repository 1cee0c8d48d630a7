import { expect, type Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y';

export type MerchantAccount = { name: string; email: string; password: string };

export class AuthPages {
  constructor(private readonly page: Page) {}

  async signUp(account: MerchantAccount): Promise<void> {
    await this.page.goto('/sign-up');
    await expect(this.page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
    await expectAccessible(this.page);
    await this.page.getByLabel('Name').fill(account.name);
    await this.page.getByLabel('Email').fill(account.email);
    await this.page.getByLabel('Password').fill(account.password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  async signIn(email: string, password: string): Promise<void> {
    if (!this.page.url().includes('/sign-in')) await this.page.goto('/sign-in');
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expectAccessible(this.page);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  alert() {
    // Scoped to the page's main region: Next's route announcer is an alert too.
    return this.page.getByRole('main').getByRole('alert');
  }
}
