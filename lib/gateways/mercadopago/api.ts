// A small typed client for Mercado Pago's REST API over fetch. The base URL is a parameter (the app passes
// MERCADOPAGO_API_URL), so the same code talks to https://api.mercadopago.com in production and to the bundled
// simulator offline. No process.env and no Next.js imports here: tests and scripts use it directly.
// API reference: https://www.mercadopago.com/developers/en/reference
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { findCountryBySiteId, type MercadoPagoCountry } from './countries';

/** How long one call may take in all (retries and the waits between them included), and each HTTP attempt. */
export type MercadoPagoBudget = { readonly totalMs: number; readonly attemptMs: number };

/**
 * Every time limit and retry rule of the client, in one place. GW-MP17 (docs/requirements.md): the SDK retries
 * 429, 500, 502, 503 and 504 with backoff, up to 3 times, honouring `Retry-After`; issue 12 asks for 423 and 424
 * as well (GW-MP17 does not list them). The SDK's single 60 s time-out (GW-MP17) would keep a customer waiting a
 * minute: each caller here gets a budget instead, sized by who waits for the answer.
 */
export const MERCADOPAGO_CLIENT = {
  budgets: {
    /** Connect → Save (`GET /users/me`): the merchant watches the popup, so the same as the payment page. */
    connect: { totalMs: 7_000, attemptMs: 4_000 },
    /**
     * The payment page creating a preference or preapproval: the customer waits, and the page also stores the
     * order before and after, so the call keeps 1 s of the ~8 s the page may take. A hung first attempt (4 s)
     * still leaves time for one retry.
     */
    checkout: { totalMs: 7_000, attemptMs: 4_000 },
    /** The return page confirming the outcome: the customer waits ~5 s at most; the webhook confirms it later anyway. */
    confirmReturn: { totalMs: 4_000, attemptMs: 2_500 },
    /**
     * The webhook worker's reads: nobody waits, and a failure is retried by the queue minutes later, so it can
     * ride out a longer blip. Bounded still: the worker processes a claimed batch one event after the other,
     * under one lease (lib/webhooks/worker.ts).
     */
    processing: { totalMs: 20_000, attemptMs: 10_000 },
  },
  retry: {
    /** Answers that mean "not now" (GW-MP17, plus 423 and 424 from issue 12). */
    statuses: [429, 500, 502, 503, 504, 423, 424],
    /** GW-MP17: up to 3 retries, so at most 4 attempts. */
    maxRetries: 3,
    /** Waits of 500 ms, 1 s, 2 s between attempts (doubling), unless `Retry-After` says otherwise. */
    firstDelayMs: 500,
    /** No retry starts with less of the budget left than this: an attempt that short could hardly succeed. */
    minAttemptMs: 1_000,
  },
} as const satisfies {
  budgets: Record<string, MercadoPagoBudget>;
  retry: { statuses: readonly number[]; maxRetries: number; firstDelayMs: number; minAttemptMs: number };
};

const RETRY_STATUSES: ReadonlySet<number> = new Set(MERCADOPAGO_CLIENT.retry.statuses);

/**
 * Why a call failed, in the terms the app needs:
 * - `unauthorized`: Mercado Pago refused the access token (401, or 403 when its policies refuse the token);
 * - `not_found`: 404 in Mercado Pago's error shape: no such resource, or one of another account (Mercado Pago
 *   answers the same for both); record it, retrying will not help;
 * - `unreachable`: no answer, a time-out, or a temporary failure (408, 423, 424, 429, 5xx) that our own retries
 *   did not get past within the call's budget: try again later;
 * - `rejected`: another 4xx in Mercado Pago's error shape: it refused what we sent; `message` says why;
 * - `unexpected`: an answer we do not understand (a redirect, a status or a body the API does not send).
 */
export type MercadoPagoFailureReason = 'unauthorized' | 'not_found' | 'unreachable' | 'rejected' | 'unexpected';

export type MercadoPagoFailure = {
  ok: false;
  reason: MercadoPagoFailureReason;
  /** The HTTP status, when Mercado Pago answered. */
  status?: number;
  /** Mercado Pago's own `message` (for `rejected` and `not_found`). */
  message?: string;
  /** Mercado Pago's `error` code, e.g. `invalid_auto_return`. */
  code?: string;
  /** The last answer's `Retry-After`, in ms, when it was a 429 that gave one. */
  retryAfterMs?: number;
};

