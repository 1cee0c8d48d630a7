// A small typed client for Secure and Pay's API over fetch. Secure and Pay's API is not public: the wire format
// is our documented assumption in docs/secureandpay-api.md, which the bundled simulator implements too.
// The base URL is a parameter (the app passes SECUREANDPAY_API_URL); no process.env and no Next.js imports here.
import { z } from 'zod';
import { SECUREANDPAY_CURRENCIES, type SecureAndPayCurrency } from './currencies';

/**
 * Past this the merchant is better served by "try again" than by a spinner. Every call ends within it (the body read
 * included): the webhook worker's event deadline (25 s, lib/webhooks/worker.ts) and the 30-day job's batch
 * (PAST_DUE_CANCELLATION in lib/scheduler/jobs.ts) are sized on it.
 */
export const SECUREANDPAY_TIMEOUT_MS = 10_000;

/**
 * Why a call failed, in the terms the app needs (docs/secureandpay-api.md §1 "Errors"):
 * - `unauthorized`: Secure and Pay refused the Site ID / API secret (401, or 403);
 * - `not_found`: 404 in the contract's error shape: no such object, or one of another site;
 * - `unreachable`: no answer, a time-out, or a temporary failure (408, 429, 5xx): try again later;
 * - `rejected`: another 4xx in the contract's error shape (422 validation, 409 idempotency conflict…); `message`
 *   and `field` say why;
 * - `unexpected`: an answer we do not understand (another status, or a body that breaks the contract).
 */
export type SecureAndPayFailureReason = 'unauthorized' | 'not_found' | 'unreachable' | 'rejected' | 'unexpected';

export type SecureAndPayFailure = {
  ok: false;
  reason: SecureAndPayFailureReason;
  /** The HTTP status, when Secure and Pay answered. */
  status?: number;
  /** The contract's `error.code`, e.g. `unsupported_currency`. */
  code?: string;
  message?: string;
  /** The field a 422 is about. */
  field?: string;
};

export type SecureAndPayCallOptions = {
  /** e.g. `https://api.secureandpay.com` or `http://127.0.0.1:4010/secureandpay`. */
  baseUrl: string;
  siteId: string;
  /** The "password" in Secure and Pay's email (seed SP2): the password of HTTP Basic authentication. */
  apiSecret: string;
  /** Cancels the call; a cancelled call rejects with the signal's reason instead of returning a result. */
  signal?: AbortSignal;
  timeoutMs?: number;
};

export { SECUREANDPAY_CURRENCIES, type SecureAndPayCurrency };

export type SecureAndPaySite = { siteId: string; name: string; currencies: SecureAndPayCurrency[] };

/** Connecting only needs to tell refused credentials from an outage: any other 4xx is `unexpected`. */
export type VerifySiteCredentialsResult =
  | { ok: true; site: SecureAndPaySite }
  | { ok: false; reason: 'unauthorized' | 'unreachable' | 'unexpected'; status?: number };

// docs/secureandpay-api.md §2; unknown fields are allowed, so the gateway may add some.
const siteSchema = z.looseObject({
  site_id: z.string().min(1),
  name: z.string(),
  // Currencies outside SP5's three are dropped rather than refused: the platform offers only those anyway.
  currencies: z.array(z.string()).transform((values) =>
    values.filter((value): value is SecureAndPayCurrency => (SECUREANDPAY_CURRENCIES as readonly string[]).includes(value)),
  ),
});

/** `GET /v1/site`: checks a Site ID and API secret key before they are saved (seed SP3). */
export async function verifySiteCredentials(options: SecureAndPayCallOptions): Promise<VerifySiteCredentialsResult> {
  // Basic authentication splits user and password at the first ':', so such a site id can never authenticate.
  if (options.siteId.includes(':')) return { ok: false, reason: 'unauthorized' };
  const answer = await callSecureAndPay(options, 'v1/site');
  if (!answer.ok) {
    const reason = answer.reason === 'not_found' || answer.reason === 'rejected' ? 'unexpected' : answer.reason;
    return { ok: false, reason, ...(answer.status === undefined ? {} : { status: answer.status }) };
  }
  const parsed = siteSchema.safeParse(answer.body);
  // Credentials that authenticate as another site than the one typed would connect the wrong account.
  if (!parsed.success || parsed.data.site_id !== options.siteId) {
    return { ok: false, reason: 'unexpected', status: answer.status };
  }
  const { site_id: siteId, name, currencies } = parsed.data;
  return { ok: true, site: { siteId, name, currencies } };
}

