import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { DetailList } from '@/components/payments/detail-list';
import { Money } from '@/components/payments/money';
import { RecordHeader } from '@/components/payments/record-header';
import { StatusBadge } from '@/components/payments/status-badge';
import { CausingNotifications, StatusHistory } from '@/components/payments/status-history';
import { Panel } from '@/components/ui/panel';
import { getSubscriptionDetail } from '@/db/queries/payment-views';
import { gatewayRegistry } from '@/lib/gateways/registry';
import { NON_PAYMENT_DAYS } from '@/lib/payments/past-due-window';
import { MERCADOPAGO_MAX_ATTEMPTS, nextAttemptAt } from '@/lib/payments/retries';
import { requireMerchant } from '@/lib/session';

export const metadata: Metadata = { title: 'Subscription' };

export default async function SubscriptionPage({ params }: { params: Promise<{ id: string }> }) {
  const merchant = await requireMerchant();
  const detail = await getSubscriptionDetail(merchant.id, (await params).id);
  if (!detail) notFound();
  const { subscription, charges } = detail;
  const t = await getTranslations('payments');
  const format = await getFormatter();
  const when = (date: Date | null) => (date ? format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' }) : null);
  const mercadoPago = subscription.gateway === 'mercadopago';
  const tFailures = await getTranslations('failures');
  const gatewayName = gatewayRegistry[subscription.gateway].name;
  // MP8: after the last failed attempt Mercado Pago decides (cancel or pause); we show the state it reports.
  const lastCharge = charges.reduce<(typeof charges)[number] | undefined>((last, charge) => (!last || charge.attempt >= last.attempt ? charge : last), undefined);
  const attemptsExhausted = mercadoPago && lastCharge !== undefined && lastCharge.attempt >= MERCADOPAGO_MAX_ATTEMPTS && lastCharge.status !== 'approved';
  // SP7: the platform cancels when nothing is paid within 30 days of the failure.
  const cancelOn =
    subscription.gateway === 'secureandpay' && subscription.status === 'past_due' && subscription.pastDueSince
      ? new Date(subscription.pastDueSince.getTime() + NON_PAYMENT_DAYS * 86_400_000)
      : null;
  return (
    <main id="main" className="flex flex-col gap-4">
      <RecordHeader
        back={{ href: '/subscriptions', label: t('backToSubscriptions') }}
        title={t('subscriptionDetailTitle', { id: subscription.gatewaySubscriptionId })}
        status={subscription.status}
      />
      <Panel id="details" title={t('details')}>
        <DetailList
          rows={[
            [t('field.amount'), <Money key="amount" amountMinor={subscription.amountMinor} currency={subscription.currency} />],
            [t('field.interval'), t('interval', { count: subscription.intervalCount, unit: subscription.intervalUnit })],
            [t('field.gateway'), gatewayRegistry[subscription.gateway].name],
            [t('field.gatewayId'), subscription.gatewaySubscriptionId],
            [t('field.reference'), subscription.reference],
            [t('field.payer'), subscription.payerEmail],
            [t('field.nextPayment'), when(subscription.nextPaymentAt)],
            [t('field.pastDueSince'), when(subscription.pastDueSince)],
            [t('field.cancelReason'), subscription.cancelReason],
          ]}
        />
      </Panel>
      <Panel id="charges" title={t('charges')}>
        {charges.length === 0 ? (
          <p className="text-sm text-slate-600">{t('chargesEmpty')}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                {(['attempt', 'date', 'status', 'amount', 'nextAttempt'] as const).map((column) => (
                  <th key={column} scope="col" className="py-1 pr-3 font-medium">
                    {t(`chargeColumn.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {charges.map((charge) => {
                const next = nextAttemptAt(subscription.gateway, charge);
                return (
                  <tr key={charge.id} className="border-t border-slate-100">
                    <td className="py-1 pr-3">
                      {mercadoPago ? t('attemptOf', { attempt: charge.attempt, max: MERCADOPAGO_MAX_ATTEMPTS }) : t('attempt', { attempt: charge.attempt })}
                    </td>
                    <td className="py-1 pr-3">{when(charge.chargedAt) ?? t('none')}</td>
                    <td className="py-1 pr-3">
                      <StatusBadge status={charge.status} />
                    </td>
                    <td className="py-1 pr-3">
                      <Money amountMinor={charge.amountMinor} currency={charge.currency} />
                    </td>
                    <td className="py-1 pr-3">{next ? when(next) : t('none')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Panel>
      {attemptsExhausted || cancelOn || mercadoPago ? (
        <Panel id="failures" title={tFailures('title')} className="text-sm">
          {mercadoPago ? <p>{tFailures('attemptsLeft', { gateway: gatewayName, max: MERCADOPAGO_MAX_ATTEMPTS })}</p> : null}
          {attemptsExhausted ? <p className="font-medium">{tFailures('finalState', { gateway: gatewayName, status: t(`status.${subscription.status}`) })}</p> : null}
          {cancelOn && subscription.pastDueSince ? (
            <p className="font-medium">{tFailures('pastDue', { since: when(subscription.pastDueSince) ?? '', deadline: when(cancelOn) ?? '' })}</p>
          ) : null}
        </Panel>
      ) : null}
      <StatusHistory entries={detail.history} />
      <CausingNotifications notifications={detail.notifications} />
    </main>
  );
}
