import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ListFilters } from '@/components/payments/list-filters';
import { Money } from '@/components/payments/money';
import { StatusBadge } from '@/components/payments/status-badge';
import { Pagination } from '@/components/ui/pagination';
import { listSubscriptions } from '@/db/queries/payment-views';
import { gatewayRegistry } from '@/lib/gateways/registry';
import { listHref, listParams } from '@/lib/payments/list-params';
import { SUBSCRIPTION_STATUSES } from '@/lib/payments/status';
import { requireMerchant } from '@/lib/session';

export const metadata: Metadata = { title: 'Subscriptions' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SubscriptionsPage({ searchParams }: Props) {
  const merchant = await requireMerchant();
  const t = await getTranslations('payments');
  const format = await getFormatter();
  const filters = listParams(await searchParams, SUBSCRIPTION_STATUSES);
  const list = await listSubscriptions(merchant.id, filters);
  return (
    <main id="main" className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">{t('subscriptionsTitle')}</h1>
        <p className="text-sm text-slate-600">{t('subscriptionsIntro')}</p>
      </div>
      <ListFilters action="/subscriptions" statuses={SUBSCRIPTION_STATUSES} values={filters} />
      {list.rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-600">{t('emptySubscriptions')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('subscriptionsCaption')}</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {(['reference', 'payer', 'amount', 'interval', 'nextPayment', 'gateway', 'status'] as const).map((column) => (
                  <th key={column} scope="col" className="px-3 py-2 font-medium">
                    {t(`column.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((subscription) => (
                <tr key={subscription.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">
                    <Link href={`/subscriptions/${subscription.id}`} className="font-medium text-indigo-700 underline">
                      {subscription.reference ?? t('viewSubscription', { id: subscription.gatewaySubscriptionId })}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{subscription.payerEmail ?? t('none')}</td>
                  <td className="px-3 py-2">
                    <Money amountMinor={subscription.amountMinor} currency={subscription.currency} />
                  </td>
                  <td className="px-3 py-2">{t('interval', { count: subscription.intervalCount, unit: subscription.intervalUnit })}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {subscription.nextPaymentAt ? format.dateTime(subscription.nextPaymentAt, { dateStyle: 'medium' }) : t('none')}
                  </td>
                  <td className="px-3 py-2">{gatewayRegistry[subscription.gateway].name}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={subscription.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        label={t('pagination')}
        summary={t('pageOf', { page: list.page, pageCount: list.pageCount, total: list.total })}
        page={list.page}
        pageCount={list.pageCount}
        hrefFor={(page) => listHref('/subscriptions', filters, page)}
        previousLabel={t('previous')}
        nextLabel={t('next')}
      />
    </main>
  );
}
