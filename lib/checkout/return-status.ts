// What the customer's return from the gateway means. The redirect itself proves nothing (anyone can type the
// URL, and Secure and Pay sends approved and declined payments to the same return URL, docs/secureandpay-api.md
// §3), so when it names a payment we read that payment from the gateway and check it is this order's. The
// order's own status is left to notification processing.
import 'server-only';
import { readAccountSecret, type PaymentPage } from '@/db/queries/checkout';
import type { ReturnedOrder } from '@/db/queries/orders';
import { getPayment as getMercadoPagoPayment, getPreapproval } from '@/lib/gateways/mercadopago/api';
import { getPayment as getSecureAndPayPayment } from '@/lib/gateways/secureandpay/api';
import { checkoutConfigFromEnv, type CheckoutConfig } from './start-checkout';

export type ReturnOutcome = 'success' | 'pending' | 'failure';

const MERCADOPAGO_OUTCOME: Record<string, ReturnOutcome> = {
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
const SECUREANDPAY_OUTCOME: Record<string, ReturnOutcome> = { succeeded: 'success', pending: 'pending', failed: 'failure', refunded: 'failure' };

/** Query parameters the gateways add to our return URLs. */
export type ReturnParams = { paymentId?: string; preapprovalId?: string };

/**
 * The outcome the gateway itself reports for this order's payment, or null when the return names none (or the
 * gateway cannot be asked right now): the page then shows what the URL claims, worded as not yet confirmed.
 */
export async function confirmedOutcome(
  page: PaymentPage,
  order: ReturnedOrder,
  params: ReturnParams,
  config: CheckoutConfig = checkoutConfigFromEnv(),
): Promise<ReturnOutcome | null> {
  if (page.price.gateway === 'mercadopago') {
    const accessToken = await readAccountSecret(page.account.id, 'accessToken');
    if (!accessToken) return null;
    const options = { baseUrl: config.mercadopagoApiUrl, accessToken, timeoutMs: 5_000 };
    if (params.paymentId) {
      const result = await getMercadoPagoPayment(options, params.paymentId);
      if (!result.ok || result.payment.external_reference !== order.id || String(result.payment.collector_id) !== page.account.externalAccountId) return null;
      return MERCADOPAGO_OUTCOME[result.payment.status] ?? null;
    }
    if (params.preapprovalId) {
      const result = await getPreapproval(options, params.preapprovalId);
      if (!result.ok || result.preapproval.external_reference !== order.id || String(result.preapproval.collector_id) !== page.account.externalAccountId) return null;
      return PREAPPROVAL_OUTCOME[result.preapproval.status] ?? null;
    }
    return null;
  }
  const apiSecret = await readAccountSecret(page.account.id, 'apiSecret');
  const siteId = page.account.externalAccountId;
  if (!apiSecret || !siteId || !params.paymentId) return null;
  const result = await getSecureAndPayPayment({ baseUrl: config.secureandpayApiUrl, siteId, apiSecret, timeoutMs: 5_000 }, params.paymentId);
  if (!result.ok || result.payment.reference !== order.id) return null;
  return SECUREANDPAY_OUTCOME[result.payment.status] ?? null;
}
