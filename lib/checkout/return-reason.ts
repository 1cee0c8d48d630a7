// What the return page can tell the customer about why (issue 12): the status detail of the latest payment recorded
// for their order, when that payment is in the state the page shows (failed, or still pending). It is known once the
// gateway's notification has been processed, usually within a second of the redirect; until then the page shows
// its general text only.
import 'server-only';
import { latestPaymentOfOrder } from '@/db/queries/payment-views';
import type { GatewayId } from '@/core/gateway-ids';
import type { PaymentStatus } from '@/core/payment-status';
import type { ReturnOutcome } from './types';

const STATUSES_OF: Record<ReturnOutcome, ReadonlySet<PaymentStatus>> = {
  success: new Set(),
  pending: new Set(['pending', 'in_process', 'authorized']),
  failure: new Set(['rejected', 'cancelled']),
};

export type ReturnReason = { gateway: GatewayId; code: string };

/** The status detail to explain on a return page showing `outcome`, or null when there is none to explain. */
export async function returnReason(order: { id: string; merchantId: string }, outcome: ReturnOutcome): Promise<ReturnReason | null> {
  if (STATUSES_OF[outcome].size === 0) return null;
  const latest = await latestPaymentOfOrder(order.merchantId, order.id);
  if (!latest?.statusDetail || !STATUSES_OF[outcome].has(latest.status)) return null;
  return { gateway: latest.gateway, code: latest.statusDetail };
}
