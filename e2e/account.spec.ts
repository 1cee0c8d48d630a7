// Accounts a merchant can keep (issue 13): email verification, forgot password through a single-use link, password
// change, sessions that end on the server (sign-out, "Sign out everywhere"), sign-up answering the same for an
// address with an account, and the limits. Emails are read where the merchant reads them without SMTP: Settings →
// Emails.
import type { Browser } from '@playwright/test';
import { expect, randomClientIp, test } from './fixtures';
import { AuthPages } from './pages/auth.page';
import { Shell } from './pages/shell.page';
import { expectAccessible } from './support/a11y';

/** Another browser, from another client address, with nobody signed in. */
async function otherBrowser(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'x-forwarded-for': randomClientIp() } });
  const page = await context.newPage();
  return { context, page, auth: new AuthPages(page), shell: new Shell(page) };
}

test('a new merchant sees the confirmation banner, cannot connect a gateway yet, resends the email and confirms', async ({ page, auth, newMerchant }) => {
  await auth.signUp(newMerchant);
  const banner = page.getByRole('region', { name: 'Email confirmation' });
  await expect(banner).toContainText(`open the link we sent to ${newMerchant.email}`);
  await expectAccessible(page);

  // Where Connect is, it says why not; opening Connect shows the same instead of the form.
  await page.goto('/settings/payment-gateways');
  await expect(page.getByRole('main').getByRole('note')).toContainText('Confirm your email address to connect a payment gateway.');
  await page.getByRole('article', { name: 'Mercado Pago' }).getByRole('link', { name: 'Connect Mercado Pago' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect Mercado Pago' });
  await expect(dialog.getByRole('note')).toContainText('Confirm your email address to connect a payment gateway.');
  await expect(dialog.getByLabel('Access Token')).toHaveCount(0);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Resend: a new link; the first one stops working.
  const firstLink = await auth.linkInEmail('Confirm your email address');
  await page.getByRole('region', { name: 'Email confirmation' }).getByRole('button', { name: 'Resend the email' }).click();
  await expect(page.getByRole('region', { name: 'Email confirmation' }).getByRole('status')).toHaveText(
    `We sent a new link to ${newMerchant.email}. It works once, for 24 hours.`,
  );
  const newLink = await auth.linkInEmail('Confirm your email address');
  expect(newLink).not.toBe(firstLink);

  await page.goto(firstLink);
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'expired or was already used' })).toBeVisible();
  await expectAccessible(page);

  await page.goto(newLink);
  await expect(page.getByRole('status')).toHaveText('Your email address is confirmed. You can now connect payment gateways.');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Go to your dashboard' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${newMerchant.name}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Email confirmation' })).toHaveCount(0);

  // A second click on the used link is not an error for a confirmed merchant.
  await page.goto(newLink);
  await expect(page.getByRole('status')).toHaveText('Your email address is already confirmed.');

  await page.goto('/settings/payment-gateways');
  await expect(page.getByRole('main').getByRole('note')).toHaveCount(0);
  await page.getByRole('article', { name: 'Mercado Pago' }).getByRole('link', { name: 'Connect Mercado Pago' }).click();
  await expect(page.getByRole('dialog', { name: 'Connect Mercado Pago' }).getByLabel('Access Token')).toBeVisible();
});

