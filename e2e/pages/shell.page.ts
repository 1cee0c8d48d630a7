import { expect, type Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y';

/** The signed-in dashboard: top bar, profile menu and the settings sections. */
export class Shell {
  constructor(private readonly page: Page) {}

  accountMenuButton(name: string) {
    return this.page.getByRole('button', { name: `Account menu for ${name}` });
  }

  async expectSignedInAs(name: string): Promise<void> {
    await expect(this.accountMenuButton(name)).toBeVisible();
  }

  async openSettings(name: string): Promise<void> {
    await this.accountMenuButton(name).click();
    await this.page.getByRole('menuitem', { name: 'Settings' }).click();
    await expect(this.page.getByRole('heading', { name: 'Profile' })).toBeVisible();
    await expectAccessible(this.page);
  }

  async openSettingsSection(section: 'Profile' | 'Payment gateways'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: section })).toBeVisible();
    await expectAccessible(this.page);
  }

  async changeName(name: string): Promise<void> {
    await this.page.getByLabel('Name').fill(name);
    await this.page.getByRole('button', { name: 'Save' }).click();
    await expect(this.page.getByRole('status')).toHaveText('Your profile was saved.');
  }

  async signOut(name: string): Promise<void> {
    await this.accountMenuButton(name).click();
    await this.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}
