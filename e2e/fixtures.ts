import { randomUUID } from 'node:crypto';
import { expect, test as base } from '@playwright/test';
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
  /** Fails the test on any Content-Security-Policy violation on its page (issue 13: the app works under its CSP). */
  cspViolations: string[];
};

export const test = base.extend<Fixtures>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      // Chromium reports each blocked script, style, frame, form target or connection on the console.
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
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

export { expect };
