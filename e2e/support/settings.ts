// Settings the e2e run shares between the config (main process) and the tests (workers). The config's first
// evaluation fixes them in E2E_* variables, which Playwright's workers inherit.
import { randomBytes } from 'node:crypto';

const env = process.env;

export function e2eSettings(makeDataDir: () => string) {
  env.E2E_PORT ??= '3210';
  env.E2E_SIM_PORT ??= '4110';
  env.E2E_DATA_DIR ??= makeDataDir();
  env.E2E_AUTH_SECRET ??= randomBytes(32).toString('base64');
  env.E2E_CREDENTIALS_KEY ??= randomBytes(32).toString('base64');
  env.E2E_CRON_SECRET ??= randomBytes(24).toString('hex');
  const baseUrl = `http://localhost:${env.E2E_PORT}`;
  const simulatorUrl = `http://127.0.0.1:${env.E2E_SIM_PORT}`;
  return {
    port: env.E2E_PORT,
    baseUrl,
    simPort: env.E2E_SIM_PORT,
    simulatorUrl,
    /** Everything the app server prints, so tests can prove no secret reaches the logs. */
    serverLog: `${env.E2E_DATA_DIR}/server.log`,
    serverEnv: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      APP_URL: baseUrl,
      DATA_DIR: env.E2E_DATA_DIR,
      AUTH_SECRET: env.E2E_AUTH_SECRET,
      CREDENTIALS_KEY: env.E2E_CREDENTIALS_KEY,
      MERCADOPAGO_API_URL: `${simulatorUrl}/mercadopago`,
      SECUREANDPAY_API_URL: `${simulatorUrl}/secureandpay`,
      MOCKPAY_API_URL: `${simulatorUrl}/mockpay`,
      // Offers Mock Pay, the test-only gateway that proves the gateway contract (docs/mockpay-api.md).
      ENABLE_TEST_GATEWAYS: '1',
      // Every sign-up, sign-in and checkout of the suite comes from one address: limits are scaled up (their
      // counting is tested in tests/rate-limit.test.ts; the forms' answers over a limit in tests/abuse-limits.test.ts).
      RATE_LIMIT_FACTOR: '50',
      // The worker loop's next tick is 10 minutes away (its first pass runs at start): a payment that shows within
      // seconds was processed by the route's own kick once it had answered the notification.
      WEBHOOK_WORKER_INTERVAL_MS: '600000',
      // POST /api/cron/<job> for tests that run a scheduled job when they need it (e2e/gateway-health.spec.ts).
      CRON_SECRET: env.E2E_CRON_SECRET,
      // Gateway health's silence (checkouts, no notification): 20 seconds instead of 2 hours, so a test can wait for
      // it. Long enough that another test's checkout is paid (and notified) before it counts as silent.
      GATEWAY_SILENCE_MS: '20000',
      // A production build on the embedded database is refused unless opted into by name (README "Production").
      ...(env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : { ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: '1' }),
    },
  };
}

/** In tests (workers): the simulator's URL and the app server's data directory, as the config fixed them. */
export const e2eSimulatorUrl = () => `http://127.0.0.1:${env.E2E_SIM_PORT ?? '4110'}`;
export const e2eServerLog = () => `${env.E2E_DATA_DIR}/server.log`;
/** The app server's CRON_SECRET, for POST /api/cron/<job>. */
export const e2eCronSecret = () => env.E2E_CRON_SECRET ?? '';