test('sign-up answers the same for an address that has an account, and tells its owner', async ({ page, auth, merchant, browser, baseURL }) => {
  const someoneElse = await otherBrowser(browser, baseURL);
  await someoneElse.auth.submitSignUp({ name: 'Someone Else', email: merchant.email.toUpperCase(), password: 'another-password-1' });
  await expect(someoneElse.page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  const taken = await someoneElse.page.getByRole('main').innerText();
  await someoneElse.auth.submitSignUp({ name: 'Someone New', email: `new-${Date.now()}@example.com`, password: 'another-password-1' });
  await expect(someoneElse.page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  expect(await someoneElse.page.getByRole('main').innerText()).toBe(taken);
  // The existing account did not change: its password still signs in, the other does not.
  await someoneElse.auth.signIn(merchant.email, 'another-password-1');
  await expect(someoneElse.auth.alert()).toHaveText('The email or password is not correct.');
  await someoneElse.context.close();

  const body = await auth.readEmail('Someone tried to create an account with your email');
  expect(body).toContain('nothing was created and nothing changed in yours');
  expect(body).toMatch(/\/forgot-password/);
  await expectAccessible(page);
});

test('forgot password: the same answer for any email, a single-use link by email, every session ends, then sign in', async ({ page, auth, merchant, browser, baseURL }) => {
  const visitor = await otherBrowser(browser, baseURL);
  await visitor.page.goto('/sign-in');
  await visitor.page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(visitor.page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectAccessible(visitor.page);
  const sent = 'If an account exists for this email, we sent it a link to reset the password. The link works once, for 1 hour.';
  await visitor.page.getByLabel('Email').fill('nobody-at-all@example.com');
  await visitor.page.getByRole('button', { name: 'Send the link' }).click();
  await expect(visitor.page.getByRole('main').getByRole('status')).toHaveText(sent);
  await visitor.page.getByLabel('Email').fill(merchant.email);
  await visitor.page.getByRole('button', { name: 'Send the link' }).click();
  await expect(visitor.page.getByRole('main').getByRole('status')).toHaveText(sent);
  await expectAccessible(visitor.page);

  // The merchant's signed-in browser reads the email (no SMTP: Settings → Emails).
  const link = await auth.linkInEmail('Reset your password');
  expect(link).toMatch(/\/reset-password\?token=[\w-]{43}$/);

  await visitor.page.goto(link);
  await expect(visitor.page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(visitor.page);
  await visitor.page.getByLabel('New password').fill('short');
  await visitor.page.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitor.page.getByText('Use at least 10 characters')).toBeVisible();
  await visitor.page.getByLabel('New password').fill('a-brand-new-password');
  await visitor.page.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitor.page).toHaveURL(/\/sign-in\?reset=1$/);
  await expect(visitor.page.getByRole('main').getByRole('status').first()).toHaveText(
    'Your password was changed and every session ended. Sign in with your new password.',
  );
  await expectAccessible(visitor.page);

  // Every session ended: the merchant's other browser is signed out.
  await page.goto('/settings/profile');
  await expect(page).toHaveURL(/\/sign-in/);

  // The old password no longer works; the new one does.
  await visitor.auth.signIn(merchant.email, merchant.password);
  await expect(visitor.auth.alert()).toHaveText('The email or password is not correct.');
  await visitor.auth.signIn(merchant.email, 'a-brand-new-password');
  await expect(visitor.page.getByRole('heading', { name: `Welcome, ${merchant.name}` })).toBeVisible();

  // The link worked once; an unknown one says the same, with a way to ask again.
  for (const used of [link, '/reset-password?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/reset-password']) {
    await visitor.page.goto(used);
    await expect(visitor.page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
    await expect(visitor.page.getByRole('main')).toContainText('This link has expired or was already used.');
  }
  await expectAccessible(visitor.page);
  await visitor.page.getByRole('link', { name: 'Ask for a new link' }).click();
  await expect(visitor.page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await visitor.context.close();
});

test('change password: every error at once, the current password is checked, other sessions end and this one stays', async ({ page, merchant, shell, browser, baseURL }) => {
  const laptop = await otherBrowser(browser, baseURL);
  await laptop.auth.signIn(merchant.email, merchant.password);
  await laptop.shell.expectSignedInAs(merchant.name);

  await shell.openSettings(merchant.name);
  const password = page.getByRole('region', { name: 'Password' });
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(password.getByText('Enter your current password')).toBeVisible();
  await expect(password.getByText('Use at least 10 characters')).toBeVisible();
  await expect(password.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(password.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');

  await password.getByLabel('Current password').fill('not-my-password');
  await password.getByLabel('New password').fill('a-changed-password-1');
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(password.getByText('This is not your current password')).toBeVisible();
  await expect(password.getByLabel('Current password')).toBeFocused();

  await password.getByLabel('Current password').fill(merchant.password);
  await password.getByLabel('New password').fill('a-changed-password-1');
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(password.getByRole('status')).toHaveText('Your password was changed. Every other session has ended.');
  await expect(password.getByLabel('Current password')).toHaveValue('');
  await expectAccessible(page);

  // This browser stays signed in (its cookie was re-issued); the other one is signed out.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
  await laptop.page.goto('/settings/profile');
  await expect(laptop.page).toHaveURL(/\/sign-in/);
  await laptop.auth.signIn(merchant.email, 'a-changed-password-1');
  await laptop.shell.expectSignedInAs(merchant.name);
  await laptop.context.close();
});

test('"Sign out everywhere" ends the sessions of other browsers; this one stays signed in', async ({ page, merchant, shell, browser, baseURL }) => {
  const laptop = await otherBrowser(browser, baseURL);
  await laptop.auth.signIn(merchant.email, merchant.password);
  await laptop.shell.expectSignedInAs(merchant.name);

  await shell.openSettings(merchant.name);
  const sessions = page.getByRole('region', { name: 'Sessions' });
  await sessions.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(sessions.getByRole('status')).toHaveText('Every other session has ended. You are still signed in here.');
  await expectAccessible(page);

  await laptop.page.goto('/payments');
  await expect(laptop.page).toHaveURL(/\/sign-in/);
  await page.goto('/payments');
  await shell.expectSignedInAs(merchant.name);
  await laptop.context.close();
});

test('a session cookie copied before sign-out no longer opens the dashboard', async ({ page, merchant, shell, browser, baseURL }) => {
  const copy = await otherBrowser(browser, baseURL);
  await copy.context.addCookies(await page.context().cookies());
  await copy.page.goto('/settings/profile');
  await expect(copy.page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();

  await shell.signOut(merchant.name);
  await copy.page.goto('/settings/profile');
  await expect(copy.page).toHaveURL(/\/sign-in/);
  await expect(copy.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await copy.context.close();
});
