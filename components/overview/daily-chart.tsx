import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import type { CurrencySummary } from '@/lib/overview/summary';
import { fromMinorUnits } from '@/lib/payments/money';
import { ApprovedChart, type ChartPoint } from './approved-chart';
import { DailyTable } from './daily-table';

/** One currency's 30 days: the chart, and the same figures as a table behind "Show as table". */
export async function DailyChart({ summary }: { summary: CurrencySummary }) {
  const t = await getTranslations('dashboard.chart');
  const format = await getFormatter();
  const locale = await getLocale();
  const { currency } = summary;
  // A day is a calendar date in the merchant's zone: shown as that date, whatever zone formats it (noon UTC, read in UTC).
  const points: ChartPoint[] = summary.series.map((point) => {
    const amount = fromMinorUnits(point.approvedMinor, currency);
    return {
      day: point.day,
      dayLabel: format.dateTime(new Date(`${point.day}T12:00:00Z`), { day: 'numeric', month: 'short', timeZone: 'UTC' }),
      amount,
      amountLabel: format.number(amount, { style: 'currency', currency }),
    };
  });
  const id = `chart-${currency}`;
  return (
    <section aria-labelledby={`${id}-title`} className="min-w-0 rounded-lg border border-slate-200 bg-white p-5">
      <h3 id={`${id}-title`} className="mb-2 font-semibold">
        {t('title', { currency })}
      </h3>
      <ApprovedChart points={points} currency={currency} locale={locale} label={t('label', { currency })} />
      <DailyTable currency={currency} points={points} counts={summary.series.map((point) => point.approvedCount)} />
    </section>
  );
}
