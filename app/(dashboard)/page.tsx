// The home page: the merchant's overview (README "Overview"). Totals per currency for today, 7 and 30 days in the
// merchant's time zone, a 30-day chart with its table, recent payments, unread alerts, and — until every step is
// done — the setup checklist.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { CurrencyTotals } from '@/components/overview/currency-totals';
import { DailyChart } from '@/components/overview/daily-chart';
import { RecentPayments } from '@/components/overview/recent-payments';
import { SetupChecklist } from '@/components/overview/setup-checklist';
import { UnreadAlerts } from '@/components/overview/unread-alerts';
import { loadOverview } from '@/lib/overview/load-overview';
import { setupComplete } from '@/lib/overview/summary';
import { requireMerchant } from '@/lib/session';

export default async function DashboardPage() {
  const merchant = await requireMerchant();
  const t = await getTranslations('dashboard');
  const overview = await loadOverview(merchant);
  return (
    <main id="main" className="flex min-w-0 flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t('title', { name: merchant.name })}</h1>
        <p className="text-sm text-slate-700">{t('intro', { timeZone: overview.timeZone })}</p>
      </div>
      {setupComplete(overview.progress) ? null : <SetupChecklist progress={overview.progress} />}
      <section aria-labelledby="totals-title" className="flex flex-col gap-4">
        <h2 id="totals-title" className="text-lg font-semibold">
          {t('totals.title')}
        </h2>
        {overview.currencies.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-5 text-sm text-slate-700">{t('totals.empty')}</p>
        ) : (
          overview.currencies.map((summary) => (
            <div key={summary.currency} className="flex min-w-0 flex-col gap-3">
              <CurrencyTotals summary={summary} />
              <DailyChart summary={summary} />
            </div>
          ))
        )}
        <p className="text-xs text-slate-700">{t('totals.definition')}</p>
      </section>
      <div className="grid min-w-0 grid-cols-1 gap-4 lg:grid-cols-2">
        <RecentPayments payments={overview.recentPayments} timeZone={overview.timeZone} />
        <UnreadAlerts unread={overview.unreadCount} latest={overview.latestAlerts} timeZone={overview.timeZone} />
      </div>
      <p>
        <Link href="/settings/payment-gateways" className="text-sm font-medium text-indigo-700 underline">
          {t('manageGateways')}
        </Link>
      </p>
    </main>
  );
}
