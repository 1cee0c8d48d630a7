// Amounts are stored as integers in the currency's minor units. Mercado Pago's API speaks decimals; how many
// digits a currency has follows what the gateways accept (COP: whole pesos, see lib/gateways/mercadopago/countries.ts).
import { MERCADOPAGO_COUNTRIES } from '@/lib/gateways/mercadopago/countries';

export function currencyDigits(currency: string): number {
  return MERCADOPAGO_COUNTRIES.find((country) => country.currency === currency)?.currencyDigits ?? 2;
}

export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyDigits(currency));
}

export function fromMinorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** currencyDigits(currency);
}
