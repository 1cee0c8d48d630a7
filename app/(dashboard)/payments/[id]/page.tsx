import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { DetailList } from '@/components/payments/detail-list';
import { Money } from '@/components/payments/money';
import { PaymentMethodName } from '@/components/payments/payment-method-name';
import { PaymentReason } from '@/components/payments/payment-reason';
import { RecordHeader } from '@/components/payments/record-header';
import { CheckPaymentNow } from '@/components/reconciliation/check-payment-now';
import { CausingNotifications, StatusHistory } from '@/components/payments/status-history';
import { RefundForm } from '@/components/refunds/refund-form';
import { RefundsTable } from '@/components/refunds/refunds-table';
import { Panel } from '@/components/ui/panel';
import { getPaymentDetail } from '@/db/queries/payment-views';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { isRecordId } from '@/lib/server/ids';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('payment');

export default async function PaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const merchant = await requireMerchant();
  const { id } = await params;
  const detail = isRecordId(id) ? await getPaymentDetail(merchant.id, id) : undefined;
  if (!detail) notFound();
  const { payment } = detail;
  const t = await getTranslations('payments');
  const tRefunds = await getTranslations('refunds');
  const format = await getFormatter();
  const when = (date: Date | null) => (date ? format.dateTime(date, 'zoned') : null);
  return (
    <main id="main" className="flex flex-col gap-4">
      <RecordHeader back={{ href: '/payments', label: t('back') }} title={t('detailTitle', { id: payment.gatewayPaymentId })} status={payment.status} />
      <Panel id="details" title={t('details')}>
        <DetailList
          rows={[
            [t('field.amount'), <Money key="amount" amountMinor={payment.amountMinor} currency={payment.currency} />],
            [t('field.gateway'), GATEWAY_CATALOG[payment.gateway].name],
            [t('field.gatewayId'), payment.gatewayPaymentId],
            [t('field.reference'), payment.reference],
            [t('field.statusDetail'), payment.statusDetail ? <PaymentReason key="reason" gateway={payment.gateway} code={payment.statusDetail} audience="merchant" /> : null],
            [t('field.method'), <PaymentMethodName key="method" gateway={payment.gateway} method={payment.paymentMethodId} type={payment.paymentMethodType} />],
            [t('field.payer'), [payment.payerName, payment.payerEmail].filter(Boolean).join(' · ') || null],
            [t('field.created'), when(payment.gatewayCreatedAt)],
            [t('field.approved'), when(payment.approvedAt)],
          ]}
        />
      </Panel>
      <CheckPaymentNow paymentId={payment.id} gateway={payment.gateway} status={payment.status} />
      <Panel id="refunds" title={tRefunds('history')}>
        <RefundsTable refunds={detail.refunds} amountMinor={payment.amountMinor} refundedMinor={payment.refundedMinor} currency={payment.currency} />
      </Panel>
      <Panel id="refund" title={tRefunds('title')}>
        <RefundForm paymentId={payment.id} reasonKey={GATEWAY_CATALOG[payment.gateway].failures.refunds.reason} />
      </Panel>
      <StatusHistory entries={detail.history} />
      <CausingNotifications notifications={detail.notifications} />
    </main>
  );
}
