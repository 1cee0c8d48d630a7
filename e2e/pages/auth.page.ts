import { expect, type Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y';
import { reloadUntil } from '../support/reload';

export type MerchantAccount = { name: string; email: string; password: string };

export class AuthPages {
  constructor(readonly page: Page) {}

  /** Fills and sends the sign-up form; every sign-up then lands on "Check your email". */
  async submitSignUp(account: MerchantAccount): Promise<void> {
    await this.page.goto('/sign-up');
    await expect(this.page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
    await expectAccessible(this.page);
    await this.page.getByLabel('Name').fill(account.name);
    await this.page.getByLabel('Email').fill(account.email);
    await this.page.getByLabel('Password').fill(account.password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  /** Signs up, then signs in with the new account (its address not yet confirmed); ends on the dashboard. */
  async signUp(account: MerchantAccount): Promise<void> {
    await this.submitSignUp(account);
    await expect(this.page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    await expectAccessible(this.page);
    await this.page.getByRole('link', { name: 'Sign in' }).click();
    await this.signIn(account.email, account.password);
    await expect(this.page).toHaveURL(/\/$/);
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

  /**
   * The newest email with this subject, as the signed-in merchant reads it under Settings → Emails (the outbox: the
   * e2e server has no SMTP). Account emails are written right after the answer, so the page is reloaded until it shows.
   */
  async readEmail(subject: string): Promise<string> {
    const row = this.page.getByRole('row').filter({ hasText: subject }).first();
    await reloadUntil(this.page, () => expect(row).toBeVisible({ timeout: 500 }), { path: '/settings/emails' });
    await expect(this.page.getByRole('heading', { level: 1, name: 'Emails' })).toBeVisible();
    await row.getByText(subject).click();
    return row.locator('pre').innerText();
  }

  /** The link in the newest email with this subject. */
  async linkInEmail(subject: string): Promise<string> {
    const body = await this.readEmail(subject);
    const link = /https?:\/\/\S+/.exec(body)?.[0];
    if (!link) throw new Error(`no link in "${subject}"`);
    return link;
  }

  /** Opens the link of the newest verification email. */
  async verifyEmail(): Promise<void> {
    await this.page.goto(await this.linkInEmail('Confirm your email address'));
    await expect(this.page.getByRole('status')).toHaveText('Your email address is confirmed. You can now connect payment gateways.');
  }
}
