// What every Secure and Pay route shares: the contract's error body, body validation for the API and the control
// API, the customer and URL schemas, and `Idempotency-Key`.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { HttpError, headerValue, json, type SimRequest, type SimResponse } from '../http';
import { CURRENCIES, type Currency, type Customer, type SecureAndPayContext, type SecureAndPaySimSite } from './state';

/** docs/secureandpay-api.md §1 "Errors": `{ "error": { "code", "message", "field" } }`. */
export function renderError(error: HttpError): SimResponse {
  const headers = error.status === 401 ? { 'www-authenticate': 'Basic realm="Secure and Pay API"' } : undefined;
  const field = typeof error.details[0] === 'string' ? error.details[0] : null;
  // The shared HTTP layer says `bad_request` for malformed JSON; this contract calls it `invalid_request`.
  const code = error.code === 'bad_request' ? 'invalid_request' : error.code;
  return json(error.status, { error: { code, message: error.message, field } }, headers);
}

export const validationFailed = (error: z.ZodError): HttpError => {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || null;
  return new HttpError(422, 'validation_failed', issue ? `${field ?? 'body'}: ${issue.message}` : 'invalid body', field ? [field] : []);
};

/** `return_url` and friends: absolute https, or http on the local machine (§3). */
export const returnUrl = z.url().refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}, 'must be an absolute https URL (http only for localhost)');

export const customerSchema = z.object({
  email: z.email(),
  first_name: z.string().trim().min(1).max(100),
  last_name: z.string().trim().min(1).max(100),
});

/** `Idempotency-Key` (§3): same key and body → the same answer; same key, other body → 409. */
export async function idempotent(
  ctx: SecureAndPayContext,
  site: SecureAndPaySimSite,
  request: SimRequest,
  create: (body: unknown) => SimResponse,
): Promise<SimResponse> {
  const raw = await request.text();
  const body = await request.json();
  const key = headerValue(request.headers, 'idempotency-key');
  if (!key) return create(body);
  const slot = `${site.siteId}:${request.path}:${key}`;
  const bodyHash = createHash('sha256').update(raw).digest('hex');
  const known = ctx.idempotency.get(slot);
  if (known) {
    if (known.bodyHash !== bodyHash) throw new HttpError(409, 'idempotency_conflict', 'this Idempotency-Key was used with another body');
    return json(known.status, known.body);
  }
  const response = create(body);
  if (response.status < 300) ctx.idempotency.set(slot, { bodyHash, status: response.status, body: response.body });
  return response;
}

/** A create body (payment or subscription): 422 in the contract's shape, and only the currencies of SP5. */
export function parseCreate<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> & { currency: Currency } {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationFailed(parsed.error);
  const data = parsed.data as z.infer<T> & { currency: string };
  if (!(CURRENCIES as readonly string[]).includes(data.currency)) {
    throw new HttpError(422, 'unsupported_currency', `currency must be one of ${CURRENCIES.join(', ')}`, ['currency']);
  }
  return data as z.infer<T> & { currency: Currency };
}

// ---- the control API ----------------------------------------------------------------------------------------------

/** The control API's `notify` and `duplicates` fields. */
export const notifyFields = { notify: z.boolean().default(true), duplicates: z.number().int().min(0).max(10).default(0) };
export const controlCustomer = customerSchema.partial().optional();

/** A control API body (empty means `{}`), answered in the simulator's own error shape when it does not parse. */
export async function controlBody<T>(request: SimRequest, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse((await request.json()) ?? {});
  if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
  return parsed.data;
}

export const defaultCustomer = (customer: Partial<Customer> | undefined): Customer => ({
  email: customer?.email ?? 'ana.souza@example.com',
  first_name: customer?.first_name ?? 'Ana',
  last_name: customer?.last_name ?? 'Souza',
});
