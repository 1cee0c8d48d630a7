// Amounts are stored as integers in the currency's minor units, as the gateway counts them. No server imports.
import { MERCADOPAGO_COUNTRIES } from '@/lib/gateways/mercadopago/countries';

/** Digits after the decimal point, as the gateways take them: COP has none at Mercado Pago (countries.ts). */
export function currencyDigits(currency: string): number {
  return MERCADOPAGO_COUNTRIES.find((country) => country.currency === currency)?.currencyDigits ?? 2;
}

/** 4990 BRL → "R$49.90" (in the page's locale); 50000 COP → "COP 50,000". */
export function formatPrice(amountMinor: number, currency: string, locale = 'en'): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amountMinor / 10 ** digits,
  );
}
