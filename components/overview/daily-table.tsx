import { useTranslations } from 'next-intl';
import type { ChartPoint } from './approved-chart';

/** The chart's figures as a table (its text alternative), behind a disclosure every reader can open. */
export function DailyTable({ currency, points, counts }: { currency: string; points: ChartPoint[]; counts: number[] }) {
  const t = useTranslations('dashboard.chart');
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer font-medium text-indigo-700 underline">{t('showTable')}</summary>
      <div className="mt-2 rounded-md border border-slate-200">
        <table className="w-full text-start">
          <caption className="p-2 text-start font-medium">{t('caption', { currency })}</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 text-start font-medium">
                {t('day')}
              </th>
              <th scope="col" className="px-3 py-2 text-end font-medium">
                {t('amount')}
              </th>
              <th scope="col" className="px-3 py-2 text-end font-medium">
                {t('count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((point, index) => (
              <tr key={point.day} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-1.5 text-start font-normal">
                  {point.dayLabel}
                </th>
                <td className="px-3 py-1.5 text-end tabular-nums">{point.amountLabel}</td>
                <td className="px-3 py-1.5 text-end tabular-nums">{counts[index] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
