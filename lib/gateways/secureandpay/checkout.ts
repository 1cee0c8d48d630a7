// Creating a Secure and Pay hosted checkout for an order, per our assumed contract (docs/secureandpay-api.md
// §3–4): a hosted one-time payment, or a subscription whose first charge happens on the hosted page. The customer
// is then sent to `checkout_url`.
import 'server-only';
import type { CheckoutRequest, GatewayCheckoutResult, ReturnOutcome } from '@/lib/checkout/types';
import type { AccountAccess } from '@/lib/gateways/adapter-types';
import { createPayment, createSubscription, getPayment, SECUREANDPAY_CURRENCIES, type SecureAndPayCallOptions, type SecureAndPayCurrency } from './api';

const isCurrency = (value: string): value is SecureAndPayCurrency => (SECUREANDPAY_CURRENCIES as readonly string[]).includes(value);

/** The site's call options, or null when the site id or API secret is not stored (then nothing can be asked). */
export async function callOptions(access: AccountAccess, timeoutMs?: number): Promise<SecureAndPayCallOptions | null> {
  const apiSecret = await access.secret('apiSecret');
  const siteId = access.account.externalAccountId;
  return apiSecret && siteId ? { baseUrl: access.apiUrl, siteId, apiSecret, ...(timeoutMs ? { timeoutMs } : {}) } : null;
}

export async function createSecureAndPayCheckout(access: AccountAccess, request: CheckoutRequest): Promise<GatewayCheckoutResult> {
  const options = await callOptions(access);
  if (!options) return { ok: false, reason: 'unauthorized', detail: 'no stored credentials for the account' };
  const { order, price, urls } = request;
  // SP5: the price form only allows these; a stored price in another currency is a bug, not a customer error.
  if (!isCurrency(order.currency)) return { ok: false, reason: 'unexpected', detail: `currency ${order.currency} is not accepted by Secure and Pay` };
  const body = {
    amount: order.amountMinor,
    currency: order.currency,
    description: price.name.slice(0, 255),
    reference: order.id,
    // SP4: required on the payment page, and by the create call.
    customer: { email: order.email, first_name: order.firstName, last_name: order.lastName },
    return_url: urls.success,
    cancel_url: urls.failure,
    // Notifications reach our per-account URL whatever support configured (§3, `notification_url`).
    notification_url: urls.notification,
  };
  const create = { idempotencyKey: request.idempotencyKey };

  if (price.kind === 'subscription') {
    // SP6: periods in days only; the price form stores days for Secure and Pay.
    if (price.intervalUnit !== 'days' || !price.intervalCount) return { ok: false, reason: 'unexpected', detail: 'subscription price without a days interval' };
    const result = await createSubscription(options, { ...body, interval_days: price.intervalCount }, create);
    if (!result.ok) return { ok: false, reason: result.reason, detail: [result.status, result.code, result.message].filter(Boolean).join(' ') || result.reason };
    return { ok: true, id: result.subscription.id, url: result.subscription.checkout_url };
  }
  const result = await createPayment(options, body, create);
  if (!result.ok) return { ok: false, reason: result.reason, detail: [result.status, result.code, result.message].filter(Boolean).join(' ') || result.reason };
  if (!result.payment.checkout_url) return { ok: false, reason: 'unexpected', detail: 'payment without checkout_url' };
  return { ok: true, id: result.payment.id, url: result.payment.checkout_url };
}

const PAYMENT_OUTCOME: Record<string, ReturnOutcome> = { succeeded: 'success', pending: 'pending', failed: 'failure', refunded: 'failure' };

/**
 * Secure and Pay sends approved and declined payments to the same return URL with `payment_id` (§3): read the
 * payment, and believe it only if it is this order's.
 */
export async function confirmSecureAndPayReturn(access: AccountAccess, orderId: string, query: URLSearchParams): Promise<ReturnOutcome | null> {
  const paymentId = query.get('payment_id');
  const options = paymentId ? await callOptions(access, 5_000) : null;
  if (!paymentId || !options) return null;
  const result = await getPayment(options, paymentId);
  if (!result.ok || result.payment.reference !== orderId) return null;
  return PAYMENT_OUTCOME[result.payment.status] ?? null;
}
