import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Money } from '@/components/payments/money';
import { PaymentMethodName } from '@/components/payments/payment-method-name';
import { RecordsList } from '@/components/payments/records-list';
import { ExportLink } from '@/components/exports/export-link';
import { AwaitingPaymentPanel } from '@/components/reconciliation/awaiting-payment-panel';
import { StatusBadge } from '@/components/payments/status-badge';
import { listPayments } from '@/db/queries/payment-views';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { listParams } from '@/lib/payments/list-params';
import { PAYMENT_STATUSES } from '@/core/payment-status';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('payments');


type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PaymentsPage({ searchParams }: Props) {
  const merchant = await requireMerchant();
  const t = await getTranslations('payments');
  const exports = await getTranslations('exports');
  const format = await getFormatter();
  const filters = listParams(await searchParams, PAYMENT_STATUSES);
  const list = await listPayments(merchant.id, filters);
  const columns = (['payment', 'date', 'payer', 'amount', 'method', 'gateway', 'status'] as const).map((column) => t(`column.${column}`));
  return (
    <RecordsList
      title={t('title')}
      intro={t('intro')}
      top={
        <>
          <ExportLink path="/payments" filters={filters} text={exports('exportPayments')} label={exports('exportPaymentsLabel')} />
          <AwaitingPaymentPanel merchantId={merchant.id} />
        </>
      }
      path="/payments"
      statuses={PAYMENT_STATUSES}
      filters={filters}
      list={list}
      searchLabel={t('searchPaymentFields')}
      empty={t('empty')}
      caption={t('caption')}
      columns={columns}
    >
      {list.rows.map((payment) => (
        <tr key={payment.id} className="border-t border-slate-100">
          <td data-label={columns[0]} className="px-3 py-2 max-md:col-span-full">
            {/* Named as its page is titled (the gateway's id), with our order reference beside it. */}
            <Link href={`/payments/${payment.id}`} className="font-medium text-indigo-700 underline">
              {t('viewPayment', { id: payment.gatewayPaymentId })}
              {payment.reference ? <span className="block text-xs font-normal text-slate-600">{t('orderReference', { reference: payment.reference })}</span> : null}
            </Link>
          </td>
          <td data-label={columns[1]} className="px-3 py-2 whitespace-nowrap">{format.dateTime(payment.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
          <td data-label={columns[2]} className="px-3 py-2">{payment.payerName ?? payment.payerEmail ?? t('none')}</td>
          <td data-label={columns[3]} className="px-3 py-2">
            <Money amountMinor={payment.amountMinor} currency={payment.currency} />
          </td>
          <td data-label={columns[4]} className="px-3 py-2">
            <PaymentMethodName gateway={payment.gateway} method={payment.paymentMethodId} type={payment.paymentMethodType} />
          </td>
          <td data-label={columns[5]} className="px-3 py-2">{GATEWAY_CATALOG[payment.gateway].name}</td>
          <td data-label={columns[6]} className="px-3 py-2">
            <StatusBadge status={payment.status} />
          </td>
        </tr>
      ))}
    </RecordsList>
  );
}