/** Time as the client sees it; tests pass one that does not really wait. */
export type MercadoPagoClock = {
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

const systemClock: MercadoPagoClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
};

export type MercadoPagoCallOptions = {
  /** e.g. `https://api.mercadopago.com` or `http://127.0.0.1:4010/mercadopago`. */
  baseUrl: string;
  accessToken: string;
  /** Cancels the call; a cancelled call rejects with the signal's reason instead of returning a result. */
  signal?: AbortSignal;
  /**
   * One of `MERCADOPAGO_CLIENT.budgets`. Without it each function uses the budget of its usual caller:
   * `getCurrentUser` connect's, the creates checkout's, the reads processing's.
   */
  budget?: MercadoPagoBudget;
  /** For tests: the clock the retries wait on. */
  clock?: MercadoPagoClock;
  /**
   * Called on every 429 answer (with its Retry-After), before any retry: the webhook worker slows the account's
   * processing down (lib/webhooks/account-limits.ts) instead of sending it more requests at the same pace.
   */
  onRateLimited?: (retryAfterMs: number | undefined) => void;
};

export type MercadoPagoUser = {
  id: number;
  nickname: string;
  email: string;
  /** The account's `site_id` as Mercado Pago sent it, e.g. `MLB`. */
  siteId: string;
  /** The account's `country_id` as Mercado Pago sent it, e.g. `BR`. */
  countryId: string;
  /** The supported country of the account's site; null for a country the platform does not support (e.g. Chile). */
  country: MercadoPagoCountry | null;
};

/** Connecting only needs to tell a refused token from an outage: any other 4xx on /users/me is `unexpected`. */
export type GetCurrentUserResult =
  | { ok: true; user: MercadoPagoUser }
  | { ok: false; reason: 'unauthorized' | 'unreachable' | 'unexpected'; status?: number };

// Only the fields we use are checked; the response has many more (npm `mercadopago` 3.x, `UserResponse`).
// The wire names are snake_case (`site_id`, `country_id`) even where the SDK's type says `siteId`/`countryId`.
const userSchema = z.looseObject({
  id: z.number().int().positive(),
  nickname: z.string(),
  email: z.string(),
  site_id: z.string(),
  country_id: z.string(),
});

/**
 * `GET /users/me`: the account the access token belongs to; its `site_id` tells the account's country.
 * Used to check credentials before saving them.
 */
export async function getCurrentUser(options: MercadoPagoCallOptions): Promise<GetCurrentUserResult> {
  // Its one caller is Connect → Save, with the merchant waiting.
  const answer = await callMercadoPago(options, 'users/me', { budget: MERCADOPAGO_CLIENT.budgets.connect });
  if (!answer.ok) {
    // A 404 or 400 on /users/me means a wrong base URL or a broken API, not something the merchant can fix.
    const reason = answer.reason === 'not_found' || answer.reason === 'rejected' ? 'unexpected' : answer.reason;
    return { ok: false, reason, ...(answer.status === undefined ? {} : { status: answer.status }) };
  }
  const parsed = userSchema.safeParse(answer.body);
  if (!parsed.success) return { ok: false, reason: 'unexpected', status: answer.status };
  const { id, nickname, email, site_id: siteId, country_id: countryId } = parsed.data;
  return { ok: true, user: { id, nickname, email, siteId, countryId, country: findCountryBySiteId(siteId) ?? null } };
}

// ---- Resources the platform reads and creates. Schemas check only the fields we use; every other field the API
// sends is kept (loose objects), so nothing is lost for logging or later use. Shapes: the SDK's PaymentResponse,
// PreApprovalResponse and PreferenceResponse (npm `mercadopago` 3.x), and the authorized payment of
// https://www.mercadopago.com/developers/en/reference/subscriptions/_authorized_payments_id/get

/** Payment statuses Mercado Pago documents; anything else is an answer we do not understand. */
export const MERCADOPAGO_PAYMENT_STATUSES = [
  'pending',
  'approved',
  'authorized',
  'in_process',
  'in_mediation',
  'rejected',
  'cancelled',
  'refunded',
  'charged_back',
] as const;
export type MercadoPagoPaymentStatus = (typeof MERCADOPAGO_PAYMENT_STATUSES)[number];

export const MERCADOPAGO_PREAPPROVAL_STATUSES = ['pending', 'authorized', 'paused', 'cancelled'] as const;
export type MercadoPagoPreapprovalStatus = (typeof MERCADOPAGO_PREAPPROVAL_STATUSES)[number];

