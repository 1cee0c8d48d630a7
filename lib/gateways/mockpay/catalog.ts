// Mock Pay, the test-only gateway (docs/mockpay-api.md), client-safe. It is offered only when
// ENABLE_TEST_GATEWAYS is set: it exists to prove that a gateway is one folder behind the contract.
import { defineCatalog, type MessageTree } from '@/lib/gateways/catalog-types';

const YEN = [{ code: 'JPY', digits: 0 }];

export const mockpayCatalog = defineCatalog({
  id: 'mockpay',
  name: 'Mock Pay',
  logo: '/gateways/mockpay.svg',
  description: 'gateways.mockpay.description',
  availability: 'tests',
  testModeWarning: null,
  webhookUrlFirst: false,
  credentialFields: [{ name: 'apiKey', kind: 'secret' }],
  prices: {
    kinds: ['one_time'],
    currencies: () => YEN,
    knownCurrencies: YEN,
    intervalUnits: ['days'],
    presets: { monthly: { unit: 'days', count: 30 }, weekly: { unit: 'days', count: 7 }, yearly: { unit: 'days', count: 365 } },
    intervalMax: { days: 365 },
    messages: {
      wrongKind: 'priceMockOneTime',
      wrongCurrency: 'priceMockCurrency',
      wrongUnit: 'priceMockOneTime',
      wholeAmountHint: 'prices.field.amountHintWholeMockpay',
      currencyHint: 'prices.field.currencyHintMockpay',
      intervalHint: 'prices.field.intervalHintMockpay',
      intervalChoices: {
        monthly: 'prices.interval.mockpay.monthly',
        weekly: 'prices.interval.mockpay.weekly',
        yearly: 'prices.interval.mockpay.yearly',
        custom: 'prices.interval.mockpay.custom',
      },
    },
  },
  payPage: { taxIdCountry: () => null },
  failures: { retries: null, pastDue: null, refunds: { supported: false, reason: 'refunds.mockpay' } },
  // Mock Pay reports no failure reason and no payment method (docs/mockpay-api.md): generic texts only.
  explain: { statusDetails: {}, paymentMethods: {}, paymentTypes: {} },
  // Its texts by language, by file name (./messages/<locale>.json): a new language needs no line here.
  loadMessages: (locale) => import(`./messages/${locale}.json`).then((module: { default: MessageTree }) => module.default),
});
