// The price form's schema, shared by the Prices form (client) and its server actions: the same rules, with the
// same message keys (under "errors" in messages/*.json), on both sides. No server imports here.
//
// The rules depend on what the merchant has connected, so the schema is made from `PriceRules`: the browser gets
// them as props, the server reads them from the database again (never from the form).
// - Mercado Pago: the currency is the account's country currency (seed MP6), amounts in its minor units (COP has
//   none: lib/gateways/mercadopago/countries.ts); subscriptions in months or days, as a preapproval's
//   `auto_recurring.frequency_type` allows
//   (https://www.mercadopago.com/developers/en/reference/subscriptions/_preapproval/post).
// - Secure and Pay: USD, EUR or GBP only (SP5); subscription periods in days only, monthly = 30 days (SP6),
//   1 to 365 days (docs/secureandpay-api.md §4).
import { z } from 'zod';
import { GATEWAY_IDS, type GatewayId } from '@/lib/gateways/ids';
import type { MercadoPagoCountryId } from '@/lib/gateways/mercadopago/countries';

/** Secure and Pay's currencies (seed SP5); the same list as SECUREANDPAY_CURRENCIES in its API client. */
export const SECUREANDPAY_PRICE_CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
const SECUREANDPAY_DIGITS = 2;

export type PriceRules = {
  /** The connected Mercado Pago account's country and currency, or null when Mercado Pago is not connected. */
  mercadopago: { country: MercadoPagoCountryId; currency: string; currencyDigits: number } | null;
  /** Whether Secure and Pay is connected. */
  secureandpay: boolean;
};

export const PRICE_KINDS = ['one_time', 'subscription'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];

/** The interval choices the form offers; `custom` takes a number (and, for Mercado Pago, a unit). */
export const INTERVAL_CHOICES = ['monthly', 'weekly', 'yearly', 'custom'] as const;
export type IntervalChoice = (typeof INTERVAL_CHOICES)[number];
export type IntervalUnit = 'days' | 'months';

type Interval = { unit: IntervalUnit; count: number };

/** What each preset means per gateway: Secure and Pay counts days only (SP6: monthly is 30 days). */
export const INTERVAL_PRESETS: Record<GatewayId, Record<Exclude<IntervalChoice, 'custom'>, Interval>> = {
  secureandpay: { monthly: { unit: 'days', count: 30 }, weekly: { unit: 'days', count: 7 }, yearly: { unit: 'days', count: 365 } },
  mercadopago: { monthly: { unit: 'months', count: 1 }, weekly: { unit: 'days', count: 7 }, yearly: { unit: 'months', count: 12 } },
};

/** The longest interval each unit allows: 365 days (both gateways), 12 months (Mercado Pago). */
export const INTERVAL_MAX: Record<IntervalUnit, number> = { days: 365, months: 12 };

/** 1,000,000.00 in a 2-digit currency; well above any price a payment page sells, below integer trouble. */
export const MAX_AMOUNT_MINOR = 100_000_000;

/** The form's fields, as the browser and FormData carry them: strings. */
export type PriceFormInput = {
  name: string;
  gateway: string;
  currency: string;
  amount: string;
  kind: string;
  interval: string;
  intervalCount: string;
  intervalUnit: string;
};

export type PriceData = {
  name: string;
  gateway: GatewayId;
  currency: string;
  amountMinor: number;
  kind: PriceKind;
  intervalUnit: IntervalUnit | null;
  intervalCount: number | null;
};

/** The currencies a price on this gateway may use, given what is connected. */
export function currenciesFor(gateway: GatewayId, rules: PriceRules): readonly string[] {
  if (gateway === 'mercadopago') return rules.mercadopago ? [rules.mercadopago.currency] : [];
  return SECUREANDPAY_PRICE_CURRENCIES;
}

export function currencyDigitsFor(gateway: GatewayId, rules: PriceRules): number {
  return gateway === 'mercadopago' ? (rules.mercadopago?.currencyDigits ?? 2) : SECUREANDPAY_DIGITS;
}

export function connectedGateways(rules: PriceRules): GatewayId[] {
  return GATEWAY_IDS.filter((id) => (id === 'mercadopago' ? rules.mercadopago !== null : rules.secureandpay));
}

/**
 * "49.90" → 4990 for a 2-digit currency; "50000" → 50000 for COP. A comma is accepted as the decimal separator
 * (Brazil, Argentina and Colombia write 49,90). More decimals than the currency has are refused, not rounded.
 */
