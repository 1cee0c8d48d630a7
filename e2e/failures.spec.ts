// When payments fail (issue 7), through the browser: a failed Secure and Pay charge raises an alert (the bell) and
// emails the merchant and the customer (read from Settings → Emails, the outbox, as no SMTP is configured); a
// Mercado Pago payment's Refund is disabled with the reason and refused by the server when posted anyway; a Mercado
// Pago subscription shows a declined installment's attempts with Mercado Pago's own dates (GW-MP22).
import { randomUUID } from 'node:crypto';
import { test, expect } from './fixtures';
import { expectAccessible } from './support/a11y';
import { reloadUntil } from './support/reload';
import { mercadoPagoSim, secureAndPaySim, simulator, simulatorControl } from './support/simulator';


test('a failed Secure and Pay charge: the bell counts it, the alert is marked read, both emails are in the outbox', async ({ page, merchant, gateways }) => {
  const site = await simulator.createSecureAndPaySite();
  await gateways.open();
  const webhookUrl = await gateways.connectSecureAndPay(site);
  await gateways.close(gateways.dialog('Connect Secure and Pay'));
  await secureAndPaySim.setWebhook(site.siteId, webhookUrl);
  const customer = { email: `customer-${randomUUID().slice(0, 8)}@example.com`, first_name: 'Ana', last_name: 'Lima' };
  const subscription = await simulatorControl<{ id: string }>('/_sim/secureandpay/subscriptions', {
    siteId: site.siteId,
    amount: 2900,
    currency: 'USD',
    reference: `sub-${randomUUID().slice(0, 8)}`,
    customer,
  });
  await simulatorControl(`/_sim/secureandpay/subscriptions/${subscription.id}/charges`, { status: 'succeeded', notify: true });
  await simulatorControl(`/_sim/secureandpay/subscriptions/${subscription.id}/charges`, { status: 'failed', failure_reason: 'insufficient_funds', notify: true });

  const bell = page.getByRole('link', { name: 'Alerts, 1 unread' });
  await reloadUntil(page, () => expect(bell).toBeVisible({ timeout: 500 }), { path: '/' });
  await bell.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  const alert = page.getByRole('article', { name: /Payment failed/ });
  await expect(alert).toContainText(/Secure and Pay payment pay_\w+ of \$29\.00 failed\. The customer's card did not have enough funds\./);
  await expectAccessible(page);
  // Keyboard: the alert's own button, by focus and Enter.
  await alert.getByRole('button', { name: 'Mark as read: Payment failed' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: 'Alerts, none unread' })).toBeVisible();
  await expect(alert).toContainText('Read');

  // The alert leads to the payment.
  await alert.getByRole('link', { name: 'View: Payment failed' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Payment pay_/ })).toBeVisible();

  await page.getByRole('button', { name: `Account menu for ${merchant.name}` }).click();
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Emails' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Emails' })).toBeVisible();
  // (The merchant's own account emails, e.g. the address confirmation, are in the list too.)
  const toMerchant = page.getByRole('row').filter({ hasText: merchant.email }).filter({ hasNotText: 'Confirm your email address' });
  const toCustomer = page.getByRole('row').filter({ hasText: customer.email });
  await expect(toMerchant).toContainText('A Secure and Pay payment of $29.00 failed');
  await expect(toMerchant).toContainText('Kept here (no SMTP)');
  await expect(toCustomer).toContainText('Your payment of $29.00 did not go through');
  await toCustomer.getByText('Your payment of $29.00 did not go through').click();
  await expect(toCustomer).toContainText(`Your payment of $29.00 to ${merchant.name} did not go through.`);
  await expect(toCustomer).toContainText('Your card does not have enough funds. Use another card.');
  await expectAccessible(page);
});

