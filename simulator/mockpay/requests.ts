// What every Mock Pay route shares: the contract's error body, API and control API body parsing, the URL schema.
import { z } from 'zod';
import { HttpError, json, type SimRequest, type SimResponse } from '../http';

/** docs/mockpay-api.md "Errors": `{"error": "<code>", "message": "<text>"}`. */
export function renderError(error: HttpError): SimResponse {
  // The shared HTTP layer says `bad_request` for malformed JSON; this contract calls it `invalid_request`.
  const code = error.code === 'bad_request' ? 'invalid_request' : error.code;
  const headers = error.status === 401 ? { 'www-authenticate': 'Bearer realm="Mock Pay API"' } : undefined;
  return json(error.status, { error: code, message: error.message }, headers);
}

/** An API body: 400 `invalid_request` naming the first field that failed. */
export function apiBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new HttpError(400, 'invalid_request', issue ? `${field}: ${issue.message}` : 'invalid body');
}

/** A control API body (empty means `{}`), answered in the simulator's own error shape when it does not parse. */
export async function controlBody<T>(request: SimRequest, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse((await request.json()) ?? {});
  if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
  return parsed.data;
}

/** An absolute http(s) URL (`return_url`, `notification_url`, the account's webhook URL). */
export const httpUrl = z.url({ protocol: /^https?$/ });
