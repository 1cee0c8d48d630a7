// The per-account rate limit (rate-limits.ts): off by default; past its bucket an account's API calls answer 429
// with Retry-After in Mercado Pago's error shape, other accounts are not affected, and null lifts it.
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import { mercadoPagoTestKit } from './test-kit';

const harness = withSimulatorAndReceiver([50, 100]);
const { call, createAccount } = mercadoPagoTestKit(harness);

describe('per-account rate limit', () => {
  it('answers 429 with Retry-After past the bucket, for that account only, until lifted', async () => {
    const limited = await createAccount();
    const other = await createAccount();
    const limit = (body?: unknown) => call(`/_sim/mercadopago/accounts/${limited.userId}/rate-limit`, body === undefined ? {} : { body });
    expect((await limit()).body).toEqual({ requestsPerSecond: null, retryAfterSeconds: null, allowed: 0, refused: 0 });
    expect((await limit({ requestsPerSecond: 1, retryAfterSeconds: 3 })).body).toMatchObject({ requestsPerSecond: 1, retryAfterSeconds: 3 });
    const me = (token: string) => call('/mercadopago/users/me', { token });
    // A bucket of one: the second call within the second is refused.
    const answers = [await me(limited.accessToken), await me(limited.accessToken)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 429]);
    expect(answers[1]?.headers.get('retry-after')).toBe('3');
    expect(answers[1]?.body).toMatchObject({ error: 'too_many_requests', status: 429 });
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await limit()).body).toMatchObject({ allowed: 1, refused: 1 });
    expect((await limit({ requestsPerSecond: 0 })).status).toBe(200);
    expect((await me(limited.accessToken)).status).toBe(429);
    expect((await limit({ requestsPerSecond: null })).body).toMatchObject({ requestsPerSecond: null });
    expect((await me(limited.accessToken)).status).toBe(200);
    expect((await limit({ requestsPerSecond: -1 })).status).toBe(400);
  });
});
