// Payment and subscription statuses, and the one table that says which changes are allowed. Gateways send
// notifications more than once and out of order; a status only moves along this table (and back along its one
// loop only with a newer gateway time), so an old notification processed after a newer one changes nothing.
export const PAYMENT_STATUSES = [
  'pending',
  'in_process',
  'authorized',
  'approved',
  'rejected',
  'cancelled',
  'in_mediation',
  'refunded',
  'charged_back',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Where a payment can go next, from Mercado Pago's documented flows (GW-MP15, GW-MP20, GW-MP21 in
 * docs/requirements.md, from the payments reference https://www.mercadopago.com/developers/en/reference/payments/_payments_id/get
 * and ../shared/GATEWAYS.md "Money movements"):
 * - an attempt waits (pending, in_process, authorized) and ends approved, rejected or cancelled; an authorized
 *   (reserved) payment is captured (approved) or released (cancelled);
 * - an approved payment can be disputed (in_mediation), refunded, or charged back by the card issuer; a partial
 *   refund keeps it approved (only its detail and refunded amount change);
 * - a dispute is resolved for the seller (approved again), for the buyer (refunded, `bpp_refunded`), or becomes a
 *   chargeback;
 * - refunded, charged_back, rejected and cancelled are ends: later news about them is a change of detail
 *   (a chargeback's outcome, `settled` or `reimbursed`), not of status.
 * Secure and Pay's statuses (approved, rejected, refunded) are a subset of these paths.
 */
const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['in_process', 'authorized', 'approved', 'rejected', 'cancelled'],
  in_process: ['authorized', 'approved', 'rejected', 'cancelled'],
  authorized: ['approved', 'cancelled', 'rejected'],
  approved: ['in_mediation', 'refunded', 'charged_back'],
  in_mediation: ['approved', 'refunded', 'charged_back'],
  refunded: [],
  charged_back: [],
  rejected: [],
  cancelled: [],
};

/** Every status reachable from `from`, through any number of moves (we may have missed the steps between). */
function reachableFrom(from: PaymentStatus): ReadonlySet<PaymentStatus> {
  const seen = new Set<PaymentStatus>();
  const queue = [...NEXT[from]];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...NEXT[next]);
  }
  return seen;
}
const REACHABLE = new Map(PAYMENT_STATUSES.map((status) => [status, reachableFrom(status)]));
const reaches = (from: PaymentStatus, to: PaymentStatus) => REACHABLE.get(from)?.has(to) ?? false;

/** How far along an attempt each status is: a move to an earlier stage is a move back along the table's loop. */
const STAGE: Record<PaymentStatus, number> = {
  pending: 0,
  in_process: 1,
  authorized: 2,
  approved: 3,
  rejected: 3,
  cancelled: 3,
  in_mediation: 4,
  refunded: 5,
  charged_back: 5,
};

/**
 * Whether what the gateway now says may replace what we have. `newer` compares the gateway's own last-updated
 * times: true when its copy is newer than ours, false when older, null when either is unknown.
 * A move along the table is taken unless the gateway's copy is older; a move back along a loop (a dispute
 * resolved for the seller: in_mediation → approved) only when it is known to be newer, so that without dates an
 * old "approved" processed after "in_mediation" never undoes the dispute, whatever order notifications come in.
 */
export function canMovePayment(from: PaymentStatus, to: PaymentStatus, newer: boolean | null = null): boolean {
  if (from === to || !reaches(from, to)) return false;
  if (newer === false) return false;
  if (STAGE[to] < STAGE[from]) return newer === true;
  return true;
}

/** Compares two gateway times as canMovePayment wants it. */
export function isNewer(candidate: Date | null, current: Date | null): boolean | null {
  if (!candidate || !current || candidate.getTime() === current.getTime()) return null;
  return candidate > current;
}

export const SUBSCRIPTION_STATUSES = ['pending', 'authorized', 'past_due', 'paused', 'cancelled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * Subscriptions move back and forth (authorized ⇄ paused, past due → authorized again), so order comes from the
 * gateway's own last-modified time instead of a stage: a change applies only when it is newer than what we
 * have. Cancelled is final.
 */
export function canMoveSubscription(
  from: { status: SubscriptionStatus; gatewayUpdatedAt: Date | null },
  to: { status: SubscriptionStatus; gatewayUpdatedAt: Date | null },
): boolean {
  if (from.status === 'cancelled' || from.status === to.status) return false;
  if (from.gatewayUpdatedAt && to.gatewayUpdatedAt && to.gatewayUpdatedAt < from.gatewayUpdatedAt) return false;
  return true;
}

/** A processed notification's result line, as the merchant reads it in Notifications: what changed, if anything. */
export function describeStatusChange(
  subject: string,
  change: { change: 'created' | 'moved' | 'detail' | 'unchanged'; from: string | null; to: string; detail?: string | null },
): string {
  if (change.change === 'created') return `${subject} recorded as ${change.to}.`;
  if (change.change === 'detail') return `${subject} is still ${change.to}; its detail is now ${change.detail ?? 'none'}.`;
  if (change.change === 'moved') return `${subject}: ${change.from} → ${change.to}.`;
  return `${subject} is already ${change.to}; nothing changed.`;
}
