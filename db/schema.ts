// The database schema. Row types are derived from it (`$inferSelect`), never written by hand.
import { sql } from 'drizzle-orm';
import { GATEWAY_IDS } from '@/lib/gateways/ids';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
