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
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
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
  const tFailures = await getTranslations('failures');
  const { name: gatewayName, failures } = GATEWAY_CATALOG[subscription.gateway];
  // A gateway that retries itself (Mercado Pago, MP8) decides after the last attempt; we show the state it reports.
  const retries = failures.retries;
  const lastCharge = charges.reduce<(typeof charges)[number] | undefined>((last, charge) => (!last || charge.attempt >= last.attempt ? charge : last), undefined);
  const attemptsExhausted = retries !== null && lastCharge !== undefined && lastCharge.attempt >= retries.maxAttempts && lastCharge.status !== 'approved';
  // A gateway that does not retry (Secure and Pay, SP7): the platform cancels when nothing is paid in the window.
  const cancelOn =
    failures.pastDue && subscription.status === 'past_due' && subscription.pastDueSince
      ? new Date(subscription.pastDueSince.getTime() + failures.pastDue.cancelAfterDays * 86_400_000)
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
            [t('field.gateway'), GATEWAY_CATALOG[subscription.gateway].name],
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
                const next = retries?.nextAttemptAt(charge) ?? null;
                return (
                  <tr key={charge.id} className="border-t border-slate-100">
                    <td className="py-1 pr-3">
                      {retries ? t('attemptOf', { attempt: charge.attempt, max: retries.maxAttempts }) : t('attempt', { attempt: charge.attempt })}
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
      {attemptsExhausted || cancelOn || retries ? (
        <Panel id="failures" title={tFailures('title')} className="text-sm">
          {retries ? <p>{tFailures('attemptsLeft', { gateway: gatewayName, max: retries.maxAttempts })}</p> : null}
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
