// The top of every payment page: who sells, what, and for how much.
import { useTranslations } from 'next-intl';
import { Money } from '@/components/payments/money';
import type { PriceView } from '@/lib/checkout/payment-pages';

export function PriceSummary({ price, headingLevel = 1 }: { price: PriceView; headingLevel?: 1 | 2 }) {
  const t = useTranslations('pay');
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <div className="flex flex-col gap-1">
      <p className="text-sm text-slate-600">{t('soldBy', { merchant: price.merchantName })}</p>
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
