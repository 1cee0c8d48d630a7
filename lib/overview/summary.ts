// Shapes the rollup's per-day rows into what the overview shows: per currency, today, the last 7 and the last 30
// days (today included, days in the merchant's time zone), and one point per day for the chart. Pure.
import type { DayTotals, SetupProgress } from '@/db/queries/overview';

export type { DayTotals, SetupProgress };

/** The chart's span and the longest window: today and the 29 days before it. */
export const OVERVIEW_DAYS = 30;
export const WEEK_DAYS = 7;


export type WindowTotals = { approvedMinor: number; approvedCount: number; failedCount: number };

export type CurrencySummary = {
  currency: string;
  today: WindowTotals;
  week: WindowTotals;
  month: WindowTotals;
  /** OVERVIEW_DAYS points, oldest first, days without payments at zero. */
  series: Array<{ day: string; approvedMinor: number; approvedCount: number }>;
};

/** The date `offset` days after `day` (both YYYY-MM-DD; calendar arithmetic, no zone involved). */
export function addDays(day: string, offset: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + offset)).toISOString().slice(0, 10);
}

const empty = (): WindowTotals => ({ approvedMinor: 0, approvedCount: 0, failedCount: 0 });

/** Per currency (alphabetical), only those with a payment approved or failed in the last OVERVIEW_DAYS days. */
export function summarizeTotals(today: string, days: readonly DayTotals[]): CurrencySummary[] {
  const first = addDays(today, -(OVERVIEW_DAYS - 1));
  const weekStart = addDays(today, -(WEEK_DAYS - 1));
  const byCurrency = new Map<string, Map<string, DayTotals>>();
  for (const row of days) {
    if (row.day < first || row.day > today) continue;
    const perDay = byCurrency.get(row.currency) ?? new Map<string, DayTotals>();
    perDay.set(row.day, row);
    byCurrency.set(row.currency, perDay);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([currency, perDay]) => {
      const summary: CurrencySummary = { currency, today: empty(), week: empty(), month: empty(), series: [] };
      for (let offset = OVERVIEW_DAYS - 1; offset >= 0; offset -= 1) {
        const day = addDays(today, -offset);
        const row = perDay.get(day);
        summary.series.push({ day, approvedMinor: row?.approvedMinor ?? 0, approvedCount: row?.approvedCount ?? 0 });
        if (!row) continue;
        const windows = [summary.month, ...(day >= weekStart ? [summary.week] : []), ...(day === today ? [summary.today] : [])];
        for (const window of windows) {
          window.approvedMinor += row.approvedMinor;
          window.approvedCount += row.approvedCount;
          window.failedCount += row.failedCount;
        }
      }
      // A currency whose rows all netted to zero (a payment approved, then refunded in full) has nothing to show.
      const active = summary.month.approvedCount > 0 || summary.month.failedCount > 0 || summary.month.approvedMinor !== 0;
      return active ? [summary] : [];
    });
}


export type SetupStepId = keyof SetupProgress;

/** The steps in the order a merchant does them, each with the page where it is done. */
export const SETUP_STEPS: ReadonlyArray<{ id: SetupStepId; href: string }> = [
  { id: 'gatewayConnected', href: '/settings/payment-gateways' },
  { id: 'webhookReceived', href: '/settings/payment-gateways' },
  { id: 'priceCreated', href: '/prices/new' },
  { id: 'pageShared', href: '/prices' },
  { id: 'firstPayment', href: '/prices' },
];

export function setupComplete(progress: SetupProgress): boolean {
  return SETUP_STEPS.every((step) => progress[step.id]);
}
