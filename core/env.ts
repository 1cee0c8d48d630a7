// The one reader of process.env. Everything else imports `env` from here, so every setting is named,
// validated and documented in one place (README "Environment variables").
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes, base64 (openssl rand -base64 32)');

/** `SMTP_URL=` in an .env file means "not set", not "invalid". */
const emptyAsUnset = <T extends z.ZodType>(inner: T) => z.preprocess((value) => (value === '' ? undefined : value), inner);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  APP_URL: z.string().url().default('http://localhost:3000'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CREDENTIALS_KEY: base64Key.optional(),
  /** Keys that encrypted secrets before the last rotation, comma-separated; read-only (see README). */
  CREDENTIALS_PREVIOUS_KEYS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean))
    .pipe(z.array(base64Key)),
  SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  /** How often the in-process webhook worker looks for due notifications; 0: this process does not process them (README "Webhooks"). */
  WEBHOOK_WORKER_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  /** How many notifications one process works on at once, all accounts together (README "Webhooks": the default is measured). */
  WEBHOOK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** How many of one gateway account's notifications are in flight at once, all instances together (fewer after the gateway answers 429); give every instance the same value. */
  WEBHOOK_ACCOUNT_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** SMTP server for emails (nodemailer URL, e.g. smtps://user:pass@smtp.example.com); unset: emails stay in the outbox (README "When payments fail"). */
  SMTP_URL: emptyAsUnset(z.string().url().optional()),
  /** The From: of every email. */
  EMAIL_FROM: z.string().min(3).default('Gateway Dashboard <no-reply@localhost>'),
  /** Bearer secret of POST /api/cron/<job>; unset: those routes answer 401 to everyone. */
  CRON_SECRET: emptyAsUnset(z.string().min(16, 'must be at least 16 characters').optional()),
  /** How often the in-process scheduler runs its jobs (30-day cancellation, email retries, alerts); 0: not in this process. */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /**
   * Production refuses the embedded PGlite database unless this is set (README "Production"): a deliberate choice for
   * a single-instance deployment, never a default. Even then no demo account is created.
   */
  ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: z
    .enum(['', '0', '1', 'false', 'true'])
    .default('')
    .transform((value) => value === '1' || value === 'true'),
  /**
   * Multiplies every abuse limit's allowance (lib/rate-limit): e.g. 20 for a load test or the end-to-end suite, whose
   * many sign-ups and checkouts all come from one address. 1 in production.
   */
  RATE_LIMIT_FACTOR: z.coerce.number().min(1).max(10_000).default(1),
  /**
   * How many reverse proxies in front of the app append to X-Forwarded-For; the client's address is the entry that
   * many places from the end (README "Production"). 0: the header is not trusted (every client counts as one
   * address for per-address limits).
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(1),
  /** Retention (README "Retention"): days before a processed notification's raw body and headers are blanked. */
  RETENTION_NOTIFICATION_BODY_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /**
   * Days a notification is kept at all: the inbox is partitioned by month, and a month is dropped whole once it ended
   * this long ago (and holds nothing still waiting for processing). The default keeps 13 months and a bit.
   */
  RETENTION_NOTIFICATION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
  /** Days before a sent (or kept, or failed) email's body is blanked. */
  RETENTION_EMAIL_BODY_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /** Days before an order that never got a payment (pending, checkout created) is deleted. */
  RETENTION_STALE_ORDER_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  /**
   * Gateway health (README "Gateway health"): how long checkouts may go without any notification from their gateway
   * before the merchant is warned and alerted (default 2 hours). The end-to-end suite makes it seconds.
   */
  GATEWAY_SILENCE_MS: z.coerce.number().int().min(1_000).max(7 * 86_400_000).default(2 * 3_600_000),
  /** Offers the test-only gateways (a fake that proves the gateway contract end to end); the test suites set it. */
  ENABLE_TEST_GATEWAYS: z
    .enum(['', '0', '1', 'false', 'true'])
    .default('')
    .transform((value) => value === '1' || value === 'true'),
});

export type Env = Omit<z.infer<typeof schema>, 'AUTH_SECRET' | 'CREDENTIALS_KEY'> & {
  AUTH_SECRET: string;
  CREDENTIALS_KEY: string;
  /** True when no DATABASE_URL is set: the embedded PGlite database under DATA_DIR. */
  embeddedDatabase: boolean;
};

export class EnvError extends Error {}

type DevSecrets = { AUTH_SECRET: string; CREDENTIALS_KEY: string };

/**
 * In development and tests the two secrets are generated once into DATA_DIR, so `npm run dev` needs no set-up;
 * in production a missing secret is a start-up error that names the variable.
 */
function developmentSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    AUTH_SECRET: randomBytes(32).toString('base64'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function loadEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  let { AUTH_SECRET, CREDENTIALS_KEY } = values;
  if (!AUTH_SECRET || !CREDENTIALS_KEY) {
    if (values.NODE_ENV === 'production') {
      const missing = [!AUTH_SECRET && 'AUTH_SECRET', !CREDENTIALS_KEY && 'CREDENTIALS_KEY'].filter(Boolean);
      throw new EnvError(
        `Missing required environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
          '(production needs them set; generate each with `openssl rand -base64 32`).',
      );
    }
    const generated = developmentSecrets(values.DATA_DIR);
    AUTH_SECRET ??= generated.AUTH_SECRET;
    CREDENTIALS_KEY ??= generated.CREDENTIALS_KEY;
  }
  return { ...values, AUTH_SECRET, CREDENTIALS_KEY, embeddedDatabase: !values.DATABASE_URL };
}

let cached: Env | undefined;

/** The validated settings; throws EnvError with a message a person can act on. */
export function getEnv(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}

const gatewayUrls = new Map<string, string>();

/**
 * A gateway's API base URL: `<GATEWAY ID>_API_URL` when set (e.g. MERCADOPAGO_API_URL pointing at the bundled
 * simulator), else the production URL the gateway's own folder declares. Named per gateway, so a new gateway needs
 * no line here.
 */
export function gatewayApiUrl(gateway: string, productionUrl: string): string {
  let url = gatewayUrls.get(gateway);
  if (url === undefined) {
    const name = `${gateway.toUpperCase()}_API_URL`;
    const parsed = z.string().url().default(productionUrl).safeParse(process.env[name] || undefined);
    if (!parsed.success) throw new EnvError(`Invalid environment:\n  ${name}: ${parsed.error.issues[0]?.message ?? 'invalid URL'}`);
    url = parsed.data;
    gatewayUrls.set(gateway, url);
  }
  return url;
}

/** Re-reads process.env: for tests that start their own simulator and point the gateway URLs at it. */
export function reloadEnv(): Env {
  cached = undefined;
  gatewayUrls.clear();
  return getEnv();
}