const nullableString = z.string().nullish();

const paymentSchema = z.looseObject({
  id: z.number().int().positive(),
  status: z.enum(MERCADOPAGO_PAYMENT_STATUSES),
  status_detail: nullableString,
  transaction_amount: z.number().nonnegative(),
  transaction_amount_refunded: z.number().nonnegative().nullish(),
  currency_id: z.string(),
  payment_type_id: z.string(),
  payment_method_id: z.string(),
  external_reference: nullableString,
  description: nullableString,
  payer: z
    .looseObject({
      email: nullableString,
      first_name: nullableString,
      last_name: nullableString,
      identification: z.looseObject({ type: nullableString, number: nullableString }).nullish(),
    })
    .nullish(),
  /** The account that received the payment: must be the connected account's user id. */
  collector_id: z.number().int(),
  date_created: z.string(),
  date_approved: nullableString,
  date_last_updated: nullableString,
  live_mode: z.boolean(),
  operation_type: nullableString,
  metadata: z.record(z.string(), z.unknown()).nullish(),
  /** A subscription's charge names its subscription here (`type: SUBSCRIPTIONS`, `transaction_data.subscription_id`). */
  point_of_interaction: z
    .looseObject({ type: nullableString, transaction_data: z.looseObject({ subscription_id: nullableString }).nullish() })
    .nullish(),
});
export type MercadoPagoPayment = z.infer<typeof paymentSchema>;

const autoRecurringSchema = z.looseObject({
  frequency: z.number().int().positive(),
  frequency_type: z.enum(['months', 'days']),
  transaction_amount: z.number().nonnegative(),
  currency_id: z.string(),
});

const preapprovalSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(MERCADOPAGO_PREAPPROVAL_STATUSES),
  collector_id: z.number().int(),
  payer_email: nullableString,
  reason: nullableString,
  external_reference: nullableString,
  auto_recurring: autoRecurringSchema,
  init_point: nullableString,
  back_url: nullableString,
  next_payment_date: nullableString,
  date_created: nullableString,
  last_modified: nullableString,
});
export type MercadoPagoPreapproval = z.infer<typeof preapprovalSchema>;

const authorizedPaymentSchema = z.looseObject({
  id: z.number().int().positive(),
  preapproval_id: z.string().min(1),
  /** The invoice's status: `scheduled`, `processed`, `recycling` (being retried) or `cancelled`. */
  status: z.string().min(1),
  transaction_amount: z.number().nonnegative(),
  currency_id: z.string(),
  /** Which attempt of the installment this is, as Mercado Pago counts (GW-MP22: up to 4 reattempts). */
  retry_attempt: z.number().int().nonnegative().nullish(),
  next_retry_date: nullableString,
  debit_date: nullableString,
  date_created: nullableString,
  last_modified: nullableString,
  external_reference: nullableString,
  reason: nullableString,
  payment: z.looseObject({ id: z.number().int().positive(), status: z.string(), status_detail: nullableString }).nullish(),
  payment_method_id: nullableString,
});
export type MercadoPagoAuthorizedPayment = z.infer<typeof authorizedPaymentSchema>;

const preferenceSchema = z.looseObject({
  id: z.string().min(1),
  init_point: z.url(),
  sandbox_init_point: z.url().nullish(),
  collector_id: z.number().int().nullish(),
  external_reference: nullableString,
});
export type MercadoPagoPreference = z.infer<typeof preferenceSchema>;

/**
 * One refund of a payment (`GET /v1/payments/{id}/refunds`; the SDK's PaymentRefundResponse). `source.type` says
 * who refunded: the collector, Mercado Pago's staff, or the buyer-protection program (`bpp`) after a dispute.
 */
const refundSchema = z.looseObject({
  id: z.number().int().positive(),
  payment_id: z.number().int().positive(),
  amount: z.number().nonnegative(),
  status: z.string().min(1),
  reason: nullableString,
  date_created: nullableString,
  source: z.looseObject({ type: nullableString }).nullish(),
});
export type MercadoPagoRefund = z.infer<typeof refundSchema>;

