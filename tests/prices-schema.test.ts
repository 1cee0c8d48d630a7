// The shared price and payment-page schemas: every per-gateway rule, on the code both the browser and the server
// run (issue 6 proof).
import { createTranslator } from 'use-intl';
import { describe, expect, it } from 'vitest';
import english from '@/messages/en.json';
import { readErrorMessage } from '@/lib/form-state';
import { paySchema } from '@/lib/checkout/schema';
import { formatMoney } from '@/lib/payments/money';
import {
  formatAmountInput,
  intervalFormValues,
  parseAmountMinor,
  priceSchema,
  type PriceFormInput,
  type PriceRules,
} from '@/lib/prices/schema';

const secureAndPay = { currencies: ['USD', 'EUR', 'GBP'].map((code) => ({ code, digits: 2 })), country: null };
const brazil: PriceRules = { mercadopago: { currencies: [{ code: 'BRL', digits: 2 }], country: 'BR' }, secureandpay: secureAndPay };
const colombia: PriceRules = { mercadopago: { currencies: [{ code: 'COP', digits: 0 }], country: 'CO' } };
const onlySecureAndPay: PriceRules = { secureandpay: secureAndPay };

const form = (values: Partial<PriceFormInput>): PriceFormInput => ({
  name: 'Watercolour basics',
  gateway: 'mercadopago',
  currency: 'BRL',
  amount: '49.90',
  kind: 'one_time',
  interval: 'monthly',
  intervalCount: '',
  intervalUnit: 'months',
  ...values,
});

