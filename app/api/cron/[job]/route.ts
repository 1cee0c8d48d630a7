// POST /api/cron/<job>: the scheduled jobs for deployments that use an external scheduler, behind
// `Authorization: Bearer <CRON_SECRET>`. The same advisory lock and leases as the in-process scheduler apply, so an
// external call and an instance's own tick never work on the same thing twice (lib/scheduler/jobs.ts). The answer
// comes once the job's work is done: a job's calls out are bounded (lib/email/limits.ts, PAST_DUE_CANCELLATION).
import { timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/core/env';
import { isJobName, runJob } from '@/lib/scheduler/jobs';

export const dynamic = 'force-dynamic';

function authorized(header: string | null): boolean {
  const secret = getEnv().CRON_SECRET;
  if (!secret || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function POST(request: Request, { params }: { params: Promise<{ job: string }> }): Promise<Response> {
  // Authentication first: without the secret nobody learns which job names exist.
  if (!authorized(request.headers.get('authorization'))) {
    return Response.json({ error: 'unauthorized' }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  const { job } = await params;
  if (!isJobName(job)) return Response.json({ error: 'unknown job' }, { status: 404 });
  return Response.json(await runJob(job, { now: new Date() }));
}
