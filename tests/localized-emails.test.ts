// Emails and alerts in the reader's language (issue 14): a French merchant's alert and email are French, amounts
// and reasons included; a customer without a checkout of ours reads the merchant's language; account emails follow
// the language the account was created in.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createUser } from '@/db/queries/users';
import { alerts, emailOutbox } from '@/db/schema';
import { raiseAlert } from '@/lib/alerts/notify';
import { signUp } from '@/lib/auth/account';
import { setEmailSender } from '@/lib/email/transport';
import { translatorFor } from '@/lib/i18n/messages';
import { describeEachDatabase } from './support/databases';

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  setEmailSender(null);
});
afterAll(() => {
  setEmailSender(undefined);
  vi.restoreAllMocks();
});

const plain = (text: string | undefined) => text?.replace(/[\u00a0\u202f]/g, ' ');

describeEachDatabase('emails in the reader’s language', (current) => {
  const db = () => current().db;

  it('a French merchant’s alert and both emails are in French, with French money and reasons', async () => {
    const user = await createUser({ name: 'Boutique', email: `fr-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x', locale: 'fr', timeZone: 'Europe/Paris' });
    if (!user) throw new Error('no user');
    const raised = await raiseAlert(
      db(),
      {
        merchantId: user.id,
        kind: 'payment_failed',
        dedupeKey: 'fr-1',
        accountId: null,
        href: null,
        params: {
          gateway: 'Secure and Pay',
          paymentId: 'pay_1',
          amount: { amountMinor: 2900, currency: 'EUR' },
          reason: { reasonOf: 'secureandpay', code: 'insufficient_funds', audience: 'merchant' },
          customerReason: { reasonOf: 'secureandpay', code: 'insufficient_funds', audience: 'customer' },
          subscription: 'no',
        },
      },
      new Date(),
      { email: 'client@example.com', orderId: null },
    );
    expect(raised).toBe(true);
    const fr = await translatorFor('fr');
    const emails = await db().select().from(emailOutbox).where(eq(emailOutbox.merchantId, user.id));
    const toCustomer = emails.find((email) => email.audience === 'customer');
    const toMerchant = emails.find((email) => email.audience === 'merchant');
    expect(plain(toCustomer?.subject)).toBe(plain(fr('emails.templates.paymentFailed.customerSubject', { amount: '29,00 €', merchantName: 'Boutique' })));
    expect(plain(toCustomer?.body)).toContain(plain(fr('payments.reason.secureandpay.insufficient_funds.customer')));
    expect(plain(toMerchant?.subject)).toBe(plain(fr('emails.templates.paymentFailed.merchantSubject', { amount: '29,00 €', gateway: 'Secure and Pay' })));
    const [alert] = await db().select().from(alerts).where(eq(alerts.merchantId, user.id));
    expect(plain(alert?.params.amount)).toBe('29,00 €');
    expect(alert?.params.reason).toBe(fr('payments.reason.secureandpay.insufficient_funds.merchant'));
  });

  it('an account made in Norwegian gets its verification email in Norwegian', async () => {
    const email = `nb-${randomBytes(4).toString('hex')}@example.com`;
    const outcome = await signUp({ name: 'Butikk', email, password: 'a-long-password-1', locale: 'nb', timeZone: 'Europe/Oslo' });
    await outcome.sendEmail();
    const [row] = await db().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email));
    expect(row?.subject).toBe((await translatorFor('nb'))('emails.templates.verifyEmail.merchantSubject'));
  });
});
