'use server';
// The payment page's one action, public (no session): validate with the page's schema (the fields this gateway
// needs, MP5 / SP4) → store the order → create the gateway's checkout → redirect the customer to it. Which price
// and account are used comes from the slug, looked up again here, never from the form.
import { redirect } from 'next/navigation';
import { getPaymentPage } from '@/db/queries/checkout';
import { validatedAction } from '@/lib/actions';
import { visitorLanguage } from '@/lib/i18n/visitor';
import { payRequirementsFor, paySchema } from '@/lib/checkout/schema';
import { startCheckout } from '@/lib/checkout/start-checkout';
import type { FormState } from '@/lib/form-state';
import { gatewayNames } from '@/lib/gateways/catalog';
import { consumeRateLimits, RATE_LIMITS } from '@/lib/rate-limit';
import { clientIp } from '@/lib/rate-limit/client-ip';

/** Bound to the price's slug by the page. */
export async function startCheckoutAction(slug: string, prev: FormState, formData: FormData): Promise<FormState> {
  const page = await getPaymentPage(slug);
  if (!page) return { status: 'error', message: 'errors.payUnavailable' };
  const gateway = gatewayNames()[page.price.gateway];
  let checkoutUrl: string | undefined;
  const state = await validatedAction(paySchema(payRequirementsFor(page.price.gateway, page.account)), async (data): Promise<FormState> => {
    // Each checkout stores an order and spends the merchant's gateway quota: limited per customer address and per
    // price (lib/rate-limit), counted only for a valid form, before anything is created.
    const limited = await consumeRateLimits([
      { limit: RATE_LIMITS.checkoutPerIp, subject: await clientIp() },
      { limit: RATE_LIMITS.checkoutPerPrice, subject: page.price.id },
    ]);
    if (!limited.allowed) {
      return { status: 'error', message: 'errors.payTooManyAttempts', messageValues: { minutes: String(Math.ceil(limited.retryAfterSeconds / 60)) } };
    }
    // The language the customer read the page in (the same rule as the page's, lib/i18n/visitor.ts).
    const result = await startCheckout(page, data, (await visitorLanguage()).locale);
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
  })(prev, formData);
  // redirect() throws, so it goes outside the wrapper; the checkout URL is the gateway's, from its API.
  if (checkoutUrl) redirect(checkoutUrl);
  return state;
}
