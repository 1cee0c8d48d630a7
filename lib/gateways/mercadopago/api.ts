// A small typed client for Mercado Pago's REST API over fetch. The base URL is a parameter (the app passes
// MERCADOPAGO_API_URL), so the same code talks to https://api.mercadopago.com in production and to the bundled
// simulator offline. No process.env and no Next.js imports here: tests and scripts use it directly.
// API reference: https://www.mercadopago.com/developers/en/reference
import { z } from 'zod';
import { findCountryBySiteId, type MercadoPagoCountry } from './countries';

/** Mercado Pago answers in well under a second; past this the merchant is better served by "try again". */
export const MERCADOPAGO_TIMEOUT_MS = 10_000;

/**
 * Why a call failed, in the terms the app needs:
 * - `unauthorized`: Mercado Pago refused the access token (401, or 403 when its policies refuse the token);
 * - `not_found`: 404 in Mercado Pago's error shape: no such resource, or one of another account (Mercado Pago
 *   answers the same for both); record it, retrying will not help;
 * - `unreachable`: no answer, a time-out, or a temporary failure (408, 429, 5xx): try again later;
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
};

export type MercadoPagoCallOptions = {
  /** e.g. `https://api.mercadopago.com` or `http://127.0.0.1:4010/mercadopago`. */
  baseUrl: string;
  accessToken: string;
  /** Cancels the call; a cancelled call rejects with the signal's reason instead of returning a result. */
  signal?: AbortSignal;
  timeoutMs?: number;
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
  const answer = await callMercadoPago(options, 'users/me');
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
  /** Which attempt this is (1, 2, 3): MP8 gives three. */
  retry_attempt: z.number().int().nonnegative().nullish(),
  next_retry_date: nullableString,
  debit_date: nullableString,
  date_created: nullableString,
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

const preapprovalSearchSchema = z.looseObject({
  paging: z.looseObject({ offset: z.number().int(), limit: z.number().int(), total: z.number().int() }),
  results: z.array(preapprovalSchema),
});

export type MercadoPagoResult<Key extends string, Value> = ({ ok: true } & { [K in Key]: Value }) | MercadoPagoFailure;

/** Ids go into the path: one that could never be Mercado Pago's is not found, without a call (no `../`). */
const resourceIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

async function getResource<Key extends string, Schema extends z.ZodType>(
  options: MercadoPagoCallOptions,
  path: string,
  id: string | number,
  key: Key,
  schema: Schema,
): Promise<MercadoPagoResult<Key, z.infer<Schema>>> {
  const idText = String(id);
  if (!resourceIdPattern.test(idText)) return { ok: false, reason: 'not_found' };
  return read(await callMercadoPago(options, `${path}/${idText}`), key, schema);
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

/** Retried creates with the same key answer the first result (Mercado Pago's `X-Idempotency-Key`). */
export type CreateOptions = { idempotencyKey?: string };

const idempotencyHeaders = (create: CreateOptions): Record<string, string> =>
  create.idempotencyKey ? { 'x-idempotency-key': create.idempotencyKey } : {};

/** `POST /checkout/preferences`: a Checkout Pro checkout; send the customer to `init_point`. */
export async function createPreference(
  options: MercadoPagoCallOptions,
  input: CreatePreferenceInput,
  create: CreateOptions = {},
): Promise<MercadoPagoResult<'preference', MercadoPagoPreference>> {
  const answer = await callMercadoPago(options, 'checkout/preferences', { method: 'POST', body: input, headers: idempotencyHeaders(create) });
  return read(answer, 'preference', preferenceSchema);
}

export type CreatePreapprovalInput = {
  reason: string;
  external_reference?: string;
  payer_email: string;
  back_url: string;
  notification_url?: string;
  auto_recurring: {
    frequency: number;
    frequency_type: 'months' | 'days';
    transaction_amount: number;
    currency_id: string;
    start_date?: string;
    end_date?: string;
  };
};

/** `POST /preapproval` without a card: a pending subscription the customer authorizes at `init_point`. */
export async function createPreapproval(
  options: MercadoPagoCallOptions,
  input: CreatePreapprovalInput,
  create: CreateOptions = {},
): Promise<MercadoPagoResult<'preapproval', MercadoPagoPreapproval>> {
  const answer = await callMercadoPago(options, 'preapproval', { method: 'POST', body: input, headers: idempotencyHeaders(create) });
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
  return read(await callMercadoPago(options, `preapproval/search${suffix}`), 'search', preapprovalSearchSchema);
}

type CallAnswer = { ok: true; status: number; body: unknown } | MercadoPagoFailure;

type CallInit = { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; headers?: Record<string, string> };

/** Mercado Pago's error body (`{ message, error, status, cause }`): only a body like this is a 404 or a rejection. */
const errorBodySchema = z.looseObject({ message: z.string(), error: z.string().optional(), status: z.number().optional() });

/** One call: JSON in and out, the token as a Bearer header, failures sorted into the reasons above. */
async function callMercadoPago(options: MercadoPagoCallOptions, path: string, init: CallInit = {}): Promise<CallAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? MERCADOPAGO_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
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
        authorization: `Bearer ${options.accessToken}`,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      // A redirect is not something this API does; following one could carry the token to another host.
      redirect: 'manual',
      signal,
    });
    text = await response.text();
  } catch {
    if (options.signal?.aborted) throw options.signal.reason;
    // Refused connection, DNS failure, reset, time-out: Mercado Pago could not be reached.
    return { ok: false, reason: 'unreachable' };
  }

  const { status } = response;
  // 403 comes with "At least one policy returned UNAUTHORIZED" when a token may not use an API.
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
