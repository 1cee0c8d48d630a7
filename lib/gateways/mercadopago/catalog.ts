// What Mercado Pago is and what its rules are, client-safe (no server imports): the gateway list, the price form
// and the payment page read it. The server half is ./adapter.ts.
import { defineCatalog, type ChargeAttempt } from '@/lib/gateways/catalog-types';
import { MERCADOPAGO_COUNTRIES, findCountryById } from './countries';
import messages from './messages/en.json';

/**
 * Mercado Pago retries a failed subscription charge itself (MP8): three attempts in all; cards at a delay Mercado
 * Pago sets, boleto and pix 7 days apart. The next attempt is Mercado Pago's own date when it gives one, else
 * (boleto, pix) 7 days after the last attempt.
 */
export const MERCADOPAGO_MAX_ATTEMPTS = 3;
const DAY_MS = 86_400_000;
/** Mercado Pago's ids for boleto (ticket / bolbradesco) and pix (bank_transfer / pix). */
const SEVEN_DAY_METHODS = new Set(['ticket', 'bolbradesco', 'boleto', 'bank_transfer', 'pix']);
const FAILED = new Set(['rejected', 'cancelled', 'failed', 'recycling']);

function nextAttemptAt(charge: ChargeAttempt): Date | null {
  if (!FAILED.has(charge.status) || charge.attempt >= MERCADOPAGO_MAX_ATTEMPTS) return null;
  if (charge.nextRetryAt) return charge.nextRetryAt;
  if (charge.chargedAt && charge.paymentMethodType && SEVEN_DAY_METHODS.has(charge.paymentMethodType)) {
    return new Date(charge.chargedAt.getTime() + 7 * DAY_MS);
  }
  return null;
}

/** Every currency a Mercado Pago account can price in, with its digits (COP: whole pesos, countries.ts). */
const MERCADOPAGO_CURRENCIES = MERCADOPAGO_COUNTRIES.map((country) => ({ code: country.currency, digits: country.currencyDigits }));

export const mercadopagoCatalog = defineCatalog({
  id: 'mercadopago',
  name: 'Mercado Pago',
  logo: '/gateways/mercadopago.svg',
  description: 'gateways.mercadopago.description',
  availability: 'always',
  testModeWarning: 'connect.mercadopago.testModeWarning',
  webhookUrlFirst: false,
  credentialFields: [
    { name: 'publicKey', kind: 'public' },
    { name: 'accessToken', kind: 'secret' },
    { name: 'webhookSecret', kind: 'secret' },
  ],
  prices: {
    kinds: ['one_time', 'subscription'],
    // MP6: the local currency of the account's country, in the minor units Mercado Pago takes (COP: whole pesos).
    currencies: (account) => {
      const country = findCountryById(account.country ?? '');
      return country ? [{ code: country.currency, digits: country.currencyDigits }] : [];
    },
    knownCurrencies: MERCADOPAGO_CURRENCIES,
    // A preapproval's auto_recurring.frequency_type is months or days
    // (https://www.mercadopago.com/developers/en/reference/subscriptions/_preapproval/post).
    intervalUnits: ['months', 'days'],
    presets: { monthly: { unit: 'months', count: 1 }, weekly: { unit: 'days', count: 7 }, yearly: { unit: 'months', count: 12 } },
    intervalMax: { days: 365, months: 12 },
    messages: {
      wrongKind: 'priceChooseKind',
      wrongCurrency: 'priceMpCurrency',
      wrongUnit: 'priceChooseIntervalUnit',
      wholeAmountHint: 'prices.field.amountHintWholeMercadopago',
      currencyHint: 'prices.field.currencyHintMercadopago',
      intervalHint: 'prices.field.intervalHintMercadopago',
      intervalChoices: {
        monthly: 'prices.interval.mercadopago.monthly',
        weekly: 'prices.interval.mercadopago.weekly',
        yearly: 'prices.interval.mercadopago.yearly',
        custom: 'prices.interval.mercadopago.custom',
      },
    },
  },
  // MP5: email, names and the tax number of the account's country.
  payPage: { taxIdCountry: (account) => findCountryById(account.country ?? '')?.countryId ?? null },
  failures: {
    retries: { maxAttempts: MERCADOPAGO_MAX_ATTEMPTS, nextAttemptAt },
    // MP8: after the last attempt Mercado Pago itself cancels or pauses; we show the state it reports.
    pastDue: null,
    // MP7: not possible through the platform.
    refunds: { supported: false, reason: 'refunds.mercadopago' },
  },
  messages: { en: messages },
});
