// Creating a Mercado Pago checkout for an order: a Checkout Pro preference for a one-time price, a preapproval
// (subscription) for a recurring one. The customer is then sent to the returned `init_point`.
// Preference: https://www.mercadopago.com/developers/en/reference/preferences/_checkout_preferences/post
// Preapproval: https://www.mercadopago.com/developers/en/reference/subscriptions/_preapproval/post
import 'server-only';
import type { CheckoutRequest, GatewayCheckoutResult, ReturnOutcome } from '@/lib/checkout/types';
import type { AccountAccess } from '@/lib/gateways/adapter-types';
import {
  createPreapproval,
  createPreference,
  getPayment,
  getPreapproval,
  MERCADOPAGO_CLIENT,
  type MercadoPagoBudget,
  type MercadoPagoCallOptions,
  type MercadoPagoFailure,
} from './api';
import { MERCADOPAGO_COUNTRIES } from './countries';

/**
 * Mercado Pago takes amounts as decimal numbers in the currency's unit (49.9), we store minor units (4990).
 * COP has no decimals at Mercado Pago (countries.ts), so 50000 is 50000 pesos.
 */
export function toMercadoPagoAmount(amountMinor: number, currency: string): number {
  const digits = MERCADOPAGO_COUNTRIES.find((country) => country.currency === currency)?.currencyDigits ?? 2;
  return Number((amountMinor / 10 ** digits).toFixed(digits));
}

/**
 * Our per-account webhook URL with `source_news=webhooks`, for a preference's `notification_url` (GW-MP12): the
 * parameter stops the legacy IPN duplicates
 * (https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks). A preapproval has
 * no such field; subscriptions notify the URL the merchant saved in Your integrations.
 */
export function mercadoPagoNotificationUrl(webhookUrl: string): string {
  const url = new URL(webhookUrl);
  url.searchParams.set('source_news', 'webhooks');
  return url.toString();
}

function failed(failure: MercadoPagoFailure): GatewayCheckoutResult {
  return { ok: false, reason: failure.reason, detail: [failure.status, failure.code, failure.message].filter(Boolean).join(' ') || failure.reason };
}

/**
 * The account's call options with the budget of the caller (one of `MERCADOPAGO_CLIENT.budgets`), or null when
 * its access token is not stored (then nothing can be asked).
 */
export async function callOptions(access: AccountAccess, budget: MercadoPagoBudget): Promise<MercadoPagoCallOptions | null> {
  const accessToken = await access.secret('accessToken');
  return accessToken ? { baseUrl: access.apiUrl, accessToken, budget } : null;
}

export async function createMercadoPagoCheckout(access: AccountAccess, request: CheckoutRequest): Promise<GatewayCheckoutResult> {
  // The customer waits on the payment page for this.
  const options = await callOptions(access, MERCADOPAGO_CLIENT.budgets.checkout);
  if (!options) return { ok: false, reason: 'unauthorized', detail: 'no stored credentials for the account' };
  const { order, price, urls } = request;
  const amount = toMercadoPagoAmount(order.amountMinor, order.currency);

  if (price.kind === 'subscription') {
    if (!price.intervalUnit || !price.intervalCount) return { ok: false, reason: 'unexpected', detail: 'subscription price without an interval' };
    const result = await createPreapproval(
      options,
      {
        reason: price.name,
        external_reference: order.id,
        payer_email: order.email,
        // Mercado Pago sends the subscriber back here with `preapproval_id`.
        back_url: urls.success,
        // No notification_url: the API has none for preapprovals (GW-MP12); `status: "pending"` is added by
        // createPreapproval.
        auto_recurring: {
          frequency: price.intervalCount,
          frequency_type: price.intervalUnit,
          transaction_amount: amount,
          currency_id: order.currency,
        },
      },
      { idempotencyKey: request.idempotencyKey },
    );
    if (!result.ok) return failed(result);
    if (!result.preapproval.init_point) return { ok: false, reason: 'unexpected', detail: 'preapproval without init_point' };
    return { ok: true, id: result.preapproval.id, url: result.preapproval.init_point };
  }

  const result = await createPreference(
    options,
    {
      items: [{ id: price.id, title: price.name, quantity: 1, unit_price: amount, currency_id: order.currency }],
      // MP5: email, names and tax number, so Checkout Pro can process the payment (and pre-fills them).
      payer: {
        email: order.email,
        name: order.firstName,
        surname: order.lastName,
        ...(order.taxId ? { identification: { type: order.taxId.type, number: order.taxId.number } } : {}),
      },
      external_reference: order.id,
      back_urls: { success: urls.success, pending: urls.pending, failure: urls.failure },
      // Mercado Pago refuses auto_return unless back_urls.success is a public https URL, so a local http
      // development URL goes without it (the customer then clicks "Back to the shop").
      ...(urls.success.startsWith('https://') ? { auto_return: 'approved' as const } : {}),
      notification_url: mercadoPagoNotificationUrl(urls.notification),
      metadata: { order_id: order.id, price_id: price.id },
    },
    { idempotencyKey: request.idempotencyKey },
  );
  if (!result.ok) return failed(result);
  return { ok: true, id: result.preference.id, url: result.preference.init_point };
}

const PAYMENT_OUTCOME: Record<string, ReturnOutcome> = {
  approved: 'success',
  authorized: 'success',
  pending: 'pending',
  in_process: 'pending',
  in_mediation: 'pending',
  rejected: 'failure',
  cancelled: 'failure',
  refunded: 'failure',
  charged_back: 'failure',
};
const PREAPPROVAL_OUTCOME: Record<string, ReturnOutcome> = { authorized: 'success', pending: 'pending', paused: 'failure', cancelled: 'failure' };

/**
 * The customer is back from Checkout Pro with `payment_id` (Mercado Pago sends the string "null" when there is
 * none), or from a subscription with `preapproval_id`: read it, and believe it only if it is this order's and
 * this account's.
 */
export async function confirmMercadoPagoReturn(access: AccountAccess, orderId: string, query: URLSearchParams): Promise<ReturnOutcome | null> {
  // The customer waits on the return page for this; the webhook confirms the outcome later anyway.
  const options = await callOptions(access, MERCADOPAGO_CLIENT.budgets.confirmReturn);
  if (!options) return null;
  const ours = (resource: { external_reference?: string | null; collector_id: number }) =>
    resource.external_reference === orderId && String(resource.collector_id) === access.account.externalAccountId;
  const paymentId = query.get('payment_id');
  if (paymentId && paymentId !== 'null') {
    const result = await getPayment(options, paymentId);
    return result.ok && ours(result.payment) ? (PAYMENT_OUTCOME[result.payment.status] ?? null) : null;
  }
  const preapprovalId = query.get('preapproval_id');
  if (preapprovalId) {
    const result = await getPreapproval(options, preapprovalId);
    return result.ok && ours(result.preapproval) ? (PREAPPROVAL_OUTCOME[result.preapproval.status] ?? null) : null;
  }
  return null;
}
