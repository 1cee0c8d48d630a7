import { expectAccessible } from './support/a11y';
import { expect, test } from './fixtures';

test('a new merchant signs up, finds the payment gateways, renames themselves and signs out', async ({ page, auth, shell, newMerchant }) => {
  await auth.signUp(newMerchant);
  await expect(page.getByRole('heading', { name: `Welcome, ${newMerchant.name}` })).toBeVisible();
  await expectAccessible(page);

  await shell.openSettings(newMerchant.name);
  await shell.openSettingsSection('Payment gateways');
  for (const gateway of ['Mercado Pago', 'Secure and Pay']) {
    const card = page.getByRole('article', { name: gateway });
    await expect(card).toContainText('Not connected');
    await expect(card.getByRole('link', { name: `Connect ${gateway}` })).toBeVisible();
  }

  await shell.openSettingsSection('Profile');
  await shell.changeName('Maria Oliveira');
  await shell.expectSignedInAs('Maria Oliveira');

  await shell.signOut('Maria Oliveira');
  await page.goto('/settings/payment-gateways');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

  // Signing in again returns to the page that was asked for.
  await auth.signIn(newMerchant.email, newMerchant.password);
  await expect(page).toHaveURL(/\/settings\/payment-gateways$/);
});

test('a wrong password and an unknown email get the same error', async ({ page, auth, merchant, shell }) => {
  await shell.signOut(merchant.name);
  await auth.signIn(merchant.email, 'not-the-password');
  await expect(auth.alert()).toHaveText('The email or password is not correct.');
  await expect(page.getByLabel('Email')).toHaveValue(merchant.email);
  await page.getByLabel('Email').fill('nobody-here@example.com');
  await page.getByLabel('Password').fill('whatever-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(auth.alert()).toHaveText('The email or password is not correct.');
});

test('repeated failures for one email are limited', async ({ page, auth, merchant, shell }) => {
  await shell.signOut(merchant.name);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await auth.signIn(merchant.email, `wrong-${attempt}`);
    await expect(auth.alert()).toHaveText('The email or password is not correct.');
  }
  await page.getByLabel('Password').fill(merchant.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(auth.alert()).toHaveText(/Too many failed attempts/);
});

test('forms show field errors next to the fields', async ({ page, auth, merchant, shell }) => {
  await shell.signOut(merchant.name);
  await page.goto('/sign-up');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter your name')).toBeVisible();
  await expect(page.getByText('Use at least 10 characters')).toBeVisible();

  // The server's own check: an email that is taken.
  await auth.signUp({ ...merchant, name: 'Someone Else' });
  await expect(page.getByText('An account with this email already exists.')).toBeVisible();
  await expect(page.getByLabel('Email')).toBeFocused();
});

test('the profile menu works from the keyboard', async ({ page, merchant }) => {
  const menuButton = page.getByRole('button', { name: `Account menu for ${merchant.name}` });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(menuButton).toBeFocused();
  // Opening from the keyboard focuses the first item; arrows move between items.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('menuitem', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
});

test('unknown pages show a real not-found view', async ({ page, merchant }) => {
  expect(merchant.email).toContain('@');
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectAccessible(page);
});
