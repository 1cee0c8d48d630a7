// The merchant's prices: amount, billing, gateway, whether the payment page takes payments, and its address (full
// URL, Copy, Open, QR code). The Archived view lists the archived ones, each with Restore.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import type { PriceSummary } from '@/db/queries/prices';
import type { GatewayId } from '@/core/gateway-ids';
import { Money } from '@/components/payments/money';
import { ArchivePriceButton } from './archive-price-button';
import { PaymentPageLink } from './payment-page-link';
import { RestorePriceButton } from './restore-price-button';

/** A price's payment page as shared: its absolute address and QR code (lib/prices/payment-page.ts, on the server). */
export type SharedPage = { url: string; qrCode: string };

type Props = {
  prices: PriceSummary[];
  gatewayNames: Record<GatewayId, string>;
  view: 'active' | 'archived';
  pages: Record<string, SharedPage>;
};

export async function PricesTable({ prices, gatewayNames, view, pages }: Props) {
  const t = await getTranslations('prices');
  if (prices.length === 0) return <p className="text-sm text-slate-600">{t(view === 'archived' ? 'archivedEmpty' : 'empty')}</p>;
  return (
    <div className="overflow-x-auto">
      {/* Stacks on phones (globals.css), so the payment page link and Edit/Archive stay on screen. */}
      <table className="stack-table w-full text-left text-sm">
        <caption className="sr-only">{t(view === 'archived' ? 'archivedCaption' : 'caption')}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.name')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.amount')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.billing')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.gateway')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.status')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.paymentPage')}</th>
            <th scope="col" className="py-2 font-medium">{t('column.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {prices.map((price) => (
            <tr key={price.id} className="border-b border-slate-100 align-top">
              <th scope="row" className="py-2 pr-3 font-medium">{price.name}</th>
              <td data-label={t('column.amount')} className="py-2 pr-3 whitespace-nowrap"><Money amountMinor={price.amountMinor} currency={price.currency} /></td>
              <td data-label={t('column.billing')} className="py-2 pr-3">
                {price.kind === 'one_time'
                  ? t('oneTime')
                  : t(price.intervalUnit === 'months' ? 'everyMonths' : 'everyDays', { count: price.intervalCount ?? 0 })}
              </td>
              <td data-label={t('column.gateway')} className="py-2 pr-3">{gatewayNames[price.gateway]}</td>
              <td data-label={t('column.status')} className="py-2 pr-3">
                {price.archived ? (
                  <Badge>{t('status.archived')}</Badge>
                ) : price.available ? (
                  <Badge tone="success">{t('status.active')}</Badge>
                ) : (
                  <>
                    <Badge tone="warning">{t('status.unavailable')}</Badge>
                    <span className="mt-1 block text-xs text-slate-600">{t('unavailableHint')}</span>
                  </>
                )}
              </td>
              <td data-label={t('column.paymentPage')} className="py-2 pr-3 max-md:col-span-full">
                {pages[price.id] ? <PaymentPageLink url={pages[price.id]?.url ?? ''} qrCode={pages[price.id]?.qrCode ?? ''} name={price.name} /> : null}
              </td>
              <td data-label={t('column.actions')} className="py-2 max-md:col-span-full">
                {price.archived ? (
                  <RestorePriceButton priceId={price.id} name={price.name} />
                ) : (
                  <div className="flex flex-wrap gap-2">
                    <Link href={`/prices/${price.id}/edit`} className="rounded-md px-2 py-2 text-indigo-700 underline">
                      <span aria-hidden="true">{t('edit')}</span>
                      <span className="sr-only">{t('editLabel', { name: price.name })}</span>
                    </Link>
                    <ArchivePriceButton priceId={price.id} name={price.name} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
