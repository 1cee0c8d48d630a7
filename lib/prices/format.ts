// Amounts are stored as integers in the currency's minor units, as the gateway counts them. No server imports.
import { currencyDigits } from '@/lib/gateways/catalog';

export { currencyDigits };

/** 4990 BRL → "R$49.90" (in the page's locale); 50000 COP → "COP 50,000". */
export function formatPrice(amountMinor: number, currency: string, locale = 'en'): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amountMinor / 10 ** digits,
  );
}
