// What every Mercado Pago route shares: the error body, request body parsing for the API and the control API,
// URL checks, and `X-Idempotency-Key`.
import { z } from 'zod';
import { HttpError, headerValue, json, type SimRequest, type SimResponse } from '../http';
import type { SendOptions } from '../webhook-delivery';
import type { MercadoPagoContext, MercadoPagoSimAccount } from './state';

/** Mercado Pago's error body: `{ message, error, status, cause: [...] }` (seen on every API of api.mercadopago.com). */
export function renderError(error: HttpError): SimResponse {
  return json(error.status, { message: error.message, error: error.code, status: error.status, cause: error.details });
}

export const badRequest = (message: string, error = 'bad_request') => new HttpError(400, error, message);

function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'} invalid: ${issue.message}` : 'invalid body';
}

export const httpUrl = z.url({ protocol: /^https?$/ });
/**
 * The control API's `notify`, `duplicates` and `drop` fields: `drop: true` records the notifications this call
 * makes as dropped instead of sending them (webhook-delivery.ts), for reconciliation tests.
 */
export const notifyFields = {
  notify: z.boolean().default(true),
  duplicates: z.number().int().min(0).max(10).default(0),
  drop: z.boolean().default(false),
};

/** What a control body's notify fields ask of the sender. */
export const sendOptionsOf = (input: { duplicates: number; drop: boolean }): SendOptions => ({ duplicates: input.duplicates, drop: input.drop });

/** An API body, answered in Mercado Pago's error shape when it does not parse. */
export async function parseBody<T>(request: SimRequest, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await request.json());
  if (!parsed.success) throw badRequest(zodMessage(parsed.error));
  return parsed.data;
}

export const absoluteUrl = (value: string | undefined, field: string): string | null => {
  if (value === undefined || value === '') return null;
  if (!httpUrl.safeParse(value).success) throw badRequest(`${field} invalid`, field === 'notification_url' ? 'invalid_notification_url' : 'invalid_back_urls');
  return value;
};

/** `X-Idempotency-Key`: the same key on the same account answers the first result again. */
export async function idempotent(
  ctx: MercadoPagoContext,
  account: MercadoPagoSimAccount,
  request: SimRequest,
  create: () => Promise<SimResponse> | SimResponse,
): Promise<SimResponse> {
  const key = headerValue(request.headers, 'x-idempotency-key');
  const slot = key ? `${account.userId}:${request.path}:${key}` : undefined;
  const known = slot ? ctx.idempotency.get(slot) : undefined;
  if (known) return json(known.status, known.body);
  const response = await create();
  if (slot && response.status < 300) ctx.idempotency.set(slot, { status: response.status, body: response.body });
  return response;
}

/** A control API body (empty means `{}`), answered in the simulator's own error shape when it does not parse. */
export async function controlBody<T>(request: SimRequest, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse((await request.json()) ?? {});
  if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
  return parsed.data;
}

export function controlError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    // API validation errors (currency, decimals) keep their message; the control API has its own error shape.
    if (error instanceof HttpError && error.status === 400) throw new HttpError(400, 'bad_request', error.message);
    throw error;
  }
}
