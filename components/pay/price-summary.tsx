// The top of every payment page: who sells, what, and for how much.
import { getTranslations } from 'next-intl/server';
import type { PaymentPage } from '@/db/queries/checkout';
import { Money } from '@/components/payments/money';

export async function PriceSummary({ page, headingLevel = 1 }: { page: PaymentPage; headingLevel?: 1 | 2 }) {
  const t = await getTranslations('pay');
  const { price } = page;
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <div className="flex flex-col gap-1">
      <p className="text-sm text-slate-600">{t('soldBy', { merchant: page.merchant.name })}</p>
      <Heading className="text-xl font-semibold">{price.name}</Heading>
      <p className="text-lg">
        <span className="font-semibold"><Money amountMinor={price.amountMinor} currency={price.currency} /></span>{' '}
        <span className="text-slate-700">
          {price.kind === 'one_time'
            ? t('oneTime')
            : t(price.intervalUnit === 'months' ? 'everyMonths' : 'everyDays', { count: price.intervalCount ?? 0 })}
        </span>
      </p>
    </div>
  );
}
