// Where the gateway sends the customer back: our success / pending / failure pages (pages/pay/[slug]/[outcome].tsx;
// the data, checked with the gateway, from lib/checkout/payment-pages.ts). Until the gateway confirms it, a
// "success" is worded as being confirmed.
import { useTranslations } from 'next-intl';
import { PriceSummary } from '@/components/pay/price-summary';
import { Money } from '@/components/payments/money';
import { PaymentReason } from '@/components/payments/payment-reason';
import type { ReturnPageView } from '@/lib/checkout/payment-pages';
import type { ReturnOutcome } from '@/lib/checkout/types';

const tone: Record<ReturnOutcome, string> = {
  success: 'border-green-700 bg-green-50 text-green-950',
  pending: 'border-amber-700 bg-amber-50 text-amber-950',
  failure: 'border-red-700 bg-red-50 text-red-950',
};

export function ReturnView({ view }: { view: ReturnPageView }) {
  const t = useTranslations('pay.return');
  const { price, outcome, confirmed, order, reason } = view;
  const merchant = price.merchantName;
  const [title, body] =
    outcome === 'success'
      ? confirmed
        ? [price.kind === 'subscription' ? t('successTitleSubscription') : t('successTitle'), t('successBody', { merchant })]
        : [t('unconfirmedTitle'), t('unconfirmedBody', { merchant })]
      : outcome === 'pending'
        ? [t('pendingTitle'), t('pendingBody', { merchant })]
        : [t('failureTitle'), t('failureBody')];
  return (
    <div className="flex flex-col gap-6">
      <div role="status" className={`rounded-md border px-4 py-3 ${tone[outcome]}`}>
        <h1 className="text-xl font-semibold">{title}</h1>
        <p className="mt-1 text-sm">{body}</p>
        {reason ? <PaymentReason gateway={reason.gateway} code={reason.code} audience="customer" className="mt-2 text-sm" /> : null}
      </div>
      <PriceSummary price={price} headingLevel={2} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">{t('amount')}</dt>
        <dd><Money amountMinor={order.amountMinor} currency={order.currency} /></dd>
        <dt className="font-medium">{t('reference')}</dt>
        <dd className="font-mono break-all">{order.id}</dd>
      </dl>
      {outcome === 'failure' ? (
        <p>
          <a href={`/pay/${encodeURIComponent(price.slug)}`} className="font-medium text-indigo-700 underline">
            {t('tryAgain')}
          </a>
        </p>
      ) : null}
    </div>
  );
}
