// Payment and subscription statuses, and the one table that says which changes are allowed. Gateways send
// notifications more than once and out of order; a status only ever moves forward along this table, so an old
// notification processed after a newer one changes nothing.
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
 * How far along each status is. A change is allowed only to a strictly later stage: pending → approved →
 * refunded, never approved → pending. Statuses on one stage are alternatives (approved, rejected and cancelled
 * are the three ends of an attempt), so one never replaces another.
 * Mercado Pago's statuses: https://www.mercadopago.com/developers/en/reference/payments/_payments_id/get
 */
const PAYMENT_STAGE: Record<PaymentStatus, number> = {
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

/** Only an approved (or disputed) payment can be refunded or charged back. */
const NEEDS_APPROVAL: ReadonlySet<PaymentStatus> = new Set(['in_mediation', 'refunded', 'charged_back']);
const APPROVED_OR_LATER: ReadonlySet<PaymentStatus> = new Set(['approved', 'in_mediation']);

export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  if (PAYMENT_STAGE[to] <= PAYMENT_STAGE[from]) return false;
  if (NEEDS_APPROVAL.has(to) && PAYMENT_STAGE[from] >= PAYMENT_STAGE.approved && !APPROVED_OR_LATER.has(from)) return false;
  return true;
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
