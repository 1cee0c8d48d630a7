// Email texts come from the message files (namespace "emails.templates"), like every other text, in the reader's
// language: the merchant's (Profile) or the customer's (their checkout's). Rendered when the email is written: the
// outbox keeps exactly what was sent.
import 'server-only';
import type { Locale } from '@/core/locales';
import { translatorFor } from '@/lib/i18n/messages';

export type TemplateName =
  | 'paymentFailed'
  | 'installmentFailed'
  | 'paymentDisputed'
  | 'paymentChargedBack'
  | 'subscriptionCancelled'
  | 'credentialsRejected'
  | 'verificationFailing'
  | 'notificationMissed'
  | 'reconciliationMismatch'
  | 'orderMismatch'
  | 'notificationsSilent'
  | 'verifyEmail'
  | 'passwordReset'
  | 'signUpAttempt';
export type Audience = 'merchant' | 'customer';

/** Keys under emails.templates (tests/emails.test.ts checks each exists in every language). */
type Pair = { subject: string; body: string };

/** Which texts exist: customers are written to only about their own failed payment and cancellation. */
const TEXTS: Record<TemplateName, { merchant: Pair; customer?: Pair }> = {
  paymentFailed: {
    merchant: { subject: 'paymentFailed.merchantSubject', body: 'paymentFailed.merchantBody' },
    customer: { subject: 'paymentFailed.customerSubject', body: 'paymentFailed.customerBody' },
  },
  installmentFailed: {
    merchant: { subject: 'installmentFailed.merchantSubject', body: 'installmentFailed.merchantBody' },
    customer: { subject: 'installmentFailed.customerSubject', body: 'installmentFailed.customerBody' },
  },
  paymentDisputed: { merchant: { subject: 'paymentDisputed.merchantSubject', body: 'paymentDisputed.merchantBody' } },
  paymentChargedBack: { merchant: { subject: 'paymentChargedBack.merchantSubject', body: 'paymentChargedBack.merchantBody' } },
  subscriptionCancelled: {
    merchant: { subject: 'subscriptionCancelled.merchantSubject', body: 'subscriptionCancelled.merchantBody' },
    customer: { subject: 'subscriptionCancelled.customerSubject', body: 'subscriptionCancelled.customerBody' },
  },
  credentialsRejected: { merchant: { subject: 'credentialsRejected.merchantSubject', body: 'credentialsRejected.merchantBody' } },
  verificationFailing: { merchant: { subject: 'verificationFailing.merchantSubject', body: 'verificationFailing.merchantBody' } },
  notificationMissed: { merchant: { subject: 'notificationMissed.merchantSubject', body: 'notificationMissed.merchantBody' } },
  reconciliationMismatch: { merchant: { subject: 'reconciliationMismatch.merchantSubject', body: 'reconciliationMismatch.merchantBody' } },
  orderMismatch: { merchant: { subject: 'orderMismatch.merchantSubject', body: 'orderMismatch.merchantBody' } },
  notificationsSilent: { merchant: { subject: 'notificationsSilent.merchantSubject', body: 'notificationsSilent.merchantBody' } },
  // Account emails (lib/auth/account.ts), to the account's own address.
  verifyEmail: { merchant: { subject: 'verifyEmail.merchantSubject', body: 'verifyEmail.merchantBody' } },
  passwordReset: { merchant: { subject: 'passwordReset.merchantSubject', body: 'passwordReset.merchantBody' } },
  signUpAttempt: { merchant: { subject: 'signUpAttempt.merchantSubject', body: 'signUpAttempt.merchantBody' } },
};

/** The email's subject and body in `locale`, or null when this audience gets no email about it. */
export async function renderEmail(
  template: TemplateName,
  audience: Audience,
  values: Record<string, string>,
  locale: Locale,
): Promise<{ subject: string; body: string } | null> {
  const pair = TEXTS[template][audience];
  if (!pair) return null;
  const t = await translatorFor(locale);
  return { subject: t(`emails.templates.${pair.subject}`, values), body: t(`emails.templates.${pair.body}`, values) };
}
