// What one payment adds to the overview's rollup (payment_totals, README "Overview"). Pure, so the rule is written
// once and tested on its own; db/queries/overview.ts applies it in the transaction that changes the payment, and
// migration 0010's backfill is the same rule in SQL.
import type { PaymentStatus } from '@/core/payment-status';

/** A bucket is a quarter hour (UTC): a day in any zone in use today (UTC+5:30, +5:45 included) is a whole number of them. */
export const BUCKET_MS = 15 * 60 * 1000;

/** Failed, for the overview: the attempt ended without money (rejected by the gateway or the issuer, or cancelled). */
export const FAILED_STATUSES: readonly PaymentStatus[] = ['rejected', 'cancelled'];

/** The fields of a payment row the rollup depends on. */
export type TotalsSource = {
  merchantId: string;
  currency: string;
  createdAt: Date;
  status: PaymentStatus;
  amountMinor: number;
  refundedMinor: number;
};

export type TotalsDelta = {
  merchantId: string;
  currency: string;
  bucket: Date;
  approvedMinor: number;
  approvedCount: number;
  failedCount: number;
};

export function bucketOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
}

/**
 * Approved = status `approved` (a partial refund keeps a payment approved), counted at its amount net of what was
 * refunded: what the merchant keeps. A payment fully refunded, charged back or in dispute (in_mediation) is not
 * approved money any more; pending ones are not yet. Failed = rejected or cancelled.
 */
export function contributionOf(row: TotalsSource): TotalsDelta | null {
  const approved = row.status === 'approved';
  const failed = FAILED_STATUSES.includes(row.status);
  if (!approved && !failed) return null;
  return {
    merchantId: row.merchantId,
    currency: row.currency,
    bucket: bucketOf(row.createdAt),
    approvedMinor: approved ? row.amountMinor - row.refundedMinor : 0,
    approvedCount: approved ? 1 : 0,
    failedCount: failed ? 1 : 0,
  };
}

const keyOf = (delta: TotalsDelta) => `${delta.merchantId}|${delta.currency}|${delta.bucket.toISOString()}`;

/**
 * What changes in the rollup when a payment goes from `before` (null: it did not exist) to `after` (null: it is
 * gone): its old contribution subtracted, its new one added, merged per bucket, zero changes dropped, sorted by key
 * (so two transactions touching the same rows lock them in the same order).
 */
export function totalsDeltas(before: TotalsSource | null, after: TotalsSource | null): TotalsDelta[] {
  const merged = new Map<string, TotalsDelta>();
  const add = (delta: TotalsDelta | null, sign: 1 | -1) => {
    if (!delta) return;
    const key = keyOf(delta);
    const into = merged.get(key) ?? { ...delta, approvedMinor: 0, approvedCount: 0, failedCount: 0 };
    into.approvedMinor += sign * delta.approvedMinor;
    into.approvedCount += sign * delta.approvedCount;
    into.failedCount += sign * delta.failedCount;
    merged.set(key, into);
  };
  add(before && contributionOf(before), -1);
  add(after && contributionOf(after), 1);
  return [...merged.entries()]
    .filter(([, delta]) => delta.approvedMinor !== 0 || delta.approvedCount !== 0 || delta.failedCount !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta);
}
