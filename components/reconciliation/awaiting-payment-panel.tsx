// The top of the Payments page (issue 12): orders whose checkout started and that no gateway has reported paid or
// failed yet, with a Check now button each. Always rendered, also when empty, so a check's result stays on screen
// after its order was found paid and left the list.
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Panel } from '@/components/ui/panel';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { formatMoney } from '@/lib/payments/money';
import { AWAITING_WINDOW_DAYS, listOrdersAwaitingPayment } from '@/lib/reconciliation/reconcile';
import { AwaitingOrdersTable, type AwaitingOrderView } from './awaiting-orders-table';

export async function AwaitingPaymentPanel({ merchantId }: { merchantId: string }) {
  const t = await getTranslations('reconciliation');
  const format = await getFormatter();
  const locale = await getLocale();
  const { rows, total } = await listOrdersAwaitingPayment(merchantId, new Date());
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });
  const orders: AwaitingOrderView[] = rows.map((row) => ({
    id: row.id,
    date: when(row.createdAt),
    amount: formatMoney(row.amountMinor, row.currency, locale),
    customerEmail: row.customerEmail,
    priceName: row.priceName,
    gatewayName: GATEWAY_CATALOG[row.gateway].name,
    lastChecked: row.lastReconciledAt ? when(row.lastReconciledAt) : null,
    checkable: row.checkable,
  }));
  return (
    <Panel id="awaiting-payment" title={t('awaitingTitle')}>
      <p className="mb-3 text-sm text-slate-600">{t('awaitingIntro', { days: AWAITING_WINDOW_DAYS })}</p>
      <AwaitingOrdersTable orders={orders} />
      {total > rows.length ? <p className="mt-2 text-sm text-slate-600">{t('awaitingMore', { shown: rows.length, total })}</p> : null}
    </Panel>
  );
}
