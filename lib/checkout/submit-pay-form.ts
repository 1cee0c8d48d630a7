// The payment page's form, submitted (pages/pay/[slug]/index.tsx, a plain POST: the page runs without a framework in
// the browser): validate with the page's schema (the fields this gateway needs, MP5 / SP4) → store the order → create
// the gateway's checkout → send the customer to it. Which price and account are used comes from the slug, looked up
// again here, never from the form.
import 'server-only';
import { getPaymentPage } from '@/db/queries/checkout';
import { validatedAction } from '@/lib/actions';
import { payRequirementsFor, paySchema } from '@/lib/checkout/schema';
import { startCheckout } from '@/lib/checkout/start-checkout';
import type { Locale } from '@/core/locales';
import { initialFormState, type FormState } from '@/lib/form-state';
import { gatewayNames } from '@/lib/gateways/catalog';
import { consumeRateLimits, RATE_LIMITS } from '@/lib/rate-limit';

export type PaySubmission = { checkoutUrl: string } | { state: FormState };

type Visitor = {
  /** The language the customer read the page in: the checkout and its emails follow it. */
  locale: Locale;
  /** The customer's address, for the per-address limit (lib/rate-limit/client-ip.ts). */
  clientIp: string;
};

export async function submitPayForm(slug: string, form: FormData, visitor: Visitor): Promise<PaySubmission> {
  const page = await getPaymentPage(slug);
  if (!page) return { state: { status: 'error', message: 'errors.payUnavailable' } };
  const gateway = gatewayNames()[page.price.gateway];
  let checkoutUrl: string | undefined;
  const state = await validatedAction(paySchema(payRequirementsFor(page.price.gateway, page.account)), async (data): Promise<FormState> => {
    // Each checkout stores an order and spends the merchant's gateway quota: limited per customer address and per
    // price (lib/rate-limit), counted only for a valid form, before anything is created.
    const limited = await consumeRateLimits([
      { limit: RATE_LIMITS.checkoutPerIp, subject: visitor.clientIp },
      { limit: RATE_LIMITS.checkoutPerPrice, subject: page.price.id },
    ]);
    if (!limited.allowed) {
      return { status: 'error', message: 'errors.payTooManyAttempts', messageValues: { minutes: String(Math.ceil(limited.retryAfterSeconds / 60)) } };
    }
    const result = await startCheckout(page, data, visitor.locale);
    if (result.ok) {
      checkoutUrl = result.checkoutUrl;
      return { status: 'success' };
    }
    const message = {
      unavailable: 'errors.payUnavailable',
      gateway_unreachable: 'errors.payGatewayUnreachable',
      gateway_rejected: 'errors.payGatewayRejected',
      reload: 'errors.payReload',
    }[result.error];
    return { status: 'error', message, messageValues: { gateway } };
  })(initialFormState, form);
  // The checkout URL is the gateway's, from its API.
  return checkoutUrl ? { checkoutUrl } : { state };
}
