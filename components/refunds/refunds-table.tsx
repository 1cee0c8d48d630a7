import { getFormatter, getTranslations } from 'next-intl/server';
import { Money } from '@/components/payments/money';
import type { PaymentRefund } from '@/db/schema';

/**
 * The refunds the gateway made on a payment (GW-MP20: partial ones included, each with its amount and date), and
 * what is kept. Refunds are made at the gateway (the platform offers none, seed MP7): this is the record of them.
 */
export async function RefundsTable({ refunds, amountMinor, refundedMinor, currency }: { refunds: PaymentRefund[]; amountMinor: number; refundedMinor: number; currency: string }) {
  const t = await getTranslations('refunds');
  const format = await getFormatter();
  if (refunds.length === 0 && refundedMinor === 0) return <p className="text-sm text-slate-600">{t('none')}</p>;
  return (
    <div className="flex flex-col gap-2 overflow-x-auto">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="text-slate-600">{t('refunded')}</dt>
        <dd>
          <Money amountMinor={refundedMinor} currency={currency} />
        </dd>
        <dt className="text-slate-600">{t('remaining')}</dt>
        <dd>
          <Money amountMinor={Math.max(0, amountMinor - refundedMinor)} currency={currency} />
        </dd>
      </dl>
      {refunds.length > 0 ? (
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">{t('listCaption')}</caption>
          <thead className="text-slate-600">
            <tr>
              {(['date', 'amount', 'status', 'source'] as const).map((column) => (
                <th key={column} scope="col" className="py-1 pr-3 font-medium">
                  {t(`column.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {refunds.map((refund) => (
              <tr key={refund.id} className="border-t border-slate-100">
                <td data-label={t('column.date')} className="py-1 pr-3">
                  {refund.gatewayCreatedAt ? (
                    <time dateTime={refund.gatewayCreatedAt.toISOString()}>{format.dateTime(refund.gatewayCreatedAt, 'zoned')}</time>
                  ) : null}
                </td>
                <td data-label={t('column.amount')} className="py-1 pr-3">
                  <Money amountMinor={refund.amountMinor} currency={currency} />
                </td>
                <td data-label={t('column.status')} className="py-1 pr-3">{t.has(`state.${refund.status}`) ? t(`state.${refund.status}`) : refund.status}</td>
                <td data-label={t('column.source')} className="py-1 pr-3">{refund.reason ? (t.has(`by.${refund.reason}`) ? t(`by.${refund.reason}`) : refund.reason) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
