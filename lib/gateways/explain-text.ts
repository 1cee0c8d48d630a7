// The reason texts as sentences in one language, for what is written once and kept as written (alerts, emails):
// the same keys the components use (lib/gateways/explain.ts), resolved against every text of that language, the
// app's and each gateway's (lib/i18n/messages.ts).
import type { GatewayId } from '@/core/gateway-ids';
import type { Locale } from '@/core/locales';
import { translatorFor } from '@/lib/i18n/messages';
import { explainStatusDetail, paymentMethodName, reasonValues, type ReasonAudience } from './explain';

/** The sentence that explains a status detail to `audience`, in `locale`. */
export async function reasonText(locale: Locale, gateway: GatewayId, code: string | null | undefined, audience: ReasonAudience): Promise<string> {
  const reason = explainStatusDetail(gateway, code, audience);
  return (await translatorFor(locale))(reason.key, reasonValues(gateway, reason.code));
}

/** A payment method's name in `locale` ("Visa", "Credit card (naranja)"), or null when the gateway named none. */
export async function paymentMethodText(locale: Locale, gateway: GatewayId, method: string | null | undefined, type: string | null | undefined): Promise<string | null> {
  const name = paymentMethodName(gateway, method, type);
  if (!name.key) return name.raw;
  const text = (await translatorFor(locale))(name.key, {});
  return name.raw ? `${text} (${name.raw})` : text;
}
