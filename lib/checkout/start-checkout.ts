// A customer's submit on a payment page: store the order (pending), then create the gateway's checkout and
// hand back where to send the customer. A gateway error leaves the order pending with the reason, and the
// customer can submit again; the same submission key (one per page load) always means the same order.
import 'server-only';
import { createHash } from 'node:crypto';
import type { PaymentPage } from '@/db/queries/checkout';
import { markCheckoutCreated, placeOrder, recordCheckoutError } from '@/db/queries/orders';
import { getEnv } from '@/core/env';
import type { Locale } from '@/core/locales';
import { accountAccess, gatewayOf } from '@/lib/gateways/adapters';
import { webhookUrlFor } from '@/lib/gateways/connections';
import { firstCheck } from '@/lib/reconciliation/schedule';
import type { PayData } from './schema';
import type { CheckoutRequest } from './types';

export type StartCheckoutError =
  /** Archived price, or its gateway account is disconnected: payments are paused. */
  | 'unavailable'
  /** The gateway could not be reached (or answered 5xx/429): try again in a moment. */
  | 'gateway_unreachable'
  /** The gateway refused the checkout (bad credentials, invalid data): the merchant must act. */
  | 'gateway_rejected'
  /** The submission key belongs to another page or an order that is already paid: reload the page. */
  | 'reload';

export type StartCheckoutResult = { ok: true; checkoutUrl: string; orderId: string } | { ok: false; error: StartCheckoutError; orderId?: string };

/** Our pages the gateway sends the customer back to, per outcome. */
export function returnUrls(appUrl: string, slug: string, orderId: string) {
  const at = (outcome: 'success' | 'pending' | 'failure') => {
    const url = new URL(`/pay/${encodeURIComponent(slug)}/${outcome}`, appUrl);
    url.searchParams.set('order', orderId);
    return url.toString();
  };
  return { success: at('success'), pending: at('pending'), failure: at('failure') };
}

/** `locale`: the page's language as the customer read it; their emails about this order use it. */
export async function startCheckout(page: PaymentPage, data: PayData, locale: Locale): Promise<StartCheckoutResult> {
  // A disconnected account never silently switches gateway: the page says payments are paused.
  if (page.price.archived || page.account.status !== 'connected') return { ok: false, error: 'unavailable' };

  const placed = await placeOrder({
    submissionKey: data.submissionKey,
    merchantId: page.merchant.id,
    priceId: page.price.id,
    accountId: page.account.id,
    amountMinor: page.price.amountMinor,
    currency: page.price.currency,
    customerEmail: data.email,
    customerFirstName: data.firstName,
    customerLastName: data.lastName,
    taxIdType: data.taxId?.type ?? null,
    taxIdNumber: data.taxId?.number ?? null,
    locale,
  });
  if (!placed.ok) return { ok: false, error: 'reload' };
  const { order } = placed;
  // A double submit, or the back button after the redirect: the same checkout again.
  if (order.status === 'checkout_created' && order.checkoutUrl) return { ok: true, checkoutUrl: order.checkoutUrl, orderId: order.id };
  if (order.status !== 'pending') return { ok: false, error: 'reload', orderId: order.id };

  const request: CheckoutRequest = {
    order: {
      id: order.id,
      amountMinor: order.amountMinor,
      currency: order.currency,
      email: order.customerEmail,
      firstName: order.customerFirstName,
      lastName: order.customerLastName,
      taxId: order.taxIdType && order.taxIdNumber ? { type: order.taxIdType, number: order.taxIdNumber } : null,
    },
    price: { id: page.price.id, name: page.price.name, kind: page.price.kind, intervalUnit: page.price.intervalUnit, intervalCount: page.price.intervalCount },
    urls: { ...returnUrls(getEnv().APP_URL, page.price.slug, order.id), notification: webhookUrlFor(page.price.gateway, page.account.publicId) },
    idempotencyKey: '',
  };
  // The key follows the order and what is sent: a retry of the same request is answered with the first checkout
  // (both gateways honour idempotency keys), while corrected customer details make a new one instead of a 409.
  request.idempotencyKey = `${order.id}-${createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 16)}`;

  // Public pages act only for a connected account (its secrets are refused otherwise).
  const result = await gatewayOf(page.price.gateway).checkout.create(accountAccess(page.account, { connectedOnly: true }), request);
  if (!result.ok) {
    await recordCheckoutError(order.id, `${page.price.gateway} ${result.reason}: ${result.detail}`);
    return { ok: false, error: result.reason === 'unreachable' ? 'gateway_unreachable' : 'gateway_rejected', orderId: order.id };
  }
  // Reconciliation asks the gateway about the order from 15 minutes on, in case its notification is lost (issue 12);
  // a gateway that cannot be asked about an order gets no schedule.
  const reconcile = gatewayOf(page.price.gateway).reconcile.order ? firstCheck(new Date()).reconcileAt : null;
  await markCheckoutCreated(order.id, { id: result.id, url: result.url }, reconcile);
  return { ok: true, checkoutUrl: result.url, orderId: order.id };
}
