// Amounts are stored as integers in the currency's minor units. Mercado Pago's API speaks decimals; how many
// digits a currency has follows what the gateways accept (their catalogs: COP is whole pesos at Mercado Pago).
import { currencyDigits } from '@/lib/gateways/catalog';

export { currencyDigits };

export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyDigits(currency));
}

export function fromMinorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** currencyDigits(currency);
}

/**
 * An amount for a reader of `locale`, with Intl's currency display: "R$ 49,90" (pt-BR), "150.000 COP" (es),
 * "₹12,34,567.50" (hi, lakh grouping). Intl names a dollar currency by its code or a marked symbol ("US$", "MX$",
 * "COP") wherever a bare "$" would be ambiguous for that reader, so no rule of ours is needed for COP, MXN and ARS.
 */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amountMinor / 10 ** digits,
  );
}
