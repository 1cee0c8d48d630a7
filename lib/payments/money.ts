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
