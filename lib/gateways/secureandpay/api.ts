// A small typed client for Secure and Pay's API over fetch. Secure and Pay's API is not public: the wire format
// is our documented assumption in docs/secureandpay-api.md, which the bundled simulator implements too.
// The base URL is a parameter (the app passes SECUREANDPAY_API_URL); no process.env and no Next.js imports here.
import { z } from 'zod';

/** Past this the merchant is better served by "try again" than by a spinner. */
export const SECUREANDPAY_TIMEOUT_MS = 10_000;

/**
 * Why a call failed, in the terms the UI needs:
 * - `unauthorized`: Secure and Pay refused the Site ID / API secret (401, or 403);
 * - `unreachable`: no answer, a time-out, or a temporary failure (429, 5xx): try again later;
 * - `unexpected`: an answer we do not understand (another status, or a body that breaks the contract).
 */
export type SecureAndPayFailure = {
  ok: false;
  reason: 'unauthorized' | 'unreachable' | 'unexpected';
  /** The HTTP status, when Secure and Pay answered. */
  status?: number;
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

/** The only currencies Secure and Pay accepts (seed SP5). */
export const SECUREANDPAY_CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type SecureAndPayCurrency = (typeof SECUREANDPAY_CURRENCIES)[number];

export type SecureAndPaySite = { siteId: string; name: string; currencies: SecureAndPayCurrency[] };

export type VerifySiteCredentialsResult = { ok: true; site: SecureAndPaySite } | SecureAndPayFailure;

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
  if (!answer.ok) return answer;
  const parsed = siteSchema.safeParse(answer.body);
  // Credentials that authenticate as another site than the one typed would connect the wrong account.
  if (!parsed.success || parsed.data.site_id !== options.siteId) {
    return { ok: false, reason: 'unexpected', status: answer.status };
  }
  const { site_id: siteId, name, currencies } = parsed.data;
  return { ok: true, site: { siteId, name, currencies } };
}

type CallAnswer = { ok: true; status: number; body: unknown } | SecureAndPayFailure;

type CallInit = { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> };

/** One call: JSON in and out, Basic authentication, failures sorted into the three reasons above. */
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
  if (status < 200 || status >= 300) return { ok: false, reason: 'unexpected', status };
  try {
    return { ok: true, status, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'unexpected', status };
  }
}