// ---- Payments and subscriptions (docs/secureandpay-api.md §3–7). Schemas check the fields we use and keep the
// rest (loose objects); an object of another site than ours is `unexpected`, never used.

export const SECUREANDPAY_PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded'] as const;
export type SecureAndPayPaymentStatus = (typeof SECUREANDPAY_PAYMENT_STATUSES)[number];
export const SECUREANDPAY_SUBSCRIPTION_STATUSES = ['pending', 'active', 'past_due', 'cancelled'] as const;
export type SecureAndPaySubscriptionStatus = (typeof SECUREANDPAY_SUBSCRIPTION_STATUSES)[number];

const currencySchema = z.enum(SECUREANDPAY_CURRENCIES);
const customerSchema = z.looseObject({ email: z.string(), first_name: z.string(), last_name: z.string() });

const paymentSchema = z.looseObject({
  id: z.string().min(1),
  site_id: z.string().min(1),
  status: z.enum(SECUREANDPAY_PAYMENT_STATUSES),
  /** Minor units. */
  amount: z.number().int().nonnegative(),
  currency: currencySchema,
  amount_refunded: z.number().int().nonnegative(),
  description: z.string().nullish(),
  reference: z.string(),
  subscription_id: z.string().nullable(),
  customer: customerSchema,
  checkout_url: z.url().nullable(),
  failure_reason: z.string().nullable(),
  created: z.string(),
  updated: z.string(),
});
export type SecureAndPayPayment = z.infer<typeof paymentSchema>;

const subscriptionSchema = z.looseObject({
  id: z.string().min(1),
  site_id: z.string().min(1),
  status: z.enum(SECUREANDPAY_SUBSCRIPTION_STATUSES),
  amount: z.number().int().nonnegative(),
  currency: currencySchema,
  /** SP6: periods in days only. */
  interval_days: z.number().int().positive(),
  description: z.string().nullish(),
  reference: z.string(),
  customer: customerSchema,
  checkout_url: z.url(),
  current_period_start: z.string().nullable(),
  current_period_end: z.string().nullable(),
  last_payment_id: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  created: z.string(),
  updated: z.string(),
});
export type SecureAndPaySubscription = z.infer<typeof subscriptionSchema>;

export type SecureAndPayResult<Key extends string, Value> = ({ ok: true } & { [K in Key]: Value }) | SecureAndPayFailure;

/** Ids go into the path; one that could never be an id of the contract (§1) is not found, without a call. */
const objectIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

function read<Key extends string, Schema extends z.ZodType<{ site_id: string }>>(
  options: SecureAndPayCallOptions,
  answer: CallAnswer,
  key: Key,
  schema: Schema,
): SecureAndPayResult<Key, z.infer<Schema>> {
  if (!answer.ok) return answer;
  const parsed = schema.safeParse(answer.body);
  // An object of another site would be another merchant's: never take it as ours.
  if (!parsed.success || parsed.data.site_id !== options.siteId) return { ok: false, reason: 'unexpected', status: answer.status };
  return { ok: true, [key]: parsed.data } as { ok: true } & { [K in Key]: z.infer<Schema> };
}

export type CreateSecureAndPayPaymentInput = {
  /** Minor units: 19.99 EUR is 1999. */
  amount: number;
  currency: SecureAndPayCurrency;
  description: string;
  /** Our order id, echoed in every resource and notification. */
  reference: string;
  /** SP4: required on the payment page. */
  customer: { email: string; first_name: string; last_name: string };
  return_url: string;
  cancel_url?: string;
  /** Our per-account webhook URL, so notifications reach us whatever support configured. */
  notification_url?: string;
};

export type CreateSecureAndPaySubscriptionInput = CreateSecureAndPayPaymentInput & {
  /** SP6: days only; monthly is 30. */
  interval_days: number;
};

/** The contract asks for an `Idempotency-Key` on creates, so a retried or double submit makes one object. */
export type SecureAndPayCreateOptions = { idempotencyKey: string };

