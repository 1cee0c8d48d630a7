// The price form's schema, shared by the Prices form (client) and its server actions: the same rules, with the
// same message keys (under "errors" in messages/*.json), on both sides. No server imports here.
//
// The rules depend on what the merchant has connected, so the schema is made from `PriceRules`: the browser gets
// them as props, the server reads them from the database again (never from the form).
// What each gateway allows (currencies and their digits, kinds, interval units and presets, the messages for each
// rule) comes from its catalog (lib/gateways/<id>/catalog.ts): Mercado Pago's currency is the account's country's
// (MP6), Secure and Pay takes USD, EUR or GBP and counts periods in days (SP5, SP6).
import { z } from 'zod';
import { errorMessage } from '@/lib/form-state';
import type { PriceData } from '@/db/queries/prices';
import { GATEWAY_IDS, type GatewayId } from '@/core/gateway-ids';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { INTERVAL_PRESET_NAMES, PRICE_KINDS, type Interval, type IntervalPreset, type IntervalUnit, type PriceCurrency, type PriceKind } from '@/lib/gateways/catalog-types';

export { PRICE_KINDS, type IntervalUnit, type PriceKind };

/** What one connected gateway account offers a price: its currencies, and its country (for the hint). */
export type GatewayOffer = { currencies: readonly PriceCurrency[]; country: string | null };

/** The merchant's connected gateways and what each offers (lib/prices/rules.ts builds it on the server). */
export type PriceRules = Partial<Record<GatewayId, GatewayOffer>>;

/** The interval choices the form offers; `custom` takes a number (and a unit where the gateway has several). */
export const INTERVAL_CHOICES = [...INTERVAL_PRESET_NAMES, 'custom'] as const;
export type IntervalChoice = IntervalPreset | 'custom';

/** 1,000,000.00 in a 2-digit currency; well above any price a payment page sells, below integer trouble. */
export const MAX_AMOUNT_MINOR = 100_000_000;

/** The form's fields, as the browser and FormData carry them: strings. */
export type PriceFormInput = {
  name: string;
  /** The payment page's address (the edit form only); empty or absent: made from the name (new) or kept (edited). */
  slug?: string;
  gateway: string;
  currency: string;
  amount: string;
  kind: string;
  interval: string;
  intervalCount: string;
  intervalUnit: string;
};

/** What the schema gives when the form is valid: the data layer's price input (a type only: no server code here). */
export type { PriceData };

/** The currencies a price on this gateway may use, given what is connected. */
export function currenciesFor(gateway: GatewayId, rules: PriceRules): readonly string[] {
  return rules[gateway]?.currencies.map((currency) => currency.code) ?? [];
}

/** Digits of the chosen currency on this gateway (COP: 0 at Mercado Pago); the gateway's first currency's if none is chosen. */
export function currencyDigitsFor(gateway: GatewayId, rules: PriceRules, currency?: string): number {
  const currencies = rules[gateway]?.currencies ?? [];
  return (currencies.find((candidate) => candidate.code === currency) ?? currencies[0])?.digits ?? 2;
}

export function connectedGateways(rules: PriceRules): GatewayId[] {
  return GATEWAY_IDS.filter((id) => rules[id] !== undefined);
}

/** The decimal separator a reader of `locale` writes ("," in pt-BR, es, fr, nb; "." in en, hi). */
export function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
}

/**
 * "49.90" → 4990 for a 2-digit currency; "50000" → 50000 for COP. Written as the reader writes numbers: "49,90",
 * "1.234,56" (pt-BR), "1,234.56" (en), "1 234,56" (fr, nb), "1,23,456.78" (hi). The last "." or "," is the
 * decimal separator when 1 or 2 digits (any count but 3) follow it; with exactly 3 after it ("1.500"), it is the
 * decimal separator only in a locale that writes it so, else grouping. More decimals than the currency has are
 * refused, not rounded.
 */
