// The client-safe half of the gateway contract: what a gateway is and what its rules are, as plain data and pure
// functions. No server imports here, so client components (the price form, the payment page) may use it; the
// server half (lib/gateways/adapter-types.ts) holds everything that talks to the gateway or the database.
import type { GatewayId } from '@/core/gateway-ids';
import type { Locale } from '@/core/locales';

/** A key into messages/*.json (or a gateway's own messages/en.json, merged in by i18n/request.ts). */
export type MessageKey = string;

export type IntervalUnit = 'days' | 'months';
export type Interval = { unit: IntervalUnit; count: number };
export const INTERVAL_PRESET_NAMES = ['monthly', 'weekly', 'yearly'] as const;
export type IntervalPreset = (typeof INTERVAL_PRESET_NAMES)[number];

/** A currency a price may use, with its minor-unit digits as the gateway counts them (e.g. COP: 0 at Mercado Pago). */
export type PriceCurrency = { code: string; digits: number };

/** What the account's own settings say about prices: shared code reads these from the connected account. */
export type AccountFacts = { country: string | null };

export const PRICE_KINDS = ['one_time', 'subscription'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];

export type PriceRulesOfGateway = {
  /** What this gateway can sell: one-time payments, subscriptions, or both. */
  kinds: readonly [PriceKind, ...PriceKind[]];
  /** The currencies a price on this gateway may use, given the connected account. */
  currencies(account: AccountFacts): readonly PriceCurrency[];
  /** Every currency this gateway ever takes, whatever the account (how many digits its amounts have). */
  knownCurrencies: readonly PriceCurrency[];
  /** The units a subscription interval may be counted in; one unit means the form shows no unit choice. */
  intervalUnits: readonly [IntervalUnit, ...IntervalUnit[]];
  /** What each preset means on this gateway. */
  presets: Record<IntervalPreset, Interval>;
  /** The longest interval per unit this gateway takes. */
  intervalMax: Partial<Record<IntervalUnit, number>>;
  messages: {
    /** Field error when the kind (one-time, subscription) is not one of `kinds`. */
    wrongKind: MessageKey;
    /** Field error when the currency is not one of `currencies`. */
    wrongCurrency: MessageKey;
    /** Field error when a unit outside `intervalUnits` was posted. */
    wrongUnit: MessageKey;
    /** Hint beside the currency; `{country}` is the account's country name. */
    currencyHint: MessageKey;
    /** Hint beside the amount for a currency without decimals, with the gateway's reason; `{currency}` is its code. */
    wholeAmountHint: MessageKey;
    /** Hint beside the interval choice. */
    intervalHint: MessageKey;
    /** Label of each interval choice, custom included. */
    intervalChoices: Record<IntervalPreset | 'custom', MessageKey>;
  };
};

/** The fields a payment page asks for besides email, first and last name (always required). */
export type PayPageRules = {
  /** The country whose tax number the page asks for, or null for none (Mercado Pago: the account's, MP5). */
  taxIdCountry(account: AccountFacts): string | null;
};

/** One row of the credentials summary in Manage: a public value shown as is, or a secret shown as a mask. */
export type CredentialField = { name: string; kind: 'public' | 'secret' };

/** One attempt of a subscription installment, as we show it. */
export type ChargeAttempt = {
  attempt: number;
  /** The attempt's payment status. */
  status: string;
  /** The installment's own state, when the gateway reports one (Mercado Pago: scheduled, recycling, processed…). */
  installmentStatus: string | null;
  paymentMethodType: string | null;
  chargedAt: Date | null;
  /** The gateway's own date for the next attempt, when it gives one. */
  nextRetryAt: Date | null;
};

/** When the next attempt of an installment comes: the gateway's own date, or our estimate when it gives none. */
export type NextAttempt = { at: Date; estimated: boolean };

export type FailurePolicies = {
  /** The gateway retries failed subscription charges itself (null: it does not). */
  retries: {
    /** The next attempt after this one, or null when none will come (or none can be told). */
    nextAttempt(charge: ChargeAttempt): NextAttempt | null;
    /** Message key: how the gateway retries, in one sentence for the subscription page. */
    explanation: MessageKey;
  } | null;
  /** The platform counts a failed subscription down and cancels it (null: the gateway decides). */
  pastDue: { cancelAfterDays: number; cancelReason: string } | null;
  /** Refunds through the platform; an explicit, typed absence with the reason the page shows. */
  refunds: { supported: false; reason: MessageKey };
};

/** The two texts that explain one status detail: for the merchant (what happened, what to do) and for the customer. */
export type ReasonTexts = { merchant: MessageKey; customer: MessageKey };

/**
 * The gateway's own codes in words (issue 12). Shared code looks a code up here (lib/gateways/explain.ts) and
 * never reads a code itself; a code that is not listed gets a generic text, with the raw code beside it.
 */
export type PaymentExplanations = {
  /** Every status detail (failure reason) the gateway documents, with its two texts. */
  statusDetails: Readonly<Record<string, ReasonTexts>>;
  /** The name of each payment method id the gateway documents (Mercado Pago payment_method_id: visa → Visa). */
  paymentMethods: Readonly<Record<string, MessageKey>>;
  /** The name of each payment method type, shown when the method id is missing or unknown (credit_card → Credit card). */
  paymentTypes: Readonly<Record<string, MessageKey>>;
};

/** The texts of each code under `prefix`: `<prefix>.<code>.merchant` and `<prefix>.<code>.customer`. */
export function reasonTextsOf(prefix: string, codes: readonly string[]): Record<string, ReasonTexts> {
  return Object.fromEntries(codes.map((code) => [code, { merchant: `${prefix}.${code}.merchant`, customer: `${prefix}.${code}.customer` }]));
}

/** The name of each id under `prefix`: `<prefix>.<id>`. */
export function namesOf(prefix: string, ids: readonly string[]): Record<string, MessageKey> {
  return Object.fromEntries(ids.map((id) => [id, `${prefix}.${id}`]));
}

export type GatewayCatalogEntry = {
  id: GatewayId;
  name: string;
  logo: string;
  /** Message key of the one-line description on the gateways list. */
  description: MessageKey;
  /**
   * Whether the gateway is offered. 'tests': only when ENABLE_TEST_GATEWAYS is set (a fake gateway that proves the
   * contract end to end in the test suites, never shown to merchants otherwise).
   */
  availability: 'always' | 'tests';
  /** SP1: the Connect popup shows the webhook URL before any credentials exist (a pending account is made). */
  webhookUrlFirst: boolean;
  /** What the merchant must know once connected with test credentials (Mercado Pago: no webhooks, GW-MP1), or null. */
  testModeWarning: MessageKey | null;
  credentialFields: readonly CredentialField[];
  prices: PriceRulesOfGateway;
  payPage: PayPageRules;
  failures: FailurePolicies;
  /** Its status details and payment methods in words. */
  explain: PaymentExplanations;
  /** The gateway's own texts in one language (its folder's messages/<locale>.json), merged into the app's by lib/i18n/messages.ts. */
  loadMessages: (locale: Locale) => Promise<MessageTree>;
};

export type MessageTree = { [key: string]: string | MessageTree };

/** Checks a gateway's catalog entry against the contract where it is written (errors point at the gateway's file). */
export const defineCatalog = (entry: GatewayCatalogEntry): GatewayCatalogEntry => entry;
