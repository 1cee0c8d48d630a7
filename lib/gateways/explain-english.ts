// The reason texts as English sentences, for what is written once and kept as written (emails, lib/email/templates.ts):
// the same keys the components use (lib/gateways/explain.ts), resolved against every English text, the app's and
// each gateway's (lib/i18n/messages.ts), since a gateway's own texts are not in messages/en.json.
import { createTranslator } from 'next-intl';
import type { GatewayId } from '@/core/gateway-ids';
import { englishMessages } from '@/lib/i18n/messages';
import { explainStatusDetail, paymentMethodName, reasonValues, type ReasonAudience } from './explain';

let translator: ((key: string, values: Record<string, string>) => string) | undefined;

function english(key: string, values: Record<string, string>): string {
  if (!translator) {
    // The keys are data (the catalogs name them; tests/payment-reasons.test.ts checks each exists), so the translator
    // takes any string key: typed as a flat record, the messages' nesting is not spelled out to the compiler.
    const t = createTranslator({ locale: 'en', messages: englishMessages() as Record<string, string> });
    translator = (messageKey, messageValues) => t(messageKey, messageValues);
  }
  return translator(key, values);
}

/** The sentence that explains a status detail to `audience`, in English. */
export function englishReason(gateway: GatewayId, code: string | null | undefined, audience: ReasonAudience): string {
  const reason = explainStatusDetail(gateway, code, audience);
  return english(reason.key, reasonValues(gateway, reason.code));
}

/** A payment method's name in English ("Visa", "Credit card (naranja)"), or null when the gateway named none. */
export function englishPaymentMethod(gateway: GatewayId, method: string | null | undefined, type: string | null | undefined): string | null {
  const name = paymentMethodName(gateway, method, type);
  if (!name.key) return name.raw;
  const text = english(name.key, {});
  return name.raw ? `${text} (${name.raw})` : text;
}

/**
 * What a failed payment's alert and emails say about why (emails.templates.paymentFailed in messages/en.json):
 * `reason`, the merchant's sentence (the alert and the merchant's email), and `customerReason`, the customer's.
 * A code the gateway does not list gets the generic sentence, which quotes the raw code.
 */
export function paymentFailedReasons(payment: { gateway: GatewayId; statusDetail: string | null }): { reason: string; customerReason: string } {
  return {
    reason: englishReason(payment.gateway, payment.statusDetail, 'merchant'),
    customerReason: englishReason(payment.gateway, payment.statusDetail, 'customer'),
  };
}
