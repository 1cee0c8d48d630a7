// The client-safe half of the gateway contract: what a gateway is and what its rules are, as plain data and pure
// functions. No server imports here, so client components (the price form, the payment page) may use it; the
// server half (lib/gateways/adapter-types.ts) holds everything that talks to the gateway or the database.
import type { GatewayId } from '@/core/gateway-ids';

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

/** Retries the gateway makes itself for a failed subscription charge, as we show them. */
export type ChargeAttempt = {
  attempt: number;
  status: string;
  paymentMethodType: string | null;
  chargedAt: Date | null;
  nextRetryAt: Date | null;
};

export type FailurePolicies = {
  /** The gateway retries failed subscription charges itself (null: it does not). */
  retries: {
    maxAttempts: number;
    /** When the next attempt after this one is due, or null when none will come. */
    nextAttemptAt(charge: ChargeAttempt): Date | null;
  } | null;
  /** The platform counts a failed subscription down and cancels it (null: the gateway decides). */
  pastDue: { cancelAfterDays: number; cancelReason: string } | null;
  /** Refunds through the platform; an explicit, typed absence with the reason the page shows. */
  refunds: { supported: false; reason: MessageKey };
};

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
  /** The gateway's own texts (its folder's messages/<locale>.json), merged into the app's by lib/i18n/messages.ts. */
  messages: { en: MessageTree };
};

export type MessageTree = { [key: string]: string | MessageTree };

/** Checks a gateway's catalog entry against the contract where it is written (errors point at the gateway's file). */
export const defineCatalog = (entry: GatewayCatalogEntry): GatewayCatalogEntry => entry;