export function parseAmountMinor(input: string, digits: number, locale = 'en'): { ok: true; minor: number } | { ok: false; error: string } {
  const text = input.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (text === '') return { ok: false, error: 'priceEnterAmount' };
  if (!/^[\d.,]+$/.test(text)) return { ok: false, error: 'priceAmountFormat' };
  const last = Math.max(text.lastIndexOf('.'), text.lastIndexOf(','));
  let whole = text;
  let fraction = '';
  if (last >= 0) {
    const separator = text.charAt(last);
    const head = text.slice(0, last);
    const tail = text.slice(last + 1);
    const isDecimal = tail.length !== 3 || (separator === decimalSeparator(locale) && !head.includes(separator));
    if (isDecimal) {
      // Before a decimal separator only the other character may group ("1.234,56"), never the same one twice.
      if (head.includes(separator)) return { ok: false, error: 'priceAmountFormat' };
      whole = head.replace(/[.,]/g, '');
      fraction = tail;
    } else {
      // Grouping only: one character, groups of digits ("1.000.000", "1,23,456").
      if (text.includes(separator === '.' ? ',' : '.')) return { ok: false, error: 'priceAmountFormat' };
      whole = text.replace(/[.,]/g, '');
    }
  }
  if (!/^\d{1,12}$/.test(whole) || !/^\d*$/.test(fraction) || (last >= 0 && fraction === '' && whole === text)) {
    return { ok: false, error: whole.length > 12 ? 'priceAmountTooLarge' : 'priceAmountFormat' };
  }
  if (fraction.length > digits) return { ok: false, error: digits === 0 ? 'priceAmountWhole' : 'priceAmountDecimals' };
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor <= 0) return { ok: false, error: 'priceAmountPositive' };
  if (minor > MAX_AMOUNT_MINOR) return { ok: false, error: 'priceAmountTooLarge' };
  return { ok: true, minor };
}

