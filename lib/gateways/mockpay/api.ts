// A small typed client for Mock Pay's API (docs/mockpay-api.md) over fetch; the base URL is a parameter.
import 'server-only';
import { z } from 'zod';
import type { GatewayFailureReason } from '@/lib/checkout/types';

export type MockPayCallOptions = { baseUrl: string; apiKey: string; timeoutMs?: number };
export type MockPayFailure = { ok: false; reason: GatewayFailureReason; status?: number };

const accountSchema = z.object({ id: z.string(), currency: z.string() });
const paymentSchema = z.object({
  id: z.string(),
  account_id: z.string(),
  status: z.enum(['pending', 'paid', 'failed']),
  amount: z.number().int(),
  currency: z.string(),
  reference: z.string().nullable(),
  email: z.string().nullable(),
  created: z.string(),
  updated: z.string(),
});
const checkoutSchema = z.object({ id: z.string(), url: z.url(), payment_id: z.string() });
export type MockPayPayment = z.infer<typeof paymentSchema>;

async function call<T>(options: MockPayCallOptions, path: string, schema: z.ZodType<T>, init: { body?: unknown; idempotencyKey?: string } = {}) {
  let response: Response;
  try {
    response = await fetch(new URL(path, options.baseUrl.replace(/\/?$/, '/')), {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch {
    return { ok: false, reason: 'unreachable' } satisfies MockPayFailure;
  }
  if (!response.ok) {
    const reason: GatewayFailureReason =
      response.status === 401 ? 'unauthorized' : response.status === 404 ? 'not_found' : response.status >= 500 || response.status === 429 ? 'unreachable' : 'rejected';
    return { ok: false, reason, status: response.status } satisfies MockPayFailure;
  }
  const parsed = schema.safeParse(await response.json().catch(() => null));
  return parsed.success ? { ok: true as const, value: parsed.data } : ({ ok: false, reason: 'unexpected', status: response.status } satisfies MockPayFailure);
}

export const getAccount = (options: MockPayCallOptions) => call(options, 'v1/account', accountSchema);
export const getPayment = (options: MockPayCallOptions, paymentId: string) =>
  /^[A-Za-z0-9_]{1,64}$/.test(paymentId) ? call(options, `v1/payments/${paymentId}`, paymentSchema) : Promise.resolve({ ok: false, reason: 'not_found' } satisfies MockPayFailure);
export const createCheckout = (
  options: MockPayCallOptions,
  body: { amount: number; currency: string; reference: string; email: string; return_url: string; notification_url: string },
  idempotencyKey: string,
) => call(options, 'v1/checkouts', checkoutSchema, { body, idempotencyKey });
