import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { DetailList } from '@/components/payments/detail-list';
import { Money } from '@/components/payments/money';
import { PaymentReason } from '@/components/payments/payment-reason';
import { RecordHeader } from '@/components/payments/record-header';
import { StatusBadge } from '@/components/payments/status-badge';
import { CausingNotifications, StatusHistory } from '@/components/payments/status-history';
import { Panel } from '@/components/ui/panel';
import { getSubscriptionDetail, type SubscriptionDetail } from '@/db/queries/payment-views';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { isRecordId } from '@/lib/server/ids';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('subscription');

type Charge = SubscriptionDetail['charges'][number];
type Installment = { id: string; status: string | null; attempts: Charge[] };

/** Attempts grouped by installment (the gateway's charge id), oldest first, each installment's attempts in order. */
function groupByInstallment(charges: Charge[]): Installment[] {
  const byId = new Map<string, Installment>();
  for (const charge of charges) {
    const installment = byId.get(charge.gatewayChargeId) ?? { id: charge.gatewayChargeId, status: null, attempts: [] };
    installment.attempts.push(charge);
    byId.set(charge.gatewayChargeId, installment);
  }
  for (const installment of byId.values()) {
    installment.attempts.sort((a, b) => a.attempt - b.attempt);
    installment.status = installment.attempts.at(-1)?.installmentStatus ?? null;
  }
  return [...byId.values()];
}

export default async function SubscriptionPage({ params }: { params: Promise<{ id: string }> }) {
  const merchant = await requireMerchant();
  const { id } = await params;
  const detail = isRecordId(id) ? await getSubscriptionDetail(merchant.id, id) : undefined;
  if (!detail) notFound();
  const { subscription, charges } = detail;
  const t = await getTranslations('payments');
  const format = await getFormatter();
  const when = (date: Date | null) => (date ? format.dateTime(date, 'zoned') : null);
  const tFailures = await getTranslations('failures');
  // Catalog texts are full message keys.
  const tAll = await getTranslations();
  const { name: gatewayName, failures } = GATEWAY_CATALOG[subscription.gateway];
  const statusName = (status: string) => (t.has(`installmentStatus.${status}`) ? t(`installmentStatus.${status}`) : status);
  // A gateway that retries itself (Mercado Pago, GW-MP22): each installment with its attempts, as it reports them.
  const retries = failures.retries;
  const installments = groupByInstallment(charges);
  const latest = installments.at(-1);
  const latestAttempt = latest?.attempts.at(-1);
  const latestFailedForGood =
    retries !== null && latestAttempt !== undefined && latestAttempt.status !== 'approved' && retries.nextAttempt(latestAttempt) === null && latestAttempt.installmentStatus !== 'recycling';
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
        {installments.length === 0 ? (
          <p className="text-sm text-slate-600">{t('chargesEmpty')}</p>
        ) : (
          <div className="flex flex-col gap-4">
            {installments.map((installment) => (
              <section key={installment.id} aria-labelledby={`installment-${installment.id}`} className="overflow-x-auto">
                <h3 id={`installment-${installment.id}`} className="text-sm font-medium">
                  {t('installment', { id: installment.id })}
                  {installment.status ? <span className="ml-2 font-normal text-slate-600">{statusName(installment.status)}</span> : null}
                </h3>
                <table className="stack-table mt-1 w-full text-left text-sm">
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
                    {installment.attempts.map((charge, index) => {
                      const next = retries?.nextAttempt(charge) ?? null;
                      return (
                        <tr key={charge.id} className="border-t border-slate-100">
                          <td data-label={t('chargeColumn.attempt')} className="py-1 pr-3">{t('attempt', { attempt: index + 1 })}</td>
                          <td data-label={t('chargeColumn.date')} className="py-1 pr-3">{when(charge.chargedAt) ?? t('none')}</td>
                          <td data-label={t('chargeColumn.status')} className="py-1 pr-3">
                            <StatusBadge status={charge.status} />
                            {charge.status !== 'approved' && charge.statusDetail ? (
                              <PaymentReason gateway={subscription.gateway} code={charge.statusDetail} audience="merchant" className="mt-1 block text-xs" />
                            ) : null}
                          </td>
                          <td data-label={t('chargeColumn.amount')} className="py-1 pr-3">
                            <Money amountMinor={charge.amountMinor} currency={charge.currency} />
                          </td>
                          <td data-label={t('chargeColumn.nextAttempt')} className="py-1 pr-3">{next ? (next.estimated ? t('estimated', { date: when(next.at) ?? '' }) : when(next.at)) : t('none')}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </section>
            ))}
          </div>
        )}
      </Panel>
      {latestFailedForGood || cancelOn || retries ? (
        <Panel id="failures" title={tFailures('title')} className="text-sm">
          {retries ? <p>{tAll(retries.explanation)}</p> : null}
          {latestFailedForGood ? <p className="font-medium">{tFailures('finalState', { gateway: gatewayName, status: t(`status.${subscription.status}`) })}</p> : null}
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
