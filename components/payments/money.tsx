import { useLocale } from 'next-intl';
import { formatMoney } from '@/lib/payments/money';

/** An amount in the reader's locale (lib/payments/money.ts formatMoney). */
export function Money({ amountMinor, currency }: { amountMinor: number; currency: string }) {
  const locale = useLocale();
  return <span className="tabular-nums">{formatMoney(amountMinor, currency, locale)}</span>;
}
