import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { Money } from '@/components/payments/money';
import { StatusBadge } from '@/components/payments/status-badge';
import type { RecentPayment } from '@/db/queries/overview';

/** The latest payments, each linking to its page; a list rather than a table, so it fits a phone. */
export function RecentPayments({ payments, timeZone }: { payments: RecentPayment[]; timeZone: string }) {
  const t = useTranslations('dashboard.recent');
  const format = useFormatter();
  return (
    <section aria-labelledby="recent-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="recent-title" className="font-semibold">
          {t('title')}
        </h2>
        {payments.length > 0 ? (
          <Link href="/payments" className="text-sm text-indigo-700 underline">
            {t('viewAll')}
          </Link>
        ) : null}
      </div>
      {payments.length === 0 ? (
        <p className="text-sm text-slate-700">{t('empty')}</p>
      ) : (
        <ul aria-label={t('caption')} className="flex flex-col divide-y divide-slate-100">
          {payments.map((payment) => (
            <li key={payment.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2">
              <div className="flex min-w-0 flex-col">
                <Link href={`/payments/${payment.id}`} className="truncate font-medium text-indigo-700 underline">
                  {payment.payerName ?? payment.payerEmail ?? t('unknownPayer')}
                </Link>
                <span className="text-xs text-slate-700">
                  {format.dateTime(payment.createdAt, { dateStyle: 'medium', timeStyle: 'short', timeZone })}
                </span>
              </div>
              <div className="flex items-center gap-2">
                <Money amountMinor={payment.amountMinor} currency={payment.currency} />
                <StatusBadge status={payment.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
