import { expectAccessible } from './support/a11y';
import { expect, test } from './fixtures';
import { e2eSettings } from './support/settings';

/** The e2e server's RATE_LIMIT_FACTOR (every limit's allowance is multiplied by it). */
const rateLimitFactor = () => Number(e2eSettings(() => process.env.E2E_DATA_DIR ?? '').serverEnv.RATE_LIMIT_FACTOR ?? 1);

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

test('sign-in attempts for one email are counted before the password is checked: 429 from the route, a message on the form', async ({ page, auth, merchant, shell }) => {
  await shell.signOut(merchant.name);
  // Auth.js's own route, as a script would use it, many attempts at once: exactly the allowance gets through (5 a
  // minute, times the e2e server's RATE_LIMIT_FACTOR), every further one answers 429 with Retry-After.
  const allowance = 5 * rateLimitFactor();
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const attempt = async () => {
    const response = await page.request.post('/api/auth/callback/credentials', {
      form: { email: merchant.email, password: 'not-the-password', csrfToken, callbackUrl: '/' },
      maxRedirects: 0,
    });
    return { status: response.status(), retryAfter: response.headers()['retry-after'] };
  };
  const answers: { status: number; retryAfter?: string }[] = [];
  while (answers.length < allowance + 10) answers.push(...(await Promise.all(Array.from({ length: Math.min(25, allowance + 10 - answers.length) }, attempt))));
  expect(answers.filter((answer) => answer.status === 302)).toHaveLength(allowance);
  const refused = answers.filter((answer) => answer.status === 429);
  expect(refused).toHaveLength(10);
  for (const answer of refused) expect(Number(answer.retryAfter)).toBeGreaterThan(0);

  // The form says so, even with the right password, and nothing answers 500.
  await auth.signIn(merchant.email, merchant.password);
  await expect(auth.alert()).toHaveText('Too many sign-in attempts. Try again in a minute.');
  await expectAccessible(page);
});

test('forms show field errors next to the fields', async ({ page, auth, merchant, shell }) => {
  await shell.signOut(merchant.name);
  await page.goto('/sign-up');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter your name')).toBeVisible();
  await expect(page.getByText('Use at least 10 characters')).toBeVisible();

  // An email that is taken is not an error: the answer is the same as for a new one (e2e/account.spec.ts).
  await auth.submitSignUp({ ...merchant, name: 'Someone Else' });
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
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
