// Where the gateway sends the customer back: our success / pending / failure pages. What the URL claims is
// checked with the gateway when the return names a payment (lib/checkout/return-status.ts); until then a
// "success" is worded as being confirmed.
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PriceSummary } from '@/components/pay/price-summary';
import { PaymentReason } from '@/components/payments/payment-reason';
import { getPaymentPage } from '@/db/queries/checkout';
import { getReturnedOrder } from '@/db/queries/orders';
import { returnReason } from '@/lib/checkout/return-reason';
import { confirmedOutcome, type ReturnOutcome } from '@/lib/checkout/return-status';
import { Money } from '@/components/payments/money';

export type ReturnSearchParams = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

const tone: Record<ReturnOutcome, string> = {
  success: 'border-green-700 bg-green-50 text-green-950',
  pending: 'border-amber-700 bg-amber-50 text-amber-950',
  failure: 'border-red-700 bg-red-50 text-red-950',
};

export async function ReturnView({ slug, claimed, searchParams }: { slug: string; claimed: ReturnOutcome; searchParams: ReturnSearchParams }) {
  const page = await getPaymentPage(slug);
  if (!page) notFound();
  const order = await getReturnedOrder(page.price.id, single(searchParams.order) ?? '');
  if (!order) notFound();
  const t = await getTranslations('pay.return');

  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(searchParams)) if (typeof value === 'string') query.set(name, value);
  const confirmed = await confirmedOutcome(page, order, query);
  const outcome = confirmed ?? claimed;
  const subscription = page.price.kind === 'subscription';
  const [title, body] =
    outcome === 'success'
      ? confirmed
        ? [subscription ? t('successTitleSubscription') : t('successTitle'), t('successBody', { merchant: page.merchant.name })]
        : [t('unconfirmedTitle'), t('unconfirmedBody', { merchant: page.merchant.name })]
      : outcome === 'pending'
        ? [t('pendingTitle'), t('pendingBody', { merchant: page.merchant.name })]
        : [t('failureTitle'), t('failureBody')];
  // Why it failed or waits, in the customer's words, once the payment's notification has been processed (issue 12).
  const reason = await returnReason({ id: order.id, merchantId: page.merchant.id }, outcome);

  return (
    <div className="flex flex-col gap-6">
      <div role="status" className={`rounded-md border px-4 py-3 ${tone[outcome]}`}>
        <h1 className="text-xl font-semibold">{title}</h1>
        <p className="mt-1 text-sm">{body}</p>
        {reason ? <PaymentReason gateway={reason.gateway} code={reason.code} audience="customer" className="mt-2 text-sm" /> : null}
      </div>
      <PriceSummary page={page} headingLevel={2} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">{t('amount')}</dt>
        <dd><Money amountMinor={order.amountMinor} currency={order.currency} /></dd>
        <dt className="font-medium">{t('reference')}</dt>
        <dd className="font-mono break-all">{order.id}</dd>
      </dl>
      {outcome === 'failure' ? (
        <p>
          <Link href={`/pay/${page.price.slug}`} className="font-medium text-indigo-700 underline">
            {t('tryAgain')}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
