// What the customer's return from the gateway means. The redirect itself proves nothing (anyone can type the
// URL, and Secure and Pay sends approved and declined payments to the same return URL, docs/secureandpay-api.md
// §3), so the gateway reads the payment the return names and checks it is this order's (its adapter's
// checkout.confirmReturn). The order's own status is left to notification processing.
import 'server-only';
import type { PaymentPage } from '@/db/queries/checkout';
import { recordReturnCheck, type ReturnedOrder } from '@/db/queries/orders';
import { accountAccess, gatewayOf } from '@/lib/gateways/adapters';
import type { ReturnOutcome } from './types';

export type { ReturnOutcome };

/**
 * How long the return page reuses what the gateway said for an order instead of asking again (issue 13: each
 * visit, reload or bot hit would otherwise spend the merchant's API quota). A confirmed success or failure is
 * final for this page; a pending answer, or none, is asked again after 30 s.
 */
export const RETURN_CHECK_REUSE_MS = { final: Number.POSITIVE_INFINITY, pending: 30_000, unknown: 30_000 } as const;

const OUTCOMES: readonly string[] = ['success', 'pending', 'failure'] satisfies ReturnOutcome[];
const isOutcome = (value: string | null): value is ReturnOutcome => value !== null && OUTCOMES.includes(value);

function reusable(order: ReturnedOrder, now: Date): { outcome: ReturnOutcome | null } | null {
  if (!order.returnCheckedAt) return null;
  const age = now.getTime() - order.returnCheckedAt.getTime();
  const outcome = isOutcome(order.returnOutcome) ? order.returnOutcome : null;
  const reuseFor = outcome === null ? RETURN_CHECK_REUSE_MS.unknown : outcome === 'pending' ? RETURN_CHECK_REUSE_MS.pending : RETURN_CHECK_REUSE_MS.final;
  return age >= 0 && age < reuseFor ? { outcome } : null;
}

/**
 * The outcome the gateway itself reports for this order's payment, or null when the return names none (or the
 * gateway cannot be asked right now): the page then shows what the URL claims, worded as not yet confirmed.
 * Asked at most once per RETURN_CHECK_REUSE_MS per order when the return names a payment.
 */
export async function confirmedOutcome(page: PaymentPage, order: ReturnedOrder, query: URLSearchParams, now = new Date()): Promise<ReturnOutcome | null> {
  const known = reusable(order, now);
  if (known) return known.outcome;
  const outcome = await gatewayOf(page.price.gateway).checkout.confirmReturn(accountAccess(page.account, { connectedOnly: true }), order.id, query);
  await recordReturnCheck(order.id, outcome, now);
  return outcome;
}