function errorsOf(rules: PriceRules, values: Partial<PriceFormInput>) {
  const result = priceSchema(rules).safeParse(form(values));
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

const parse = (rules: PriceRules, values: Partial<PriceFormInput>) => priceSchema(rules).parse(form(values));

describe('Mercado Pago prices', () => {
  it('use the account country’s currency, in its minor units', () => {
    expect(parse(brazil, {})).toEqual({
      name: 'Watercolour basics',
      gateway: 'mercadopago',
      currency: 'BRL',
      amountMinor: 4990,
      kind: 'one_time',
      intervalUnit: null,
      intervalCount: null,
      slug: null,
    });
  });

  it('cannot be in GBP, USD or another country’s currency (MP6)', () => {
    for (const currency of ['GBP', 'USD', 'ARS', 'COP']) expect(errorsOf(brazil, { currency })).toEqual({ currency: 'priceMpCurrency' });
  });

  it('take whole pesos in Colombia: COP has no decimals at Mercado Pago', () => {
    expect(parse(colombia, { currency: 'COP', amount: '50000' }).amountMinor).toBe(50000);
    expect(errorsOf(colombia, { currency: 'COP', amount: '500.50' })).toEqual({ amount: 'priceAmountWhole' });
  });

  it('subscribe monthly, yearly, weekly, or every so many months or days', () => {
    const sub = (values: Partial<PriceFormInput>) => parse(brazil, { kind: 'subscription', ...values });
    expect(sub({ interval: 'monthly' })).toMatchObject({ intervalUnit: 'months', intervalCount: 1 });
    expect(sub({ interval: 'yearly' })).toMatchObject({ intervalUnit: 'months', intervalCount: 12 });
    expect(sub({ interval: 'weekly' })).toMatchObject({ intervalUnit: 'days', intervalCount: 7 });
    expect(sub({ interval: 'custom', intervalCount: '3', intervalUnit: 'months' })).toMatchObject({ intervalUnit: 'months', intervalCount: 3 });
    expect(sub({ interval: 'custom', intervalCount: '45', intervalUnit: 'days' })).toMatchObject({ intervalUnit: 'days', intervalCount: 45 });
    expect(errorsOf(brazil, { kind: 'subscription', interval: 'custom', intervalCount: '13', intervalUnit: 'months' })).toEqual({ intervalCount: 'priceIntervalMonths' });
    expect(errorsOf(brazil, { kind: 'subscription', interval: 'custom', intervalCount: '0', intervalUnit: 'days' })).toEqual({ intervalCount: 'priceIntervalDays' });
    expect(errorsOf(brazil, { kind: 'subscription', interval: 'custom', intervalCount: '3', intervalUnit: 'weeks' })).toEqual({ intervalUnit: 'priceChooseIntervalUnit' });
  });

  it('need Mercado Pago connected', () => {
    expect(errorsOf(onlySecureAndPay, {})).toEqual({ gateway: 'priceGatewayNotConnected' });
  });
});

describe('Secure and Pay prices', () => {
  const sp = (values: Partial<PriceFormInput>) => ({ gateway: 'secureandpay', currency: 'EUR', ...values });

  it('take USD, EUR and GBP only (SP5)', () => {
    for (const currency of ['USD', 'EUR', 'GBP', 'eur']) expect(parse(onlySecureAndPay, sp({ currency })).currency).toBe(currency.toUpperCase());
    for (const currency of ['BRL', 'JPY']) expect(errorsOf(onlySecureAndPay, sp({ currency }))).toEqual({ currency: 'priceSpCurrency' });
    // A missing currency is missing, not a broken gateway rule.
    expect(errorsOf(onlySecureAndPay, sp({ currency: '' }))).toEqual({ currency: 'priceChooseCurrency' });
  });

  it('count subscription periods in days only (SP6): monthly is 30, weekly 7, yearly 365', () => {
    const sub = (values: Partial<PriceFormInput>) => parse(onlySecureAndPay, sp({ kind: 'subscription', ...values }));
    expect(sub({ interval: 'monthly' })).toMatchObject({ intervalUnit: 'days', intervalCount: 30 });
    expect(sub({ interval: 'weekly' })).toMatchObject({ intervalUnit: 'days', intervalCount: 7 });
    expect(sub({ interval: 'yearly' })).toMatchObject({ intervalUnit: 'days', intervalCount: 365 });
  });

  it('store a custom 45-day interval as 45 days, and refuse months', () => {
    expect(parse(onlySecureAndPay, sp({ kind: 'subscription', interval: 'custom', intervalCount: '45', intervalUnit: 'days' }))).toMatchObject({
      intervalUnit: 'days',
      intervalCount: 45,
    });
    expect(errorsOf(onlySecureAndPay, sp({ kind: 'subscription', interval: 'custom', intervalCount: '2', intervalUnit: 'months' }))).toEqual({
      intervalUnit: 'priceSpDaysOnly',
    });
    expect(errorsOf(onlySecureAndPay, sp({ kind: 'subscription', interval: 'custom', intervalCount: '366', intervalUnit: 'days' }))).toEqual({
      intervalCount: 'priceIntervalDays',
    });
  });
});

describe('every price', () => {
  it('needs a name, a gateway, an amount and a billing kind', () => {
    expect(errorsOf(brazil, { name: '  ', gateway: '', amount: '' })).toEqual({ name: 'priceEnterName', gateway: 'priceChooseGateway', amount: 'priceEnterAmount' });
    expect(errorsOf(brazil, { amount: '' })).toEqual({ amount: 'priceEnterAmount' });
    expect(errorsOf(brazil, { kind: 'sometimes' })).toEqual({ kind: 'priceChooseKind' });
    expect(errorsOf(brazil, { kind: 'subscription', interval: '' })).toEqual({ interval: 'priceChooseInterval' });
  });

  it('reports every field at once: an empty amount together with a missing currency, name and kind', () => {
    expect(errorsOf(onlySecureAndPay, { gateway: 'secureandpay', currency: '', amount: '', name: '', kind: '' })).toEqual({
      name: 'priceEnterName',
      currency: 'priceChooseCurrency',
      amount: 'priceEnterAmount',
      kind: 'priceChooseKind',
    });
    expect(errorsOf(brazil, { gateway: '', currency: '', amount: 'abc', kind: 'subscription', interval: '' })).toEqual({
      gateway: 'priceChooseGateway',
      currency: 'priceChooseCurrency',
      amount: 'priceAmountLike?example=s49.90',
      interval: 'priceChooseInterval',
    });
  });

  it('states each limit, written as the reader writes numbers', () => {
    const t = createTranslator({ locale: 'en', messages: english, namespace: 'errors' });
    const say = (message: string) => {
      const { key, values } = readErrorMessage(message);
      return t(key as 'unexpected', values);
    };
    const amountError = (amount: string, rules = brazil, values: Partial<PriceFormInput> = {}) => errorsOf(rules, { amount, ...values }).amount ?? '';
    // Too many digits is "too large", with the maximum, not "format".
    expect(say(amountError('99999999999999999'))).toBe('The amount is too large: enter at most 1,000,000.00');
    expect(say(amountError('1000000.01'))).toBe('The amount is too large: enter at most 1,000,000.00');
    expect(say(amountError('100000001', colombia, { currency: 'COP' }))).toBe('The amount is too large: enter at most 100,000,000');
    expect(say(amountError('12abc'))).toBe('Enter an amount like 49.90');
    const ptBr = createTranslator({ locale: 'pt-BR', messages: english, namespace: 'errors' });
    const { key, values } = readErrorMessage(amountError('99999999999999999'));
    expect(ptBr(key as 'unexpected', values)).toBe('The amount is too large: enter at most 1.000.000,00');
    expect(say(errorsOf(brazil, { name: 'x'.repeat(121) }).name ?? '')).toBe('Use at most 120 characters');
    expect(say(errorsOf(brazil, { slug: 'ab' }).slug ?? '')).toBe('Use 3 to 60 characters');
  });

  it('takes a payment page address of lowercase letters, digits and single hyphens', () => {
    expect(parse(brazil, { slug: 'watercolour-basics-2' }).slug).toBe('watercolour-basics-2');
    expect(parse(brazil, { slug: '' }).slug).toBeNull();
    expect(parse(brazil, { slug: ' Watercolour ' }).slug).toBe('watercolour');
    for (const slug of ['-start', 'end-', 'two--hyphens', 'café', 'with space', 'under_score', 'a/b']) {
      expect(errorsOf(brazil, { slug }), slug).toEqual({ slug: 'priceSlugFormat' });
    }
    expect(errorsOf(brazil, { slug: 'x'.repeat(61) })).toEqual({ slug: 'priceSlugLength?min=n3&max=n60' });
  });

  it('reads amounts without rounding them', () => {
    expect(parseAmountMinor('49,90', 2)).toEqual({ ok: true, minor: 4990 });
    expect(parseAmountMinor('49.9', 2)).toEqual({ ok: true, minor: 4990 });
    expect(parseAmountMinor('10', 2)).toEqual({ ok: true, minor: 1000 });
    expect(parseAmountMinor('0.01', 2)).toEqual({ ok: true, minor: 1 });
    expect(parseAmountMinor('49.999', 2)).toEqual({ ok: false, error: 'priceAmountDecimals' });
    expect(parseAmountMinor('0', 2)).toEqual({ ok: false, error: 'priceAmountPositive' });
    expect(parseAmountMinor('-5', 2)).toEqual({ ok: false, error: 'priceAmountFormat' });
    expect(parseAmountMinor('1e3', 2)).toEqual({ ok: false, error: 'priceAmountFormat' });
    expect(parseAmountMinor('1000001', 2)).toEqual({ ok: false, error: 'priceAmountTooLarge' });
  });

  it('formats money for each reader: the locale’s separators and grouping, never a bare ambiguous "$"', () => {
    const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    expect(nbsp(formatMoney(4990, 'BRL', 'pt-BR'))).toBe('R$ 49,90');
    expect(nbsp(formatMoney(150000, 'COP', 'es'))).toBe('150.000 COP');
    expect(nbsp(formatMoney(149950, 'MXN', 'es'))).toBe('1499,50 MXN');
    expect(nbsp(formatMoney(123456750, 'ARS', 'pt-BR'))).toBe('ARS 1.234.567,50');
    expect(nbsp(formatMoney(4990, 'USD', 'pt-BR'))).toBe('US$ 49,90');
    expect(nbsp(formatMoney(123456750, 'INR', 'hi'))).toBe('₹12,34,567.50');
    expect(nbsp(formatMoney(4990, 'EUR', 'fr'))).toBe('49,90 €');
    expect(nbsp(formatMoney(49900, 'NOK', 'nb'))).toBe('499,00 kr');
  });

  it('shows stored amounts back in the form and on pages', () => {
    expect(formatAmountInput(4990, 2)).toBe('49.90');
    expect(formatAmountInput(5, 2)).toBe('0.05');
    expect(formatAmountInput(50000, 0)).toBe('50000');
    expect(formatMoney(4990, 'BRL', 'en')).toBe('R$49.90');
    expect(formatMoney(50000, 'COP', 'en')).toMatch(/^COP\s50,000$/);
    expect(intervalFormValues('secureandpay', 'days', 30)).toMatchObject({ interval: 'monthly' });
    expect(intervalFormValues('secureandpay', 'days', 45)).toEqual({ interval: 'custom', intervalCount: '45', intervalUnit: 'days' });
  });
});

describe('payment page fields', () => {
  const brazilPage = paySchema({ taxIdCountry: 'BR' });
  const secureAndPayPage = paySchema({ taxIdCountry: null });
  const customer = { submissionKey: 'k'.repeat(24), email: 'Ana@Example.com', firstName: 'Ana', lastName: 'Souza', taxIdType: 'CPF', taxIdNumber: '529.982.247-25' };
  const errors = (schema: typeof brazilPage, values: Record<string, string>) => {
    const result = schema.safeParse(values);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
  };

  it('Mercado Pago: email, first name, last name and a valid tax number are all required (MP5)', () => {
    expect(brazilPage.parse(customer)).toEqual({
      submissionKey: customer.submissionKey,
      email: 'ana@example.com',
      firstName: 'Ana',
      lastName: 'Souza',
      taxId: { type: 'CPF', number: '52998224725' },
    });
    expect(errors(brazilPage, { submissionKey: customer.submissionKey })).toEqual({
      email: 'payEnterEmail',
      firstName: 'payEnterFirstName',
      lastName: 'payEnterLastName',
      taxIdType: 'payChooseTaxIdType',
    });
    expect(errors(brazilPage, { ...customer, taxIdNumber: '' })).toEqual({ taxIdNumber: 'payEnterTaxId' });
    expect(errors(brazilPage, { ...customer, taxIdNumber: '529.982.247-24' })).toEqual({ taxIdNumber: 'payInvalidCPF' });
    expect(errors(brazilPage, { ...customer, taxIdType: 'DNI' })).toEqual({ taxIdType: 'payChooseTaxIdType' });
    expect(errors(brazilPage, { ...customer, email: 'ana@' })).toEqual({ email: 'payInvalidEmail' });
  });

  it('Secure and Pay: email, first name and last name (SP4), no tax number', () => {
    expect(secureAndPayPage.parse({ ...customer, taxIdType: '', taxIdNumber: '' }).taxId).toBeNull();
    expect(errors(secureAndPayPage, { submissionKey: customer.submissionKey, email: 'ana@example.com', firstName: '', lastName: 'Souza' })).toEqual({
      firstName: 'payEnterFirstName',
    });
  });

  it('needs the page’s submission key', () => {
    expect(errors(secureAndPayPage, { ...customer, submissionKey: '' })).toEqual({ submissionKey: 'payReload' });
  });
});
