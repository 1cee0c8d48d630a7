import { useFormatter } from 'next-intl';
import { fromMinorUnits } from '@/lib/payments/money';

export function Money({ amountMinor, currency }: { amountMinor: number; currency: string }) {
  const format = useFormatter();
  return <span className="tabular-nums">{format.number(fromMinorUnits(amountMinor, currency), { style: 'currency', currency })}</span>;
}