export function parseAmountMinor(input: string, digits: number): { ok: true; minor: number } | { ok: false; error: string } {
  const text = input.trim().replace(',', '.');
  if (text === '') return { ok: false, error: 'priceEnterAmount' };
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, error: 'priceAmountFormat' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return { ok: false, error: digits === 0 ? 'priceAmountWhole' : 'priceAmountDecimals' };
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor <= 0) return { ok: false, error: 'priceAmountPositive' };
  if (minor > MAX_AMOUNT_MINOR) return { ok: false, error: 'priceAmountTooLarge' };
  return { ok: true, minor };
}

/** 4990 with 2 digits → "49.90"; the form shows stored amounts this way. */
export function formatAmountInput(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The form's interval fields for a stored interval: a preset when one matches, else custom. */
export function intervalFormValues(gateway: GatewayId, unit: IntervalUnit | null, count: number | null) {
  const preset = (Object.entries(INTERVAL_PRESETS[gateway]) as Array<[Exclude<IntervalChoice, 'custom'>, Interval]>).find(
    ([, interval]) => interval.unit === unit && interval.count === count,
  );
  if (preset || unit === null || count === null) return { interval: preset?.[0] ?? 'monthly', intervalCount: '', intervalUnit: 'days' };
  return { interval: 'custom', intervalCount: String(count), intervalUnit: unit };
}

const text = z.string().default('');

export function priceSchema(rules: PriceRules) {
  return z
    .object({
      name: text,
      gateway: text,
      currency: text,
      amount: text,
      kind: text,
      interval: text,
      intervalCount: text,
      intervalUnit: text,
    })
    .transform((input, context): PriceData => {
      const issue = (path: keyof PriceFormInput, message: string) => {
        context.addIssue({ code: 'custom', path: [path], message });
        return z.NEVER;
      };
      // Every field is checked in this one pass, so the merchant sees all the problems at once.
      const name = input.name.trim();
      if (name === '') issue('name', 'priceEnterName');
      else if (name.length > 120) issue('name', 'priceNameTooLong');
      const gateway = GATEWAY_IDS.find((id) => id === input.gateway);
      if (!gateway) return issue('gateway', 'priceChooseGateway');
      if (!connectedGateways(rules).includes(gateway)) return issue('gateway', 'priceGatewayNotConnected');

      // MP6 / SP5: the currency is a rule of the gateway, not a free choice.
      const currency = input.currency.trim().toUpperCase();
      if (!currenciesFor(gateway, rules).includes(currency)) {
        issue('currency', gateway === 'mercadopago' ? 'priceMpCurrency' : 'priceSpCurrency');
      }
      const amount = parseAmountMinor(input.amount, currencyDigitsFor(gateway, rules));
      if (!amount.ok) issue('amount', amount.error);

      const kind = PRICE_KINDS.find((candidate) => candidate === input.kind);
      if (!kind) return issue('kind', 'priceChooseKind');

      let interval: Interval | null = null;
      if (kind === 'subscription') {
        const choice = INTERVAL_CHOICES.find((candidate) => candidate === input.interval);
        if (!choice) return issue('interval', 'priceChooseInterval');
        if (choice !== 'custom') {
          interval = INTERVAL_PRESETS[gateway][choice];
        } else {
          // SP6: Secure and Pay has no months; a custom interval there is always days.
          const typedUnit = input.intervalUnit === 'months' || input.intervalUnit === 'days' ? input.intervalUnit : undefined;
          const unit: IntervalUnit | undefined = gateway === 'secureandpay' ? (typedUnit === 'months' ? undefined : 'days') : typedUnit;
          if (!unit) return issue('intervalUnit', gateway === 'secureandpay' ? 'priceSpDaysOnly' : 'priceChooseIntervalUnit');
          const count = /^\d{1,4}$/.test(input.intervalCount.trim()) ? Number(input.intervalCount.trim()) : Number.NaN;
          if (!(count >= 1 && count <= INTERVAL_MAX[unit])) return issue('intervalCount', unit === 'days' ? 'priceIntervalDays' : 'priceIntervalMonths');
          interval = { unit, count };
        }
      }
      if (!amount.ok) return z.NEVER;
      return {
        name,
        gateway,
        currency,
        amountMinor: amount.minor,
        kind,
        intervalUnit: interval?.unit ?? null,
        intervalCount: interval?.count ?? null,
      };
    });
}

export type PriceSchema = ReturnType<typeof priceSchema>;