const paymentSearchSchema = z.looseObject({
  paging: z.looseObject({ total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
  results: z.array(paymentSchema),
});

const preapprovalSearchSchema = z.looseObject({
  paging: z.looseObject({ offset: z.number().int(), limit: z.number().int(), total: z.number().int() }),
  results: z.array(preapprovalSchema),
});

export type MercadoPagoResult<Key extends string, Value> = ({ ok: true } & { [K in Key]: Value }) | MercadoPagoFailure;

/** Ids go into the path: one that could never be Mercado Pago's is not found, without a call (no `../`). */
const resourceIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The reads' usual caller is the webhook worker (GW-MP11); the return page passes its own budget. */
const readBudget = MERCADOPAGO_CLIENT.budgets.processing;

async function getResource<Key extends string, Schema extends z.ZodType>(
  options: MercadoPagoCallOptions,
  path: string,
  id: string | number,
  key: Key,
  schema: Schema,
): Promise<MercadoPagoResult<Key, z.infer<Schema>>> {
  const idText = String(id);
  if (!resourceIdPattern.test(idText)) return { ok: false, reason: 'not_found' };
  return read(await callMercadoPago(options, `${path}/${idText}`, { budget: readBudget }), key, schema);
}

function read<Key extends string, Schema extends z.ZodType>(answer: CallAnswer, key: Key, schema: Schema): MercadoPagoResult<Key, z.infer<Schema>> {
  if (!answer.ok) return answer;
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) return { ok: false, reason: 'unexpected', status: answer.status };
  return { ok: true, [key]: parsed.data } as { ok: true } & { [K in Key]: z.infer<Schema> };
}

/** `GET /v1/payments/{id}`: the payment's real state, after a `payment` notification. */
export function getPayment(options: MercadoPagoCallOptions, paymentId: string | number): Promise<MercadoPagoResult<'payment', MercadoPagoPayment>> {
  return getResource(options, 'v1/payments', paymentId, 'payment', paymentSchema);
}

/** `GET /preapproval/{id}`: a subscription, after a `subscription_preapproval` notification. */
export function getPreapproval(options: MercadoPagoCallOptions, preapprovalId: string): Promise<MercadoPagoResult<'preapproval', MercadoPagoPreapproval>> {
  return getResource(options, 'preapproval', preapprovalId, 'preapproval', preapprovalSchema);
}

/** `GET /authorized_payments/{id}`: one charge attempt of a subscription, after `subscription_authorized_payment`. */
export function getAuthorizedPayment(
  options: MercadoPagoCallOptions,
  authorizedPaymentId: string | number,
): Promise<MercadoPagoResult<'authorizedPayment', MercadoPagoAuthorizedPayment>> {
  return getResource(options, 'authorized_payments', authorizedPaymentId, 'authorizedPayment', authorizedPaymentSchema);
}

/** `GET /v1/payments/{id}/refunds`: every refund of a payment, partial ones included (GW-MP20). */
export async function listRefunds(options: MercadoPagoCallOptions, paymentId: string | number): Promise<MercadoPagoResult<'refunds', MercadoPagoRefund[]>> {
  const idText = String(paymentId);
  if (!resourceIdPattern.test(idText)) return { ok: false, reason: 'not_found' };
  return read(await callMercadoPago(options, `v1/payments/${idText}/refunds`, { budget: readBudget }), 'refunds', z.array(refundSchema));
}

/**
 * `GET /v1/payments/search?external_reference=…`: the account's payments for one of our orders, newest first
 * (GW-MP19: what a lost notification would have told).
 */
export async function searchPayments(
  options: MercadoPagoCallOptions,
  input: { externalReference: string; offset?: number; limit?: number },
): Promise<MercadoPagoResult<'search', z.infer<typeof paymentSearchSchema>>> {
  const query = new URLSearchParams({ external_reference: input.externalReference, sort: 'date_created', criteria: 'desc' });
  if (input.offset !== undefined) query.set('offset', String(input.offset));
  if (input.limit !== undefined) query.set('limit', String(input.limit));
  return read(await callMercadoPago(options, `v1/payments/search?${query.toString()}`, { budget: readBudget }), 'search', paymentSearchSchema);
}

export type CreatePreferenceInput = {
  items: Array<{ id?: string; title: string; description?: string; quantity: number; unit_price: number; currency_id: string }>;
  /** MP5: the payer's email, names and tax number, pre-filled on Checkout Pro. */
  payer?: { name?: string; surname?: string; email?: string; identification?: { type: string; number: string } };
  /** Our order id: echoed on the payment and in the back URLs. */
  external_reference?: string;
  back_urls?: { success?: string; pending?: string; failure?: string };
  auto_return?: 'approved' | 'all';
  /** Our per-account webhook URL with `source_news=webhooks` (GW-MP12 in docs/requirements.md: the panel's URL does not cover every case). */
  notification_url?: string;
  statement_descriptor?: string;
  metadata?: Record<string, string | number | boolean | null>;
};

/**
 * Mercado Pago's `X-Idempotency-Key`: a create repeated with the same key answers the first result. Without one,
 * the call makes up a random key (GW-MP17), the same for all of its own attempts; give one to make separate calls
 * (a double submit) one create.
 */
export type CreateOptions = { idempotencyKey?: string };

/** The creates' usual caller is the payment page, with a customer waiting. */
const createBudget = MERCADOPAGO_CLIENT.budgets.checkout;

/** `POST /checkout/preferences`: a Checkout Pro checkout; send the customer to `init_point`. */
export async function createPreference(
  options: MercadoPagoCallOptions,
  input: CreatePreferenceInput,
  create: CreateOptions = {},
): Promise<MercadoPagoResult<'preference', MercadoPagoPreference>> {
  const answer = await callMercadoPago(options, 'checkout/preferences', { method: 'POST', body: input, idempotencyKey: create.idempotencyKey, budget: createBudget });
  return read(answer, 'preference', preferenceSchema);
}

/**
 * The body of `POST /preapproval` as the API reference has it, for a subscription without a card. It has no
 * `notification_url`: subscriptions notify the URL saved in Your integrations (GW-MP12), so none is sent.
 * `status` is set by `createPreapproval`.
 */
export type CreatePreapprovalInput = {
  reason: string;
  external_reference?: string;
  payer_email: string;
  back_url: string;
  auto_recurring: {
    frequency: number;
    frequency_type: 'months' | 'days';
    transaction_amount: number;
    currency_id: string;
    start_date?: string;
    end_date?: string;
  };
};

/**
 * `POST /preapproval` without a card: `status: "pending"`, a subscription the customer authorizes at
 * `init_point` ("authorized" would need a `card_token_id`, which the platform never holds).
 * https://www.mercadopago.com/developers/en/docs/subscriptions/integration-configuration/subscription-no-associated-plan/pending-payments
 */
export async function createPreapproval(
  options: MercadoPagoCallOptions,
  input: CreatePreapprovalInput,
  create: CreateOptions = {},
): Promise<MercadoPagoResult<'preapproval', MercadoPagoPreapproval>> {
  const body = { ...input, status: 'pending' };
  const answer = await callMercadoPago(options, 'preapproval', { method: 'POST', body, idempotencyKey: create.idempotencyKey, budget: createBudget });
  return read(answer, 'preapproval', preapprovalSchema);
}

export type SearchPreapprovalsInput = {
  externalReference?: string;
  payerEmail?: string;
  status?: MercadoPagoPreapprovalStatus;
  offset?: number;
  limit?: number;
};

/** `GET /preapproval/search`: the account's subscriptions matching the filters, one page. */
export async function searchPreapprovals(
  options: MercadoPagoCallOptions,
  input: SearchPreapprovalsInput = {},
): Promise<MercadoPagoResult<'search', z.infer<typeof preapprovalSearchSchema>>> {
  const query = new URLSearchParams();
  if (input.externalReference !== undefined) query.set('external_reference', input.externalReference);
  if (input.payerEmail !== undefined) query.set('payer_email', input.payerEmail);
  if (input.status !== undefined) query.set('status', input.status);
  if (input.offset !== undefined) query.set('offset', String(input.offset));
  if (input.limit !== undefined) query.set('limit', String(input.limit));
  const suffix = query.size > 0 ? `?${query.toString()}` : '';
  return read(await callMercadoPago(options, `preapproval/search${suffix}`, { budget: readBudget }), 'search', preapprovalSearchSchema);
}

type CallAnswer = { ok: true; status: number; body: unknown } | MercadoPagoFailure;

type CallInit = {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  /** The caller's `X-Idempotency-Key` for a non-GET; a random one otherwise. */
  idempotencyKey?: string | undefined;
  /** The budget when the caller's options give none. */
  budget: MercadoPagoBudget;
};

/** Mercado Pago's error body (`{ message, error, status, cause }`): only a body like this is a 404 or a rejection. */
const errorBodySchema = z.looseObject({ message: z.string(), error: z.string().optional(), status: z.number().optional() });

/** What one HTTP attempt gave: the answer, and whether another attempt may get a better one (and when). */
type Attempt = { answer: CallAnswer; transient: boolean; retryAfterMs?: number };

/**
 * One call: JSON in and out, the token as a Bearer header, failures sorted into the reasons above. A transient
 * failure (a status of `MERCADOPAGO_CLIENT.retry.statuses`, no answer, or an attempt's time-out) is tried again
 * after `Retry-After` or else a doubling wait, while the call's budget lasts (GW-MP17). A GET may always be
 * repeated; a non-GET only with its idempotency key, which every non-GET has: Mercado Pago then answers a repeat
 * of a create that did get through with the first result instead of creating a second one.
 */
async function callMercadoPago(options: MercadoPagoCallOptions, path: string, init: CallInit): Promise<CallAnswer> {
  const method = init.method ?? 'GET';
  const budget = options.budget ?? init.budget;
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + budget.totalMs;
  // `||`, not `??`: an empty key is no key. Drawn once here, so every attempt of this call sends the same one.
  const idempotencyKey = method === 'GET' ? undefined : init.idempotencyKey || randomUUID();
  const repeatable = method === 'GET' || idempotencyKey !== undefined;
  const { retry } = MERCADOPAGO_CLIENT;

  for (let retries = 0; ; retries++) {
    // The first attempt always runs; later ones only start with at least minAttemptMs left (checked below).
    const attemptMs = Math.max(1, Math.min(budget.attemptMs, deadline - clock.now()));
    const attempt = await attemptOnce(options, path, method, init.body, idempotencyKey, attemptMs, clock);
    if (!attempt.transient || !repeatable || retries >= retry.maxRetries) return attempt.answer;
    const waitMs = attempt.retryAfterMs ?? retry.firstDelayMs * 2 ** retries;
    // Waiting past the budget, or into too little of it, would only make the caller wait longer for the same failure.
    if (deadline - clock.now() - waitMs < retry.minAttemptMs) return attempt.answer;
    try {
      await clock.sleep(waitMs, options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw error;
    }
  }
}

async function attemptOnce(
  options: MercadoPagoCallOptions,
  path: string,
  method: 'GET' | 'POST' | 'PUT',
  body: unknown,
  idempotencyKey: string | undefined,
  timeoutMs: number,
  clock: MercadoPagoClock,
): Promise<Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    const url = new URL(path, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey === undefined ? {} : { 'x-idempotency-key': idempotencyKey }),
        authorization: `Bearer ${options.accessToken}`,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // A redirect is not something this API does; following one could carry the token to another host.
      redirect: 'manual',
      signal,
    });
    text = await response.text();
  } catch {
    if (options.signal?.aborted) throw options.signal.reason;
    // Refused connection, DNS failure, reset, time-out: Mercado Pago could not be reached; it may be back in a moment.
    return { answer: { ok: false, reason: 'unreachable' }, transient: true };
  }

  const { status } = response;
  if (RETRY_STATUSES.has(status)) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
    if (status === 429) options.onRateLimited?.(retryAfterMs);
    const answer: MercadoPagoFailure = { ok: false, reason: 'unreachable', status, ...(status === 429 && retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    return { answer, transient: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  return { answer: classify(status, text), transient: false };
}

/** A final answer sorted into the reasons above. */
function classify(status: number, text: string): CallAnswer {
  // 403 comes with "At least one policy returned UNAUTHORIZED" when a token may not use an API.
  if (status === 401 || status === 403) return { ok: false, reason: 'unauthorized', status };
  // 408 and the 5xx not retried (501, 505…) are Mercado Pago's trouble, not ours: later may work.
  if (status === 408 || status >= 500) return { ok: false, reason: 'unreachable', status };
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, reason: 'unexpected', status };
  }
  if (status >= 200 && status < 300) return { ok: true, status, body };
  const error = errorBodySchema.safeParse(body);
  if (status >= 400 && status < 500 && error.success) {
    return {
      ok: false,
      reason: status === 404 ? 'not_found' : 'rejected',
      status,
      message: error.data.message,
      ...(error.data.error ? { code: error.data.error } : {}),
    };
  }
  return { ok: false, reason: 'unexpected', status };
}

/**
 * `Retry-After` (RFC 9110 §10.2.3): whole seconds, or an HTTP date. A date in the past means "now"; anything
 * else unreadable is ignored (the doubling wait applies).
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse would also take "2" or "1.5" as dates; an HTTP date always names its weekday or month in letters.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
