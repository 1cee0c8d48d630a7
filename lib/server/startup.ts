// Runs once when the server process starts (instrumentation.ts): settings, database, demo data.
// Any failure here stops the process with a message that names what to fix.
import { getDatabaseHandle } from '@/db';
import { EnvError, getEnv, type Env } from '@/core/env';
import { seedDemoMerchant, DEMO_MERCHANT } from './demo';
import { log } from './log';

type StartupPlan = { refusal: string } | { refusal?: undefined; seedDemo: boolean };

/**
 * Production is explicit (README "Production"): it never creates the demo account, and it runs on the embedded
 * database only when the operator opted in by name. Development and tests keep the zero-set-up default.
 */
export function startupPlan(env: Pick<Env, 'NODE_ENV' | 'embeddedDatabase' | 'ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION'>): StartupPlan {
  if (env.NODE_ENV !== 'production') return { seedDemo: env.embeddedDatabase };
  if (env.embeddedDatabase && !env.ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION) {
    return {
      refusal:
        'Refusing to start: production (NODE_ENV=production) without DATABASE_URL would use the embedded PGlite database. ' +
        'Set DATABASE_URL to your PostgreSQL server, or set ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=1 to run one instance on the embedded database on purpose.',
    };
  }
  return { seedDemo: false };
}

export async function startServer(): Promise<void> {
  let env;
  let plan: StartupPlan;
  try {
    env = getEnv();
    plan = startupPlan(env);
    if (plan.refusal !== undefined) fail(plan.refusal);
    // Each gateway's <ID>_API_URL is read on first use; reading them now makes a bad one a start-up error.
    const { apiUrlOf, listGateways } = await import('@/lib/gateways/adapters');
    for (const adapter of listGateways()) apiUrlOf(adapter);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  // The payment pages' server half (lib/checkout/customer-pages.ts says why it is handed over, not imported).
  (await import('@/lib/checkout/customer-pages')).registerCustomerPages();
  if (env.NODE_ENV === 'production' && env.embeddedDatabase) {
    log.warn('running on the embedded database in production (ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION): one instance only, no demo account', {
      dataDir: env.DATA_DIR,
    });
  }
  const handle = await getDatabaseHandle();
  try {
    await handle.migrate();
  } catch (error) {
    const reason = describeError(error);
    fail(`Could not reach or migrate the database (${handle.description}): ${reason}. Check DATABASE_URL and that the server is running.`);
  }
  log.info('database ready', { database: handle.description });
  // The inbox's months ahead (the retention job keeps them too; this covers an instance that starts after months
  // without a scheduler). Not fatal: a notification without its month's partition waits in the default one.
  try {
    const { addInboxMonths } = await import('@/db/queries/inbox-partitions');
    const { INBOX_MONTHS_AHEAD } = await import('@/lib/scheduler/retention');
    await addInboxMonths(handle.db, new Date(), INBOX_MONTHS_AHEAD);
  } catch (error) {
    log.warn('could not add the inbox months ahead', { error: describeError(error) });
  }
  (await import('@/lib/webhooks/worker')).startWebhookWorker(env.WEBHOOK_WORKER_INTERVAL_MS);
  (await import('@/lib/scheduler/loop')).startScheduler(env.SCHEDULER_INTERVAL_MS);
  if (plan.seedDemo) {
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
