// The database schema. Row types are derived from it (`$inferSelect`), never written by hand.
import { sql } from 'drizzle-orm';
import { GATEWAY_IDS } from '@/lib/gateways/ids';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** Stored lower-cased, so sign-in is case-insensitive and one address is one account. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  image: text('image'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type User = typeof users.$inferSelect;

/**
 * Failed sign-ins, counted in the database (not in memory) so the per-email limit holds across several
 * app instances.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [index('sign_in_failures_email_failed_at_idx').on(table.email, table.failedAt)],
);

/**
 * A merchant's connection to one gateway. `publicId` is the unguessable id in the webhook URL
 * (/api/webhooks/<gateway>/<publicId>). Disconnecting keeps the row (and its history); reconnecting makes a
 * new row with a new URL. At most one pending or connected account per merchant and gateway.
 */
export const gatewayAccounts = pgTable(
  'gateway_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    publicId: text('public_id').notNull().unique(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    gateway: text('gateway', { enum: GATEWAY_IDS }).notNull(),
    /** pending: Secure and Pay's webhook URL exists before its credentials (seed SP1). */
    status: text('status', { enum: ['pending', 'connected', 'disconnected'] }).notNull(),
    mode: text('mode', { enum: ['live', 'test'] }),
    /** Mercado Pago: the account's country (BR, CO, MX, AR). */
    country: text('country'),
    /** The gateway's own id for the account: Mercado Pago user id, Secure and Pay site id. */
    externalAccountId: text('external_account_id'),
    /** Non-secret credentials shown back to the merchant (Mercado Pago public key, Secure and Pay site id). */
    publicCredentials: jsonb('public_credentials').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    connectedAt: timestamp('connected_at', { withTimezone: true }),
    disconnectedAt: timestamp('disconnected_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('gateway_accounts_one_active_idx')
      .on(table.merchantId, table.gateway)
      .where(sql`${table.status} <> 'disconnected'`),
  ],
);
export type GatewayAccount = typeof gatewayAccounts.$inferSelect;

/** Secrets, encrypted with AES-256-GCM under CREDENTIALS_KEY; `keyId` names the key so it can be rotated. */
export const gatewaySecrets = pgTable(
  'gateway_secrets',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    name: text('name', { enum: ['accessToken', 'apiSecret', 'webhookSecret'] }).notNull(),
    keyId: text('key_id').notNull(),
    ciphertext: text('ciphertext').notNull(),
    /** The last 4 characters, for the mask the merchant sees. */
    last4: text('last4').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.name] })],
);
export type GatewaySecret = typeof gatewaySecrets.$inferSelect;
export type SecretName = GatewaySecret['name'];

/** Who connected, updated or disconnected what, and when. Field names only, never a secret's value. */
export const gatewayAuditLog = pgTable(
  'gateway_audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action', { enum: ['connected', 'credentials_updated', 'disconnected'] }).notNull(),
    changes: jsonb('changes').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('gateway_audit_log_account_idx').on(table.accountId, table.createdAt)],
);

/**
 * The webhook inbox: every notification a gateway sent us that passed verification (or, for Mercado Pago without
 * a webhook secret and for legacy IPN, that we stored as unverified), written before we answer 2xx. The raw body
 * and the headers that matter are kept exactly as received, so processing can be re-run and audited later.
 * `dedupeKey` is unique per account: a gateway's redelivery of the same notification is a no-op insert.
 * The worker claims rows with `FOR UPDATE SKIP LOCKED` (lib/webhooks/worker.ts); while one is being processed,
 * `nextAttemptAt` is its lease, after which another worker may take it again (the first one crashed).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    gateway: text('gateway', { enum: GATEWAY_IDS }).notNull(),
    /** webhook: the gateway's current, signed channel; ipn: Mercado Pago's legacy `?topic=&id=` hint. */
    channel: text('channel', { enum: ['webhook', 'ipn'] }).notNull(),
    verification: text('verification', { enum: ['verified', 'unverified'] }).notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** The gateway's id for the notification (Mercado Pago's notification `id`, Secure and Pay's `evt_…`). */
    eventId: text('event_id'),
    /** What the notification is about: Mercado Pago `data.id`, Secure and Pay's payment or subscription id. */
    resourceId: text('resource_id'),
    /** Mercado Pago `type` (or IPN `topic`); Secure and Pay `type`. */
    type: text('type').notNull(),
    /** Mercado Pago `action` (e.g. payment.updated); null when the gateway sends none. */
    action: text('action'),
    /** When the gateway says the event happened (its own clock); order events by this, not by arrival. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }),
    rawBody: text('raw_body').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    /** The request's query string without the leading `?` (Mercado Pago puts `data.id` and `type` there). */
    query: text('query').notNull().default(''),
    /**
     * pending: waiting for a worker; processing: claimed (leased until nextAttemptAt); processed: done;
     * received: recorded, no processor acts on it yet; ignored: a type we acknowledge and do not process;
     * failed: gave up after the last retry (stays visible).
     */
    status: text('status', { enum: ['pending', 'processing', 'processed', 'received', 'ignored', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** What processing did, in words the merchant can read. */
    result: text('result'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('webhook_events_account_dedupe_idx').on(table.accountId, table.dedupeKey),
    index('webhook_events_account_received_idx').on(table.accountId, table.receivedAt),
    index('webhook_events_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} in ('pending', 'processing')`),
  ],
);
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type NewWebhookEvent = typeof webhookEvents.$inferInsert;
export type WebhookEventStatus = WebhookEvent['status'];

/**
 * Requests refused at the door (bad or missing signature, no key yet, a body not in the gateway's shape), counted
 * per account and reason. Only counts: a refused body is not trusted enough to keep, and counting cannot be used
 * to fill the database. The merchant sees these, so a wrongly pasted secret shows up.
 */
export const webhookRejections = pgTable(
  'webhook_rejections',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    reason: text('reason', {
      enum: ['missing_signature', 'malformed_signature', 'bad_signature', 'stale_signature', 'no_key', 'site_mismatch', 'invalid_body'],
    }).notNull(),
    count: integer('count').notNull().default(0),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.reason] })],
);
export type WebhookRejectionReason = (typeof webhookRejections.$inferSelect)['reason'];
