import { useTranslations } from 'next-intl';
import { Money } from '@/components/payments/money';
import type { CurrencySummary, WindowTotals } from '@/lib/overview/summary';

const WINDOWS = ['today', 'week', 'month'] as const;

/** One currency's cards: today, the last 7 and the last 30 days (stacked on a narrow screen). */
export function CurrencyTotals({ summary }: { summary: CurrencySummary }) {
  const t = useTranslations('dashboard.totals');
  const id = `totals-${summary.currency}`;
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-2">
      <h3 id={`${id}-title`} className="font-semibold">
        {t('currency', { currency: summary.currency })}
      </h3>
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {WINDOWS.map((window) => (
          <WindowCard key={window} id={`${id}-${window}`} title={t(window)} totals={summary[window]} currency={summary.currency} />
        ))}
      </ul>
    </section>
  );
}

function WindowCard({ id, title, totals, currency }: { id: string; title: string; totals: WindowTotals; currency: string }) {
  const t = useTranslations('dashboard.totals');
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4">
      <h4 id={id} className="text-sm font-medium text-slate-700">
        {title}
      </h4>
      <p className="mt-1 text-2xl font-semibold break-words">
        <Money amountMinor={totals.approvedMinor} currency={currency} />
      </p>
      <p className="text-sm text-slate-700">
        {t('approvedCount', { count: totals.approvedCount })}, {t('failedCount', { count: totals.failedCount })}
      </p>
    </li>
  );
}
