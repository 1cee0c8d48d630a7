import { randomUUID } from 'node:crypto';
import { test as base } from '@playwright/test';
import { AuthPages, type MerchantAccount } from './pages/auth.page';
import { GatewaysPage } from './pages/gateways.page';
import { Shell } from './pages/shell.page';

type Fixtures = {
  auth: AuthPages;
  shell: Shell;
  gateways: GatewaysPage;
  /** A new merchant account, unique to the test, not yet signed up. */
  newMerchant: MerchantAccount;
  /** A merchant who signed up and is signed in on the dashboard. */
  merchant: MerchantAccount;
};

export const test = base.extend<Fixtures>({
  auth: async ({ page }, use) => use(new AuthPages(page)),
  shell: async ({ page }, use) => use(new Shell(page)),
  gateways: async ({ page }, use) => use(new GatewaysPage(page)),
  newMerchant: async ({}, use) =>
    use({ name: 'Maria Souza', email: `merchant-${randomUUID()}@example.com`, password: 'a-long-password-1' }),
  merchant: async ({ auth, shell, newMerchant }, use) => {
    await auth.signUp(newMerchant);
    await shell.expectSignedInAs(newMerchant.name);
    await use(newMerchant);
  },
});

export { expect } from '@playwright/test';
