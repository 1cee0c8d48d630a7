// Email texts come from the message files (namespace "emails.templates"), like every other text, so a second
// language is a new messages file. Rendered when the email is written: the outbox keeps exactly what was sent.
import 'server-only';
import { createTranslator } from 'next-intl';
import messages from '@/messages/en.json';
import { fromMinorUnits } from '@/lib/payments/money';

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
  | 'verifyEmail'
  | 'passwordReset'
  | 'signUpAttempt';
export type Audience = 'merchant' | 'customer';

const translator = createTranslator({ locale: 'en', messages, namespace: 'emails.templates' });

export function formatAmount(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(fromMinorUnits(amountMinor, currency));
}

type Key = Parameters<typeof translator>[0];
type Pair = { subject: Key; body: Key };

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
  // Account emails (lib/auth/account.ts), to the account's own address.
  verifyEmail: { merchant: { subject: 'verifyEmail.merchantSubject', body: 'verifyEmail.merchantBody' } },
  passwordReset: { merchant: { subject: 'passwordReset.merchantSubject', body: 'passwordReset.merchantBody' } },
  signUpAttempt: { merchant: { subject: 'signUpAttempt.merchantSubject', body: 'signUpAttempt.merchantBody' } },
};

/** The email's subject and body, or null when this audience gets no email about it. */
export function renderEmail(template: TemplateName, audience: Audience, values: Record<string, string>): { subject: string; body: string } | null {
  const pair = TEXTS[template][audience];
  return pair ? { subject: translator(pair.subject, values), body: translator(pair.body, values) } : null;
}
