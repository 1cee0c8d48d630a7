import { describe, expect, it } from 'vitest';
import { canMovePayment, canMoveSubscription, PAYMENT_STATUSES, type PaymentStatus } from '@/core/payment-status';

/** Applies notifications in the given order, each only if the table allows it. */
function settle(order: PaymentStatus[]): PaymentStatus {
  return order.slice(1).reduce((current, next) => (canMovePayment(current, next) ? next : current), order[0] ?? 'pending');
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('payment status transitions', () => {
  it('moves forward only', () => {
    expect(canMovePayment('pending', 'approved')).toBe(true);
    expect(canMovePayment('approved', 'refunded')).toBe(true);
    expect(canMovePayment('approved', 'charged_back')).toBe(true);
    expect(canMovePayment('approved', 'pending')).toBe(false);
    expect(canMovePayment('refunded', 'approved')).toBe(false);
    expect(canMovePayment('rejected', 'approved')).toBe(false);
    expect(canMovePayment('rejected', 'refunded')).toBe(false);
    expect(canMovePayment('cancelled', 'charged_back')).toBe(false);
    for (const status of PAYMENT_STATUSES) expect(canMovePayment(status, status)).toBe(false);
  });

  it('follows Mercado Pago’s documented flows (GW-MP15, GW-MP20, GW-MP21), skipping steps we never heard of', () => {
    expect(canMovePayment('pending', 'refunded')).toBe(true);
    expect(canMovePayment('authorized', 'approved')).toBe(true);
    expect(canMovePayment('authorized', 'cancelled')).toBe(true);
    expect(canMovePayment('approved', 'in_mediation')).toBe(true);
    expect(canMovePayment('in_mediation', 'refunded')).toBe(true);
    expect(canMovePayment('in_mediation', 'charged_back')).toBe(true);
    expect(canMovePayment('charged_back', 'approved')).toBe(false);
    expect(canMovePayment('refunded', 'charged_back')).toBe(false);
  });

  it('resolves a dispute for the seller only with a newer gateway time, so a late copy never undoes a dispute', () => {
    expect(canMovePayment('in_mediation', 'approved', true)).toBe(true);
    expect(canMovePayment('in_mediation', 'approved', null)).toBe(false);
    expect(canMovePayment('in_mediation', 'approved', false)).toBe(false);
    // Forward moves need no date, but an older copy never wins.
    expect(canMovePayment('approved', 'in_mediation', null)).toBe(true);
    expect(canMovePayment('approved', 'refunded', false)).toBe(false);
  });

  it('ends at refunded whatever order pending, approved and refunded arrive in, duplicates included', () => {
    const arrivals: PaymentStatus[] = ['pending', 'approved', 'refunded', 'approved', 'pending'];
    for (const order of permutations(arrivals)) expect(settle(['pending', ...order])).toBe('refunded');
  });
});

describe('subscription transitions', () => {
  const at = (iso: string) => new Date(iso);
  it('follows the gateway’s own time, and never leaves cancelled', () => {
    expect(canMoveSubscription({ status: 'authorized', gatewayUpdatedAt: at('2026-01-02') }, { status: 'paused', gatewayUpdatedAt: at('2026-01-03') })).toBe(true);
    expect(canMoveSubscription({ status: 'paused', gatewayUpdatedAt: at('2026-01-03') }, { status: 'authorized', gatewayUpdatedAt: at('2026-01-02') })).toBe(false);
    expect(canMoveSubscription({ status: 'cancelled', gatewayUpdatedAt: at('2026-01-03') }, { status: 'authorized', gatewayUpdatedAt: at('2026-01-04') })).toBe(false);
  });
});
