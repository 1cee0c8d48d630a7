// Mercado Pago's countries as the simulator knows them: site, currency and its decimals, identification, and the
// payment methods the hosted checkout offers. Its own small country table on purpose: the simulator stands in for
// the gateway, so it must not share the app's facts (a wrong fact would then pass its own tests).
import { badRequest } from './requests';
import type { MercadoPagoSimAccount } from './state';

export type PaymentTypeId = 'credit_card' | 'debit_card' | 'ticket' | 'bank_transfer' | 'account_money';
export type Method = { key: string; label: string; paymentTypeId: PaymentTypeId; paymentMethodId: string };

const CARD: Method = { key: 'card', label: 'Credit card', paymentTypeId: 'credit_card', paymentMethodId: 'master' };

// `currencyDigits`: Mercado Pago takes whole pesos only in Colombia ("Prices in COP currency must be expressed with
// integer values"); the others take cents.
export const COUNTRIES = {
  BR: {
    siteId: 'MLB', currency: 'BRL', currencyDigits: 2, identificationType: 'CPF', identificationDigits: 11,
    profileHost: 'perfil.mercadolivre.com.br', firstName: 'Ana', lastName: 'Souza',
    methods: [CARD, { key: 'boleto', label: 'Boleto', paymentTypeId: 'ticket', paymentMethodId: 'bolbradesco' }, { key: 'pix', label: 'Pix', paymentTypeId: 'bank_transfer', paymentMethodId: 'pix' }],
  },
  CO: {
    siteId: 'MCO', currency: 'COP', currencyDigits: 0, identificationType: 'CC', identificationDigits: 10,
    profileHost: 'perfil.mercadolibre.com.co', firstName: 'Camila', lastName: 'Restrepo',
    methods: [CARD, { key: 'efecty', label: 'Efecty (cash)', paymentTypeId: 'ticket', paymentMethodId: 'efecty' }, { key: 'pse', label: 'PSE (bank transfer)', paymentTypeId: 'bank_transfer', paymentMethodId: 'pse' }],
  },
  MX: {
    siteId: 'MLM', currency: 'MXN', currencyDigits: 2, identificationType: 'RFC', identificationDigits: 13,
    profileHost: 'perfil.mercadolibre.com.mx', firstName: 'Sofía', lastName: 'Hernández',
    methods: [CARD, { key: 'oxxo', label: 'OXXO (cash)', paymentTypeId: 'ticket', paymentMethodId: 'oxxo' }],
  },
  AR: {
    siteId: 'MLA', currency: 'ARS', currencyDigits: 2, identificationType: 'DNI', identificationDigits: 8,
    profileHost: 'perfil.mercadolibre.com.ar', firstName: 'Lucía', lastName: 'Fernández',
    methods: [CARD, { key: 'rapipago', label: 'Rapipago (cash)', paymentTypeId: 'ticket', paymentMethodId: 'rapipago' }],
  },
} as const satisfies Record<string, { methods: readonly Method[]; [key: string]: unknown }>;

export type CountryId = keyof typeof COUNTRIES;

export function country(account: MercadoPagoSimAccount) {
  return COUNTRIES[account.countryId];
}

/** Amounts are in the account's country currency, with that currency's decimals (MP6). */
export function checkAmount(account: MercadoPagoSimAccount, amount: number, currencyId: string | undefined, field: string): void {
  const { currency, currencyDigits } = country(account);
  if (currencyId !== undefined && currencyId !== currency) {
    throw badRequest(`${field}.currency_id invalid: this ${account.siteId} account operates in ${currency} only, got ${currencyId}`, 'invalid_currency_id');
  }
  const scaled = amount * 10 ** currencyDigits;
  if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
    throw badRequest(`${field} invalid: ${currency} amounts take ${currencyDigits} decimal places`, 'invalid_transaction_amount');
  }
}
