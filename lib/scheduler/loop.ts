// The in-process scheduler: every SCHEDULER_INTERVAL_MS each app instance tries every job; the advisory locks and
// per-tick turns in jobs.ts let one instance claim each job's work per tick, and the claims' leases keep the others
// off that work while it runs after the commit. Deployments that prefer an external scheduler set the interval to 0 and call
// POST /api/cron/<job> instead.
import 'server-only';
import { log } from '@/lib/server/log';
import { runAllJobs } from './jobs';

const holder = globalThis as typeof globalThis & { __schedulerTimer?: ReturnType<typeof setInterval> };

export function startScheduler(intervalMs: number): void {
  if (intervalMs <= 0 || holder.__schedulerTimer) return;
  let running = false;
  holder.__schedulerTimer = setInterval(() => {
    // A slow tick (a gateway taking its time) is not overlapped by the next one.
    if (running) return;
    running = true;
    runAllJobs({ now: new Date(), oncePerMs: intervalMs })
      .catch((error: unknown) => log.error('scheduler tick failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  holder.__schedulerTimer.unref();
  log.info('scheduler started', { intervalMs });
}
