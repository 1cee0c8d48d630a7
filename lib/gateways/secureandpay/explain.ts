// Secure and Pay's codes in words (issue 12), client-safe. The texts are in ./messages/en.json under
// payments.reason.secureandpay and payments.methodType.secureandpay; tests/payment-reasons.test.ts checks that every
// code listed here has its texts, and every text its code.
import { namesOf, reasonTextsOf, type PaymentExplanations } from '@/lib/gateways/catalog-types';

/** A failed payment's `failure_reason` (docs/secureandpay-api.md §5); our status detail for it (./process.ts). */
export const SECUREANDPAY_FAILURE_REASONS = ['card_declined', 'insufficient_funds', 'expired_card', 'authentication_failed', 'processing_error', 'abandoned'] as const;

export const secureandpayExplanations: PaymentExplanations = {
  statusDetails: reasonTextsOf('payments.reason.secureandpay', SECUREANDPAY_FAILURE_REASONS),
  // The contract names no method: every payment is a card on the hosted page (§3), recorded as `card` (./process.ts).
  paymentMethods: {},
  paymentTypes: namesOf('payments.methodType.secureandpay', ['card']),
};
