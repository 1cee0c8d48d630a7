import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Money } from '@/components/payments/money';
import { ExportLink } from '@/components/exports/export-link';
import { RecordsList } from '@/components/payments/records-list';
import { StatusBadge } from '@/components/payments/status-badge';
import { listSubscriptions } from '@/db/queries/payment-views';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { listParams } from '@/lib/payments/list-params';
import { SUBSCRIPTION_STATUSES } from '@/core/payment-status';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('subscriptions');

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SubscriptionsPage({ searchParams }: Props) {
  const merchant = await requireMerchant();
  const t = await getTranslations('payments');
  const exports = await getTranslations('exports');
  const format = await getFormatter();
  const filters = listParams(await searchParams, SUBSCRIPTION_STATUSES);
  const list = await listSubscriptions(merchant.id, filters);
  const columns = (['subscription', 'payer', 'amount', 'interval', 'nextPayment', 'gateway', 'status'] as const).map((column) => t(`column.${column}`));
  return (
    <RecordsList
      title={t('subscriptionsTitle')}
      intro={t('subscriptionsIntro')}
      path="/subscriptions"
      top={<ExportLink path="/subscriptions" filters={filters} text={exports('exportSubscriptions')} label={exports('exportSubscriptionsLabel')} />}
      statuses={SUBSCRIPTION_STATUSES}
      filters={filters}
      list={list}
      searchLabel={t('search')}
      empty={t('emptySubscriptions')}
      caption={t('subscriptionsCaption')}
      columns={columns}
    >
      {list.rows.map((subscription) => (
        <tr key={subscription.id} className="border-t border-slate-100">
          <td data-label={columns[0]} className="px-3 py-2 max-md:col-span-full">
            <Link href={`/subscriptions/${subscription.id}`} className="font-medium text-indigo-700 underline">
              {t('viewSubscription', { id: subscription.gatewaySubscriptionId })}
              {subscription.reference ? <span className="block text-xs font-normal text-slate-600">{t('orderReference', { reference: subscription.reference })}</span> : null}
            </Link>
          </td>
          <td data-label={columns[1]} className="px-3 py-2">{subscription.payerEmail ?? t('none')}</td>
          <td data-label={columns[2]} className="px-3 py-2">
            <Money amountMinor={subscription.amountMinor} currency={subscription.currency} />
          </td>
          <td data-label={columns[3]} className="px-3 py-2">{t('interval', { count: subscription.intervalCount, unit: subscription.intervalUnit })}</td>
          <td data-label={columns[4]} className="px-3 py-2 whitespace-nowrap">
            {subscription.nextPaymentAt ? format.dateTime(subscription.nextPaymentAt, { dateStyle: 'medium' }) : t('none')}
          </td>
          <td data-label={columns[5]} className="px-3 py-2">{GATEWAY_CATALOG[subscription.gateway].name}</td>
          <td data-label={columns[6]} className="px-3 py-2">
            <StatusBadge status={subscription.status} />
          </td>
        </tr>
      ))}
    </RecordsList>
  );
}
