// What Secure and Pay is and what its rules are, client-safe (no server imports). The server half is ./adapter.ts.
import { defineCatalog, type MessageTree } from '@/lib/gateways/catalog-types';
import { SECUREANDPAY_CURRENCIES } from './currencies';
import { secureandpayExplanations } from './explain';

const CURRENCIES = SECUREANDPAY_CURRENCIES.map((code) => ({ code, digits: 2 }));

/** SP7: no retries by the gateway; the platform cancels a subscription with no payment within 30 days. */
export const SECUREANDPAY_NON_PAYMENT_DAYS = 30;

export const secureandpayCatalog = defineCatalog({
  id: 'secureandpay',
  name: 'Secure and Pay',
  logo: '/gateways/secureandpay.svg',
  description: 'gateways.secureandpay.description',
  availability: 'always',
  // SP1: the webhook URL comes first, before any credentials exist.
  testModeWarning: null,
  webhookUrlFirst: true,
  credentialFields: [
    { name: 'siteId', kind: 'public' },
    { name: 'apiSecret', kind: 'secret' },
  ],
  prices: {
    kinds: ['one_time', 'subscription'],
    // SP5: USD, EUR or GBP, whatever the site.
    currencies: () => CURRENCIES,
    knownCurrencies: CURRENCIES,
    // SP6: periods in days only, monthly = 30 days; 1 to 365 days (docs/secureandpay-api.md §4).
    intervalUnits: ['days'],
    presets: { monthly: { unit: 'days', count: 30 }, weekly: { unit: 'days', count: 7 }, yearly: { unit: 'days', count: 365 } },
    intervalMax: { days: 365 },
    messages: {
      wrongKind: 'priceChooseKind',
      wrongCurrency: 'priceSpCurrency',
      wrongUnit: 'priceSpDaysOnly',
      wholeAmountHint: 'prices.field.amountHint',
      currencyHint: 'prices.field.currencyHintSecureandpay',
      intervalHint: 'prices.field.intervalHintSecureandpay',
      intervalChoices: {
        monthly: 'prices.interval.secureandpay.monthly',
        weekly: 'prices.interval.secureandpay.weekly',
        yearly: 'prices.interval.secureandpay.yearly',
        custom: 'prices.interval.secureandpay.custom',
      },
    },
  },
  // SP4: email, first and last name only.
  payPage: { taxIdCountry: () => null },
  failures: {
    retries: null,
    pastDue: { cancelAfterDays: SECUREANDPAY_NON_PAYMENT_DAYS, cancelReason: 'no payment within 30 days' },
    // Our assumed contract (docs/secureandpay-api.md §7) has no refund operation: refunds are made in Secure and
    // Pay's back office, and we record its refund.succeeded notification.
    refunds: { supported: false, reason: 'refunds.secureandpay' },
  },
  explain: secureandpayExplanations,
  // Its texts by language, by file name (./messages/<locale>.json): a new language needs no line here.
  loadMessages: (locale) => import(`./messages/${locale}.json`).then((module: { default: MessageTree }) => module.default),
});
