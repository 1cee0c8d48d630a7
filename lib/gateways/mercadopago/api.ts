// A small typed client for Mercado Pago's REST API over fetch. The base URL is a parameter (the app passes
// MERCADOPAGO_API_URL), so the same code talks to https://api.mercadopago.com in production and to the bundled
// simulator offline. No process.env and no Next.js imports here: tests and scripts use it directly.
// API reference: https://www.mercadopago.com/developers/en/reference
import { z } from 'zod';
import { findCountryBySiteId, type MercadoPagoCountry } from './countries';

/** Mercado Pago answers in well under a second; past this the merchant is better served by "try again". */
export const MERCADOPAGO_TIMEOUT_MS = 10_000;

/**
 * Why a call failed, in the terms the UI needs:
 * - `unauthorized`: Mercado Pago refused the access token (401, or 403 when its policies refuse the token);
 * - `unreachable`: no answer, a time-out, or a temporary failure (429, 5xx): try again later;
 * - `unexpected`: an answer we do not understand (another status, or a body that is not what the API sends).
 */
export type MercadoPagoFailure = {
  ok: false;
  reason: 'unauthorized' | 'unreachable' | 'unexpected';
  /** The HTTP status, when Mercado Pago answered. */
  status?: number;
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

export type GetCurrentUserResult = { ok: true; user: MercadoPagoUser } | MercadoPagoFailure;

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
  if (!answer.ok) return answer;
  const parsed = userSchema.safeParse(answer.body);
  if (!parsed.success) return { ok: false, reason: 'unexpected', status: answer.status };
  const { id, nickname, email, site_id: siteId, country_id: countryId } = parsed.data;
  return { ok: true, user: { id, nickname, email, siteId, countryId, country: findCountryBySiteId(siteId) ?? null } };
}

type CallAnswer = { ok: true; status: number; body: unknown } | MercadoPagoFailure;

type CallInit = { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; headers?: Record<string, string> };

/** One call: JSON in and out, the token as a Bearer header, failures sorted into the three reasons above. */
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
  if (status < 200 || status >= 300) return { ok: false, reason: 'unexpected', status };
  try {
    return { ok: true, status, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'unexpected', status };
  }
}
