// Runs once when the server process starts (instrumentation.ts): settings, database, demo data.
// Any failure here stops the process with a message that names what to fix.
import { getDatabaseHandle } from '@/db';
import { EnvError, getEnv } from '@/core/env';
import { seedDemoMerchant, DEMO_MERCHANT } from './demo';
import { log } from './log';

export async function startServer(): Promise<void> {
  let env;
  try {
    env = getEnv();
    // Each gateway's <ID>_API_URL is read on first use; reading them now makes a bad one a start-up error.
    const { apiUrlOf, listGateways } = await import('@/lib/gateways/adapters');
    for (const adapter of listGateways()) apiUrlOf(adapter);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  const handle = await getDatabaseHandle();
  try {
    await handle.migrate();
  } catch (error) {
    const reason = describeError(error);
    fail(`Could not reach or migrate the database (${handle.description}): ${reason}. Check DATABASE_URL and that the server is running.`);
  }
  log.info('database ready', { database: handle.description });
  (await import('@/lib/webhooks/worker')).startWebhookWorker(env.WEBHOOK_WORKER_INTERVAL_MS);
  (await import('@/lib/scheduler/loop')).startScheduler(env.SCHEDULER_INTERVAL_MS);
  if (env.embeddedDatabase) {
    await seedDemoMerchant();
    log.info(`demo merchant: ${DEMO_MERCHANT.email} / ${DEMO_MERCHANT.password}`);
  }
}

function fail(message: string): never {
  log.error(message);
  process.exit(1);
}

/** Drizzle wraps driver errors ("Failed query: …"); the driver's own message (e.g. ECONNREFUSED) is the useful part. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? ` [${String(cause.code)}]` : '';
  return cause ? `${cause.message}${code}` : error.message;
}
