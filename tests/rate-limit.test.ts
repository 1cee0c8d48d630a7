// Abuse limits counted in the database: atomic under concurrency, a window that passes starts again, and old
// counters are purged. Runs on PGlite and, with DATABASE_URL, PostgreSQL.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { purgeRateLimits } from '@/db/queries/rate-limits';
import { consumeRateLimit, consumeRateLimits, resetRateLimit, type RateLimit } from '@/lib/rate-limit';
import { describeEachDatabase } from './support/databases';

const limit = (): RateLimit => ({ name: `test-${randomBytes(4).toString('hex')}`, points: 5, windowMs: 60_000 });

describeEachDatabase('rate limits', () => {
  it('lets exactly the limit through when 15 attempts come at once', async () => {
    const five = limit();
    const now = new Date('2026-12-02T10:00:00Z');
    const verdicts = await Promise.all(Array.from({ length: 15 }, () => consumeRateLimit(five, 'ana@example.com', now)));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(5);
    expect(verdicts.find((verdict) => !verdict.allowed)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('starts again when the window has passed, and after a reset', async () => {
    const five = limit();
    const start = new Date('2026-12-02T10:00:00Z');
    for (let index = 0; index < 5; index++) expect((await consumeRateLimit(five, 'x', start)).allowed).toBe(true);
    expect(await consumeRateLimit(five, 'x', new Date(start.getTime() + 59_000))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await consumeRateLimit(five, 'x', new Date(start.getTime() + 60_000))).allowed).toBe(true);
    await resetRateLimit(five, 'x');
    for (let index = 0; index < 5; index++) expect((await consumeRateLimit(five, 'x', start)).allowed).toBe(true);
  });

  it('counts every limit of a request, and answers with the longest wait', async () => {
    const perEmail = limit();
    const perIp = { ...limit(), points: 1, windowMs: 3_600_000 };
    const now = new Date('2026-12-02T10:00:00Z');
    expect((await consumeRateLimits([{ limit: perEmail, subject: 'a' }, { limit: perIp, subject: '10.0.0.1' }], now)).allowed).toBe(true);
    expect(await consumeRateLimits([{ limit: perEmail, subject: 'b' }, { limit: perIp, subject: '10.0.0.1' }], now)).toEqual({ allowed: false, retryAfterSeconds: 3600 });
  });

  it('purges counters whose window has ended', async () => {
    const five = limit();
    await consumeRateLimit(five, 'old', new Date('2020-01-01T00:00:00Z'));
    expect(await purgeRateLimits(new Date('2021-01-01T00:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect((await consumeRateLimit(five, 'old', new Date('2020-01-01T00:00:01Z'))).allowed).toBe(true);
  });
});
