import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ListFilters } from '@/components/payments/list-filters';
import { Money } from '@/components/payments/money';
import { StatusBadge } from '@/components/payments/status-badge';
import { Pagination } from '@/components/ui/pagination';
import { listPayments } from '@/db/queries/payment-views';
import { gatewayRegistry } from '@/lib/gateways/registry';
import { listHref, listParams } from '@/lib/payments/list-params';
import { PAYMENT_STATUSES } from '@/lib/payments/status';
import { requireMerchant } from '@/lib/session';

export const metadata: Metadata = { title: 'Payments' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PaymentsPage({ searchParams }: Props) {
  const merchant = await requireMerchant();
  const t = await getTranslations('payments');
  const format = await getFormatter();
  const filters = listParams(await searchParams, PAYMENT_STATUSES);
  const list = await listPayments(merchant.id, filters);
  return (
    <main id="main" className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600">{t('intro')}</p>
      </div>
      <ListFilters action="/payments" statuses={PAYMENT_STATUSES} values={filters} />
      {list.rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('caption')}</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {(['reference', 'date', 'payer', 'amount', 'gateway', 'status'] as const).map((column) => (
                  <th key={column} scope="col" className="px-3 py-2 font-medium">
                    {t(`column.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((payment) => (
                <tr key={payment.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">
                    <Link href={`/payments/${payment.id}`} className="font-medium text-indigo-700 underline">
                      {payment.reference ?? t('viewPayment', { id: payment.gatewayPaymentId })}
                    </Link>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{format.dateTime(payment.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td className="px-3 py-2">{payment.payerName ?? payment.payerEmail ?? t('none')}</td>
                  <td className="px-3 py-2">
                    <Money amountMinor={payment.amountMinor} currency={payment.currency} />
                  </td>
                  <td className="px-3 py-2">{gatewayRegistry[payment.gateway].name}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={payment.status} />
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
        hrefFor={(page) => listHref('/payments', filters, page)}
        previousLabel={t('previous')}
        nextLabel={t('next')}
      />
    </main>
  );
}