/** `POST /v1/payments`: a hosted one-time payment; send the customer to `checkout_url`. */
export async function createPayment(
  options: SecureAndPayCallOptions,
  input: CreateSecureAndPayPaymentInput,
  create: SecureAndPayCreateOptions,
): Promise<SecureAndPayResult<'payment', SecureAndPayPayment>> {
  const answer = await callSecureAndPay(options, 'v1/payments', { method: 'POST', body: input, headers: { 'idempotency-key': create.idempotencyKey } });
  return read(options, answer, 'payment', paymentSchema);
}

/** `POST /v1/subscriptions`: a subscription whose first charge happens on the hosted page at `checkout_url`. */
export async function createSubscription(
  options: SecureAndPayCallOptions,
  input: CreateSecureAndPaySubscriptionInput,
  create: SecureAndPayCreateOptions,
): Promise<SecureAndPayResult<'subscription', SecureAndPaySubscription>> {
  const answer = await callSecureAndPay(options, 'v1/subscriptions', { method: 'POST', body: input, headers: { 'idempotency-key': create.idempotencyKey } });
  return read(options, answer, 'subscription', subscriptionSchema);
}

/** `GET /v1/payments/{id}`. */
export async function getPayment(options: SecureAndPayCallOptions, paymentId: string): Promise<SecureAndPayResult<'payment', SecureAndPayPayment>> {
  if (!objectIdPattern.test(paymentId)) return { ok: false, reason: 'not_found' };
  return read(options, await callSecureAndPay(options, `v1/payments/${paymentId}`), 'payment', paymentSchema);
}

/** `GET /v1/subscriptions/{id}`. */
export async function getSubscription(
  options: SecureAndPayCallOptions,
  subscriptionId: string,
): Promise<SecureAndPayResult<'subscription', SecureAndPaySubscription>> {
  if (!objectIdPattern.test(subscriptionId)) return { ok: false, reason: 'not_found' };
  return read(options, await callSecureAndPay(options, `v1/subscriptions/${subscriptionId}`), 'subscription', subscriptionSchema);
}

export type SecureAndPayCancelReason = 'non_payment' | 'merchant_request' | 'customer_request';

/** `POST /v1/subscriptions/{id}/cancel`: idempotent; SP7's 30-day rule cancels with `non_payment`. */
export async function cancelSubscription(
  options: SecureAndPayCallOptions,
  subscriptionId: string,
  reason?: SecureAndPayCancelReason,
): Promise<SecureAndPayResult<'subscription', SecureAndPaySubscription>> {
  if (!objectIdPattern.test(subscriptionId)) return { ok: false, reason: 'not_found' };
  const answer = await callSecureAndPay(options, `v1/subscriptions/${subscriptionId}/cancel`, { method: 'POST', body: reason ? { reason } : {} });
  return read(options, answer, 'subscription', subscriptionSchema);
}

type CallAnswer = { ok: true; status: number; body: unknown } | SecureAndPayFailure;

type CallInit = { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> };

/** The contract's error body: `{ "error": { "code", "message", "field" } }`. */
const errorBodySchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string(), field: z.string().nullish() }),
});

/** One call: JSON in and out, Basic authentication, failures sorted into the reasons above. */
async function callSecureAndPay(options: SecureAndPayCallOptions, path: string, init: CallInit = {}): Promise<CallAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? SECUREANDPAY_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const credentials = Buffer.from(`${options.siteId}:${options.apiSecret}`, 'utf8').toString('base64');
  let response: Response;
  let text: string;
  try {
    const url = new URL(path, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
        authorization: `Basic ${credentials}`,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      // The contract has no redirects; following one could carry the credentials to another host.
      redirect: 'manual',
      signal,
    });
    text = await response.text();
  } catch {
    if (options.signal?.aborted) throw options.signal.reason;
    // Refused connection, DNS failure, reset, time-out: Secure and Pay could not be reached.
    return { ok: false, reason: 'unreachable' };
  }

  const { status } = response;
  if (status === 401 || status === 403) return { ok: false, reason: 'unauthorized', status };
  if (status === 408 || status === 429 || status >= 500) return { ok: false, reason: 'unreachable', status };
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, reason: 'unexpected', status };
  }
  if (status >= 200 && status < 300) return { ok: true, status, body };
  const error = errorBodySchema.safeParse(body);
  if (status >= 400 && status < 500 && error.success) {
    const { code, message, field } = error.data.error;
    return { ok: false, reason: status === 404 ? 'not_found' : 'rejected', status, code, message, ...(field ? { field } : {}) };
  }
  return { ok: false, reason: 'unexpected', status };
}
