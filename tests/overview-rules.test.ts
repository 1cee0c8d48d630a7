// The overview's pure rules: what a payment contributes to the rollup, and how days become today / 7 / 30 days.
import { describe, expect, it } from 'vitest';
import { bucketOf, contributionOf, totalsDeltas, type TotalsSource } from '@/core/payment-totals';
import { addDays, setupComplete, summarizeTotals } from '@/lib/overview/summary';

const row = (overrides: Partial<TotalsSource>): TotalsSource => ({
  merchantId: 'm',
  currency: 'BRL',
  createdAt: new Date('2026-12-01T10:07:30Z'),
  status: 'approved',
  amountMinor: 10_000,
  refundedMinor: 0,
  ...overrides,
});

describe('payment totals rule', () => {
  it('buckets by UTC quarter hour', () => {
    expect(bucketOf(new Date('2026-12-01T10:14:59.999Z')).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(bucketOf(new Date('2026-12-01T10:15:00Z')).toISOString()).toBe('2026-12-01T10:15:00.000Z');
  });

  it('counts approved net of refunds, rejected and cancelled as failed, the rest not at all', () => {
    expect(contributionOf(row({ refundedMinor: 2_500 }))).toMatchObject({ approvedMinor: 7_500, approvedCount: 1, failedCount: 0 });
    expect(contributionOf(row({ status: 'rejected' }))).toMatchObject({ approvedMinor: 0, approvedCount: 0, failedCount: 1 });
    expect(contributionOf(row({ status: 'cancelled' }))).toMatchObject({ failedCount: 1 });
    for (const status of ['pending', 'in_process', 'authorized', 'in_mediation', 'refunded', 'charged_back'] as const) {
      expect(contributionOf(row({ status }))).toBeNull();
    }
  });

  it('moves a contribution: the difference in one bucket, or out of one and into another', () => {
    expect(totalsDeltas(row({}), row({ refundedMinor: 1_000 }))).toEqual([
      { merchantId: 'm', currency: 'BRL', bucket: new Date('2026-12-01T10:00:00Z'), approvedMinor: -1_000, approvedCount: 0, failedCount: 0 },
    ]);
    expect(totalsDeltas(row({ status: 'pending' }), row({ status: 'pending', amountMinor: 5 }))).toEqual([]);
    expect(totalsDeltas(row({}), row({}))).toEqual([]);
    expect(totalsDeltas(row({ status: 'pending' }), row({ status: 'rejected' }))).toMatchObject([{ approvedMinor: 0, failedCount: 1 }]);
    expect(totalsDeltas(row({}), row({ currency: 'USD' })).map((d) => [d.currency, d.approvedMinor, d.approvedCount])).toEqual([
      ['BRL', -10_000, -1],
      ['USD', 10_000, 1],
    ]);
    expect(totalsDeltas(row({}), null)).toMatchObject([{ approvedMinor: -10_000, approvedCount: -1 }]);
  });
});

describe('overview summary', () => {
  it('adds calendar days across months and years', () => {
    expect(addDays('2026-12-02', -29)).toBe('2026-11-03');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('sums today, the last 7 and the last 30 days per currency, with a zero-filled 30-day series', () => {
    const summaries = summarizeTotals('2026-12-02', [
      { currency: 'USD', day: '2026-12-02', approvedMinor: 5, approvedCount: 1, failedCount: 2 },
      { currency: 'BRL', day: '2026-12-02', approvedMinor: 100, approvedCount: 1, failedCount: 0 },
      { currency: 'BRL', day: '2026-11-26', approvedMinor: 10, approvedCount: 1, failedCount: 1 },
      { currency: 'BRL', day: '2026-11-25', approvedMinor: 1, approvedCount: 1, failedCount: 0 },
      { currency: 'BRL', day: '2026-11-02', approvedMinor: 1_000, approvedCount: 1, failedCount: 0 },
      // Netted to zero (approved, then refunded in full): nothing to show in EUR.
      { currency: 'EUR', day: '2026-12-01', approvedMinor: 0, approvedCount: 0, failedCount: 0 },
    ]);
    expect(summaries.map((s) => s.currency)).toEqual(['BRL', 'USD']);
    const [brl, usd] = summaries;
    expect(brl?.today).toEqual({ approvedMinor: 100, approvedCount: 1, failedCount: 0 });
    expect(brl?.week).toEqual({ approvedMinor: 110, approvedCount: 2, failedCount: 1 });
    expect(brl?.month).toEqual({ approvedMinor: 111, approvedCount: 3, failedCount: 1 });
    expect(brl?.series).toHaveLength(30);
    expect(brl?.series.at(0)?.day).toBe('2026-11-03');
    expect(brl?.series.at(-1)).toEqual({ day: '2026-12-02', approvedMinor: 100, approvedCount: 1 });
    expect(usd?.today.failedCount).toBe(2);
  });

  it('is complete only when every step is done', () => {
    const done = { gatewayConnected: true, webhookReceived: true, priceCreated: true, pageShared: true, firstPayment: true };
    expect(setupComplete(done)).toBe(true);
    expect(setupComplete({ ...done, pageShared: false })).toBe(false);
  });
});