test('a Mercado Pago payment: Refund is disabled with the reason, and the server refuses it when posted anyway', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const webhookUrl = await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await mercadoPagoSim.setWebhook(account.userId, webhookUrl);
  const reference = `order-${randomUUID().slice(0, 8)}`;
  await mercadoPagoSim.createPayment({ userId: account.userId, status: 'approved', transaction_amount: 80, payment_type_id: 'credit_card', external_reference: reference });
  await reloadUntil(page, () => expect(page.getByRole('link', { name: reference })).toBeVisible({ timeout: 500 }), { path: '/payments' });
  await page.getByRole('link', { name: reference }).click();

  const refund = page.getByRole('region', { name: 'Refund' });
  const button = refund.getByRole('button', { name: 'Refund' });
  await expect(button).toBeDisabled();
  const reason = 'Refunds are not possible through the platform for Mercado Pago payments (a limitation of Mercado Pago).';
  await expect(button).toHaveAccessibleDescription(new RegExp(reason.replace(/[.()]/g, '\\$&')));
  await expectAccessible(page);

  // A crafted request: the button enabled by hand and submitted. The server action answers with the same reason.
  await button.evaluate((element) => {
    if (!(element instanceof HTMLButtonElement)) throw new Error('not a button');
    element.disabled = false;
    element.form?.requestSubmit(element);
  });
  await expect(refund.getByRole('alert')).toContainText(reason);
});

test('a Mercado Pago subscription: a charge declined and then on 4 reattempts shows every attempt with Mercado Pago’s dates', async ({ page, merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  await gateways.open();
  const webhookUrl = await gateways.connectMercadoPago({ ...account, country: 'Brazil' });
  await mercadoPagoSim.setWebhook(account.userId, webhookUrl);
  const reference = `sub-${randomUUID().slice(0, 8)}`;
  const preapproval = await mercadoPagoSim.createPreapproval({
    userId: account.userId,
    status: 'authorized',
    external_reference: reference,
    payer_email: 'cy@example.com',
    auto_recurring: { frequency: 1, frequency_type: 'months', transaction_amount: 49.9, currency_id: 'BRL' },
  });
  await reloadUntil(page, () => expect(page.getByRole('link', { name: reference })).toBeVisible({ timeout: 500 }), { path: '/subscriptions' });
  const declined = { payment_status: 'rejected', status_detail: 'cc_rejected_insufficient_amount' };
  const first = await mercadoPagoSim.charge(preapproval.id, { ...declined, debit_date: '2026-01-05T12:00:00.000Z' });
  const attempts = [first];
  for (let reattempt = 0; reattempt < 4; reattempt++) {
    // Each retry after the previous one is on record, as Mercado Pago's would be days apart.
    await page.waitForTimeout(300);
    attempts.push(await mercadoPagoSim.charge(preapproval.id, { ...declined, authorized_payment_id: first.id }));
  }

  await page.getByRole('link', { name: reference }).click();
  await expect(page).toHaveURL(/\/subscriptions\/[0-9a-f-]{36}$/);
  const charges = page.getByRole('region', { name: 'Charges and retries' });
  const installment = charges.getByRole('region', { name: `Installment ${first.id}` });
  await reloadUntil(page, () => expect(installment).toContainText('Finished', { timeout: 500 }));
  const day = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
  for (const [index, attempt] of attempts.entries()) {
    const row = installment.getByRole('row').filter({ hasText: `Attempt ${index + 1}` });
    await expect(row).toContainText(day(attempt.debit_date));
    // Mercado Pago's own next_retry_date while it retries; none after the last.
    if (attempt.next_retry_date) await expect(row).toContainText(day(attempt.next_retry_date));
  }
  await expect(installment.getByRole('row')).toHaveCount(6);
  await expect(charges).not.toContainText('estimated');
  await expect(page.getByRole('region', { name: 'When a charge fails' })).toContainText('Mercado Pago retries a declined charge itself, up to 4 more times within 10 days');
  await expect(installment.getByRole('row').filter({ hasText: 'Attempt 5' })).toContainText('—');
  // One alert for the installment, not one per retry.
  await reloadUntil(page, () => expect(page.getByRole('link', { name: 'Alerts, 1 unread' })).toBeVisible({ timeout: 500 }));
  await expectAccessible(page);
});
