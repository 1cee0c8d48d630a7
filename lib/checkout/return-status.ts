// What the customer's return from the gateway means. The redirect itself proves nothing (anyone can type the
// URL, and Secure and Pay sends approved and declined payments to the same return URL, docs/secureandpay-api.md
// §3), so the gateway reads the payment the return names and checks it is this order's (its adapter's
// checkout.confirmReturn). The order's own status is left to notification processing.
import 'server-only';
import type { PaymentPage } from '@/db/queries/checkout';
import type { ReturnedOrder } from '@/db/queries/orders';
import { accountAccess, gatewayOf } from '@/lib/gateways/adapters';
import type { ReturnOutcome } from './types';

export type { ReturnOutcome };

/**
 * The outcome the gateway itself reports for this order's payment, or null when the return names none (or the
 * gateway cannot be asked right now): the page then shows what the URL claims, worded as not yet confirmed.
 */
export async function confirmedOutcome(page: PaymentPage, order: ReturnedOrder, query: URLSearchParams): Promise<ReturnOutcome | null> {
  return gatewayOf(page.price.gateway).checkout.confirmReturn(accountAccess(page.account, { connectedOnly: true }), order.id, query);
}
