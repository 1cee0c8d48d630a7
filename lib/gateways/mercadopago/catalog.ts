// What Mercado Pago is and what its rules are, client-safe (no server imports): the gateway list, the price form
// and the payment page read it. The server half is ./adapter.ts.
import { defineCatalog, type ChargeAttempt, type MessageTree, type NextAttempt } from '@/lib/gateways/catalog-types';
import { MERCADOPAGO_COUNTRIES, findCountryById } from './countries';
import { mercadopagoExplanations } from './explain';

/**
 * Mercado Pago retries a declined installment itself, "a maximum of 4 possibilities … within ten days" while the
 * installment is `recycling` (GW-MP22), and reports each attempt's `retry_attempt` and `next_retry_date`: that
 * date is what we show. The seed's rule (MP8: three attempts; boleto and pix 7 days apart) is the platform's own
 * help text, not Mercado Pago's (GW-MP25): it is used only to estimate the next attempt when Mercado Pago gives no
 * date, and marked as an estimate.
 */
const SEED_ESTIMATE_ATTEMPTS = 3;
const DAY_MS = 86_400_000;
/** Mercado Pago's ids for boleto (ticket / bolbradesco) and pix (bank_transfer / pix). */
const SEVEN_DAY_METHODS = new Set(['ticket', 'bolbradesco', 'boleto', 'bank_transfer', 'pix']);
const DECLINED = new Set(['rejected', 'cancelled']);
/** Installment states after which Mercado Pago makes no further attempt (GW-MP23). */
const INSTALLMENT_OVER = new Set(['processed', 'cancelled']);

function nextAttempt(charge: ChargeAttempt): NextAttempt | null {
  if (!DECLINED.has(charge.status)) return null;
  if (charge.installmentStatus && INSTALLMENT_OVER.has(charge.installmentStatus)) return null;
  if (charge.nextRetryAt) return { at: charge.nextRetryAt, estimated: false };
  if (charge.attempt >= SEED_ESTIMATE_ATTEMPTS) return null;
  if (charge.chargedAt && charge.paymentMethodType && SEVEN_DAY_METHODS.has(charge.paymentMethodType)) {
    return { at: new Date(charge.chargedAt.getTime() + 7 * DAY_MS), estimated: true };
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
    retries: { nextAttempt, explanation: 'failures.mercadopago.retries' },
    // MP8: after the last attempt Mercado Pago itself cancels or pauses; we show the state it reports.
    pastDue: null,
    // MP7: not possible through the platform.
    refunds: { supported: false, reason: 'refunds.mercadopago' },
  },
  explain: mercadopagoExplanations,
  // Its texts by language, by file name (./messages/<locale>.json): a new language needs no line here.
  loadMessages: (locale) => import(`./messages/${locale}.json`).then((module: { default: MessageTree }) => module.default),
});
