import { randomInt, randomUUID } from 'node:crypto';
import { expect, test as base } from '@playwright/test';
import { AuthPages, type MerchantAccount } from './pages/auth.page';
import { GatewaysPage } from './pages/gateways.page';
import { Shell } from './pages/shell.page';

type Fixtures = {
  auth: AuthPages;
  shell: Shell;
  gateways: GatewaysPage;
  /** The client address this test's browser comes from (X-Forwarded-For, as behind the production proxy). */
  clientIp: string;
  /** A new merchant account, unique to the test, not yet signed up. */
  newMerchant: MerchantAccount;
  /** A merchant who signed up, confirmed their email address and is signed in on the dashboard. */
  merchant: MerchantAccount;
  /** Fails the test on any Content-Security-Policy violation on its page (issue 13: the app works under its CSP). */
  cspViolations: string[];
};

/** A client address of its own: per-address limits (sign-up: 5 an hour) then count each test as one visitor. */
export const randomClientIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

export const test = base.extend<Fixtures>({
  clientIp: async ({}, use) => use(randomClientIp()),
  context: async ({ context, clientIp }, use) => {
    await context.setExtraHTTPHeaders({ 'x-forwarded-for': clientIp });
    await use(context);
  },
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
    // Connecting a gateway needs a confirmed address: the link in the verification email (Settings → Emails).
    await auth.verifyEmail();
    await auth.page.goto('/');
    await shell.expectSignedInAs(newMerchant.name);
    await use(newMerchant);
  },
});

export { expect };
