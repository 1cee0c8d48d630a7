// POST /api/cron/<job>: the bearer secret, unknown jobs, and a real run through the same advisory lock.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/cron/[job]/route';
import { reloadEnv } from '@/core/env';
import { describeEachDatabase } from './support/databases';

const SECRET = 'cron-secret-for-tests-0123456789';

beforeAll(() => {
  vi.stubEnv('CRON_SECRET', SECRET);
  reloadEnv();
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  reloadEnv();
});

const call = (job: string, authorization?: string) =>
  POST(new Request(`http://localhost/api/cron/${job}`, { method: 'POST', headers: authorization ? { authorization } : {} }), { params: Promise.resolve({ job }) });

describeEachDatabase('cron route', () => {
  it('answers 401 without the bearer secret or with a wrong one, whatever the job', async () => {
    expect((await call('send-emails')).status).toBe(401);
    expect((await call('send-emails', `Bearer ${SECRET}x`)).status).toBe(401);
    expect((await call('send-emails', SECRET)).status).toBe(401);
    expect((await call('no-such-job')).status).toBe(401);
  });

  it('answers 404 for an unknown job and runs a known one', async () => {
    expect((await call('no-such-job', `Bearer ${SECRET}`)).status).toBe(404);
    const response = await call('cancel-unpaid-subscriptions', `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ job: 'cancel-unpaid-subscriptions', ran: true, result: { cancelled: 0, failed: 0 } });
  });

  it('runs the retention job, at most once an hour', async () => {
    const first = await call('purge-old-data', `Bearer ${SECRET}`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      job: 'purge-old-data',
      ran: true,
      result: { inboxMonthsAdded: expect.any(Number), inboxMonthsDropped: 0, notificationBodies: 0, emailBodies: 0, rateLimits: expect.any(Number), signInFailures: 0, accountTokens: expect.any(Number), staleOrders: 0 },
    });
    expect(await (await call('purge-old-data', `Bearer ${SECRET}`)).json()).toEqual({ job: 'purge-old-data', ran: true, result: { skipped: 1 } });
  });

  it('answers 401 to everyone when CRON_SECRET is not set', async () => {
    vi.stubEnv('CRON_SECRET', '');
    reloadEnv();
    expect((await call('send-emails', 'Bearer ')).status).toBe(401);
    vi.stubEnv('CRON_SECRET', SECRET);
    reloadEnv();
  });
});
