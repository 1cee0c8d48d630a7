// A per-account rate limit, off by default: Mercado Pago limits API calls per application and answers 429 with
// `Retry-After` past its limit; its docs give no figure, so the limit is whatever a test or the bench sets, to see
// how the app's worker slows down for one account and not for the others. Counted per access token (the account),
// as a token bucket: `requestsPerSecond` calls a second on average, at most that many in one burst; 0 refuses every
// call (a plain "429 now" switch). The simulator's own control routes, under /_sim/mercadopago/accounts/{userId}.
import { z } from 'zod';
import { HttpError, headerValue, json, type Router, type SimRequest, type SimResponse } from '../http';
import { accountById } from './accounts';
import { controlBody, renderError } from './requests';
import type { MercadoPagoContext } from './state';

const rateLimitSchema = z.object({
  /** null lifts the limit. */
  requestsPerSecond: z.number().min(0).max(100_000).nullable(),
  /** Sent as `Retry-After` (whole seconds) with each 429. */
  retryAfterSeconds: z.number().int().min(0).max(3_600).default(1),
});

type Limit = { requestsPerSecond: number; retryAfterSeconds: number; tokens: number; refilledAt: number; refused: number; allowed: number };

export class RateLimits {
  private readonly limits = new Map<number, Limit>();

  set(userId: number, input: z.infer<typeof rateLimitSchema>, now = Date.now()): void {
    if (input.requestsPerSecond === null) {
      this.limits.delete(userId);
      return;
    }
    const { requestsPerSecond, retryAfterSeconds } = input;
    this.limits.set(userId, { requestsPerSecond, retryAfterSeconds, tokens: requestsPerSecond, refilledAt: now, refused: 0, allowed: 0 });
  }

  view(userId: number) {
    const limit = this.limits.get(userId);
    return limit
      ? { requestsPerSecond: limit.requestsPerSecond, retryAfterSeconds: limit.retryAfterSeconds, allowed: limit.allowed, refused: limit.refused }
      : { requestsPerSecond: null, retryAfterSeconds: null, allowed: 0, refused: 0 };
  }

  /** Spends one call of the account's bucket; the 429 to answer when it is empty, else undefined. */
  take(userId: number, now = Date.now()): SimResponse | undefined {
    const limit = this.limits.get(userId);
    if (!limit) return undefined;
    limit.tokens = Math.min(limit.requestsPerSecond, limit.tokens + ((now - limit.refilledAt) / 1000) * limit.requestsPerSecond);
    limit.refilledAt = now;
    if (limit.tokens >= 1) {
      limit.tokens -= 1;
      limit.allowed += 1;
      return undefined;
    }
    limit.refused += 1;
    const response = renderError(new HttpError(429, 'too_many_requests', 'Too many requests'));
    return { ...response, headers: { ...response.headers, 'retry-after': String(limit.retryAfterSeconds) } };
  }

  clear(): void {
    this.limits.clear();
  }
}

/** For the API router: the 429 for a request whose Bearer token is a limited account's, else undefined. */
export function rateLimitGate(ctx: MercadoPagoContext, limits: RateLimits): (request: SimRequest) => SimResponse | undefined {
  return (request) => {
    const token = headerValue(request.headers, 'authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const account = token ? ctx.accounts.get(token) : undefined;
    return account ? limits.take(account.userId) : undefined;
  };
}

export function addRateLimitControlRoutes(control: Router, ctx: MercadoPagoContext, limits: RateLimits): void {
  const userIdOf = (request: SimRequest) => accountById(ctx, Number(request.params.userId)).userId;
  control
    .add('GET', '/accounts/:userId/rate-limit', (request) => json(200, limits.view(userIdOf(request))))
    .add('POST', '/accounts/:userId/rate-limit', async (request) => {
      const userId = userIdOf(request);
      limits.set(userId, await controlBody(request, rateLimitSchema));
      return json(200, limits.view(userId));
    });
}