/** 4990 with 2 digits → "49.90" ("49,90" for a reader who writes a decimal comma); the form shows stored amounts this way. */
export function formatAmountInput(minor: number, digits: number, locale = 'en'): string {
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}${decimalSeparator(locale)}${text.slice(-digits)}`;
}

/** The form's interval fields for a stored interval: a preset when one matches, else custom. */
export function intervalFormValues(gateway: GatewayId, unit: IntervalUnit | null, count: number | null) {
  const preset = (Object.entries(GATEWAY_CATALOG[gateway].prices.presets) as Array<[Exclude<IntervalChoice, 'custom'>, Interval]>).find(
    ([, interval]) => interval.unit === unit && interval.count === count,
  );
  if (preset || unit === null || count === null) return { interval: preset?.[0] ?? 'monthly', intervalCount: '', intervalUnit: 'days' };
  return { interval: 'custom', intervalCount: String(count), intervalUnit: unit };
}

const text = z.string().default('');

/** A price's name: what customers see on the payment page and at the gateway. */
export const NAME_MAX = 120;

/**
 * A payment page's address, /pay/<slug>: lowercase letters, digits and single hyphens between them (safe in any URL,
 * readable aloud), 3 to 60 characters (the generated ones are at most 51: a 40-character name and a 10-digit suffix).
 */
export const SLUG_MIN = 3;
export const SLUG_MAX = 60;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The slug's error, or undefined when it is one (lib/form-state.ts errorMessage for the limits). */
export function slugError(slug: string): string | undefined {
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX) return errorMessage('priceSlugLength', { min: SLUG_MIN, max: SLUG_MAX });
  if (!SLUG.test(slug)) return 'priceSlugFormat';
  return undefined;
}

/** The amount's error key for a parseAmountMinor failure, with the limit or an example the merchant can follow. */
function amountMessage(error: string, digits: number, locale: string): string {
  if (error === 'priceAmountTooLarge') {
    return errorMessage(digits === 0 ? 'priceAmountAtMostWhole' : 'priceAmountAtMost', { max: MAX_AMOUNT_MINOR / 10 ** digits });
  }
  if (error === 'priceAmountFormat') return errorMessage('priceAmountLike', { example: formatAmountInput(digits === 0 ? 50000 : 4990, digits, locale) });
  return error;
}

/**
 * `locale`: how the merchant writes numbers, for the amount (the form's page locale on both sides).
 *
 * Every field is checked in one pass and reports on its own, so the merchant sees all the problems at once: a field
 * whose rule depends on another (the currency on the gateway) is checked against it only when that one is valid.
 */
export function priceSchema(rules: PriceRules, locale = 'en') {
  return z
    .object({
      name: text,
      slug: text,
      gateway: text,
      currency: text,
      amount: text,
      kind: text,
      interval: text,
      intervalCount: text,
      intervalUnit: text,
    })
    .transform((input, context): PriceData => {
      let valid = true;
      const issue = (path: keyof PriceFormInput, message: string) => {
        context.addIssue({ code: 'custom', path: [path], message });
        valid = false;
      };
      const name = input.name.trim();
      if (name === '') issue('name', 'priceEnterName');
      else if (name.length > NAME_MAX) issue('name', 'priceNameTooLong');

      // Empty: generated from the name (a new price) or kept (an edited one).
      const slug = input.slug.trim().toLowerCase();
      const badSlug = slug === '' ? undefined : slugError(slug);
      if (badSlug) issue('slug', badSlug);

      const named = GATEWAY_IDS.find((id) => id === input.gateway);
      if (!named) issue('gateway', 'priceChooseGateway');
      else if (!connectedGateways(rules).includes(named)) issue('gateway', 'priceGatewayNotConnected');
      const gateway = named && connectedGateways(rules).includes(named) ? named : undefined;
      const rulesOfGateway = gateway ? GATEWAY_CATALOG[gateway].prices : undefined;

      // MP6 / SP5: the currency is a rule of the gateway, not a free choice; a missing one is just missing.
      const currency = input.currency.trim().toUpperCase();
      if (currency === '') issue('currency', 'priceChooseCurrency');
      else if (gateway && rulesOfGateway && !currenciesFor(gateway, rules).includes(currency)) issue('currency', rulesOfGateway.messages.wrongCurrency);

      const digits = gateway ? currencyDigitsFor(gateway, rules, currency) : 2;
      const amount = parseAmountMinor(input.amount, digits, locale);
      if (!amount.ok) issue('amount', amountMessage(amount.error, digits, locale));

      const kind = PRICE_KINDS.find((candidate) => candidate === input.kind);
      if (!kind) issue('kind', 'priceChooseKind');
      else if (rulesOfGateway && !rulesOfGateway.kinds.includes(kind)) issue('kind', rulesOfGateway.messages.wrongKind);

      let interval: Interval | null = null;
      // The interval is asked of a subscription the gateway takes; of one it refuses, the kind's error says it all.
      if (kind === 'subscription' && (!rulesOfGateway || rulesOfGateway.kinds.includes(kind))) {
        const choice = INTERVAL_CHOICES.find((candidate) => candidate === input.interval);
        if (!choice) issue('interval', 'priceChooseInterval');
        else if (rulesOfGateway && choice !== 'custom') interval = rulesOfGateway.presets[choice];
        else if (rulesOfGateway) {
          // A gateway with one unit (Secure and Pay: days only, SP6) takes no unit choice: a custom interval is that unit.
          const units = rulesOfGateway.intervalUnits;
          const typedUnit = input.intervalUnit === 'months' || input.intervalUnit === 'days' ? input.intervalUnit : undefined;
          const unit: IntervalUnit | undefined =
            units.length === 1 ? (typedUnit !== undefined && typedUnit !== units[0] ? undefined : units[0]) : units.find((candidate) => candidate === typedUnit);
          if (!unit) issue('intervalUnit', rulesOfGateway.messages.wrongUnit);
          const count = /^\d{1,4}$/.test(input.intervalCount.trim()) ? Number(input.intervalCount.trim()) : Number.NaN;
          // The count's range depends on the unit; with no valid unit, the widest (days) is checked.
          const max = rulesOfGateway.intervalMax[unit ?? 'days'] ?? 0;
          if (!(count >= 1 && count <= max)) issue('intervalCount', unit === 'months' ? 'priceIntervalMonths' : 'priceIntervalDays');
          else if (unit) interval = { unit, count };
        }
      }
      if (!valid || !gateway || !amount.ok || !kind) return z.NEVER;
      return {
        name,
        slug: slug === '' ? null : slug,
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
