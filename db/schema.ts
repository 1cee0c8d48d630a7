// The database schema. Row types are derived from it (`$inferSelect`), never written by hand.
import { sql } from 'drizzle-orm';
import type { GatewayId } from '@/core/gateway-ids';
import type { Locale } from '@/core/locales';
import { PAYMENT_STATUSES, SUBSCRIPTION_STATUSES } from '@/core/payment-status';
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** Stored lower-cased, so sign-in is case-insensitive and one address is one account. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  image: text('image'),
  /** When the merchant proved the address (the link in the verification email); null until then. */
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  /**
   * Sessions carry the version they were issued under; sign-out, a password change or reset, and "Sign out
   * everywhere" raise it, which ends every session issued before at once (checked on each request).
   */
  sessionVersion: integer('session_version').notNull().default(0),
  /** The language the dashboard and the merchant's emails are in (core/locales.ts); from the browser at sign-up. */
  locale: text('locale').$type<Locale>().notNull().default('en'),
  /** IANA zone every date in the dashboard and the merchant's emails is shown in; from the browser at sign-up. */
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type User = typeof users.$inferSelect;

/**
 * Single-use links sent by email: verify an address, reset a password. Only the SHA-256 of the token is kept, so
 * a copy of the database opens nothing; a token expires, and is used once.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify_email', 'reset_password'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('account_tokens_user_purpose_idx').on(table.userId, table.purpose), index('account_tokens_expires_idx').on(table.expiresAt)],
);

/**
 * Abuse limits that hold across app instances (lib/rate-limit): one row per counted key (e.g. `sign-in:ip:…`),
 * counted atomically by an upsert; a row whose window has passed starts again at 1, and is purged later.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    points: integer('points').notNull(),
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('rate_limits_reset_at_idx').on(table.resetAt)],
);

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
    gateway: text('gateway').$type<GatewayId>().notNull(),
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
    /**
     * After the gateway answered 429 for the account, no instance claims its notifications before this (the
     * Retry-After, on the database's clock); null or past: not paused. The worker that met the 429 writes it, every
     * instance's claim reads it (db/queries/webhook-events.ts, claimDueEventsFairly).
     */
    claimsPausedUntil: timestamp('claims_paused_until', { withTimezone: true }),
    /**
     * How many of the account's notifications were ever claimed for processing. Every claim adds what it took, so a
     * claim that finds it higher than its own snapshot said knows another instance took some of the account's in
     * between, which that snapshot cannot count as in flight (claimDueEventsFairly).
     */
    eventsClaimed: bigint('events_claimed', { mode: 'number' }).notNull().default(0),
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
    /** The gateway's own name for the secret (its catalog's credential fields, e.g. accessToken, apiSecret). */
    name: text('name').notNull(),
    keyId: text('key_id').notNull(),
    ciphertext: text('ciphertext').notNull(),
    /** The last 4 characters, for the mask the merchant sees. */
    last4: text('last4').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.name] })],
);
export type GatewaySecret = typeof gatewaySecrets.$inferSelect;

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
 *
 * Partitioned by month (`receivedMonth`, PostgreSQL declarative partitioning; migration 0013, docs/inbox-partitions.md):
 * retention drops a whole month at once, and the current month's indexes are the only ones that take inserts. Drizzle
 * does not declare partitioning; the migration does, and `db/queries/inbox-partitions.ts` keeps the months ahead.
 * A partitioned table's unique indexes include the partition key, so the primary key is (id, receivedMonth) and a
 * redelivery is recognised within the month it first arrived and the next one (storeNotification).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').notNull().defaultRandom(),
    /**
     * The first day (UTC) of the month of `receivedAt`: the partition key. Set with `receivedAt` (storeNotification);
     * the default is the current month, right for a row whose `receivedAt` is also left to its default.
     */
    receivedMonth: date('received_month', { mode: 'string' })
      .notNull()
      .default(sql`(date_trunc('month', now() at time zone 'utc'))::date`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    gateway: text('gateway').$type<GatewayId>().notNull(),
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
     * rejected: about a resource of another gateway account, nothing changed;
     * failed: gave up after the last retry (stays visible).
     */
    status: text('status', { enum: ['pending', 'processing', 'processed', 'received', 'ignored', 'rejected', 'failed'] })
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
    primaryKey({ name: 'webhook_events_pkey', columns: [table.id, table.receivedMonth] }),
    uniqueIndex('webhook_events_account_dedupe_idx').on(table.accountId, table.dedupeKey, table.receivedMonth),
    // Finds an unsigned hint (IPN, unverified notification) still waiting for the same account, topic and resource:
    // storing another would add nothing but a read with the merchant's token (storeNotification). Not unique: a
    // retry or a Reprocess puts an event back to pending whatever else waits, and must never fail for it.
    index('webhook_events_pending_hint_idx')
      .on(table.accountId, table.type, table.resourceId)
      .where(sql`${table.status} = 'pending' and ${table.verification} = 'unverified'`),
    // The Notifications inbox, newest first, a page at a time: (received_at, id) is its order and its keyset cursor
    // (db/queries/keyset.ts), so a page is a short walk of this index however deep it is (docs/scale-plans.md).
    index('webhook_events_account_received_id_idx').on(table.accountId, table.receivedAt, table.id),
    // A payment's or subscription's own notifications (its detail page): without it, a read of the whole inbox.
    index('webhook_events_account_resource_idx').on(table.accountId, table.resourceId),
    index('webhook_events_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} in ('pending', 'processing')`),
    // One account's queue in time order: its due events for the claim, and what it has in flight (processing, lease
    // not run out), which every claim counts per account (claimDueEventsFairly).
    index('webhook_events_account_due_idx')
      .on(table.accountId, table.nextAttemptAt)
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

/**
 * A price the merchant sells (one-time or subscription), taken through one connected gateway account. Amounts
 * are integers in the currency's minor units (as Mercado Pago accepts them: COP has none). Archived prices keep
 * their history; a price whose gateway account was disconnected stays and is shown as unavailable.
 */
export const prices = pgTable(
  'prices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The public payment page is /pay/<slug>. */
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    kind: text('kind', { enum: ['one_time', 'subscription'] }).notNull(),
    /** Subscriptions only: Secure and Pay counts in days only (seed SP6); Mercado Pago in days or months. */
    intervalUnit: text('interval_unit', { enum: ['days', 'months'] }),
    intervalCount: integer('interval_count'),
    gateway: text('gateway').$type<GatewayId>().notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('prices_merchant_idx').on(table.merchantId, table.createdAt)],
);
export type Price = typeof prices.$inferSelect;

/**
 * A price's previous slugs: its payment page's old URLs (shared links, printed QR codes, a gateway's return URL)
 * redirect to its current one. An old slug stays its price's for good: another price cannot take it, so a shared
 * link never leads to someone else's page; its own price may take it back (the row is then removed).
 */
export const priceSlugs = pgTable(
  'price_slugs',
  {
    slug: text('slug').primaryKey(),
    priceId: uuid('price_id')
      .notNull()
      .references(() => prices.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('price_slugs_price_idx').on(table.priceId)],
);

/**
 * A customer's order on a payment page: stored (pending) before the gateway's checkout is created, so a gateway
 * error leaves it retryable, and `submissionKey` (one per page load) makes a double submit one order.
 * Our order id is the `external_reference` the gateway carries back in its notifications.
 */
export const orders = pgTable('orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  merchantId: uuid('merchant_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  priceId: uuid('price_id')
    .notNull()
    .references(() => prices.id, { onDelete: 'cascade' }),
  accountId: uuid('account_id')
    .notNull()
    .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
  submissionKey: text('submission_key').notNull().unique(),
  status: text('status', { enum: ['pending', 'checkout_created', 'paid', 'failed'] }).notNull().default('pending'),
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  customerEmail: text('customer_email').notNull(),
  customerFirstName: text('customer_first_name').notNull(),
  customerLastName: text('customer_last_name').notNull(),
  taxIdType: text('tax_id_type'),
  taxIdNumber: text('tax_id_number'),
  checkoutId: text('checkout_id'),
  checkoutUrl: text('checkout_url'),
  lastError: text('last_error'),
  /**
   * When reconciliation next asks the gateway about this order (its checkout started, no final payment is known);
   * null once the order is settled or the schedule has run out. `reconcileRound` counts the checks made.
   */
  reconcileAt: timestamp('reconcile_at', { withTimezone: true }),
  reconcileRound: integer('reconcile_round').notNull().default(0),
  lastReconciledAt: timestamp('last_reconciled_at', { withTimezone: true }),
  /**
   * What the return page last learned from the gateway for this order, and when: later visits within a short
   * time reuse it instead of calling the gateway again (each visit would otherwise spend the merchant's quota).
   */
  returnOutcome: text('return_outcome'),
  returnCheckedAt: timestamp('return_checked_at', { withTimezone: true }),
  /** The language the customer checked out in: emails to them about this order and what follows use it. */
  locale: text('locale').$type<Locale>().notNull().default('en'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  index('orders_reconcile_due_idx').on(table.reconcileAt).where(sql`${table.reconcileAt} is not null`),
  // The overview's setup checklist asks whether a merchant has any order (migration 0010): without it, a new
  // merchant's home page would read the whole orders table.
  index('orders_merchant_created_idx').on(table.merchantId, table.createdAt),
]);
export type Order = typeof orders.$inferSelect;

/** A payment as the gateway reports it (for Mercado Pago: fetched from its API, never taken from a notification body). */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    gateway: text('gateway').$type<GatewayId>().notNull(),
    gatewayPaymentId: text('gateway_payment_id').notNull(),
    /** Our order id when the payment came from a payment page (the gateway's external_reference / reference). */
    reference: text('reference'),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    subscriptionId: uuid('subscription_id'),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    statusDetail: text('status_detail'),
    /** How much of the amount has been given back so far (Mercado Pago's transaction_amount_refunded), minor units. */
    refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull().default(0),
    paymentMethodType: text('payment_method_type'),
    /** The gateway's id of the method (Mercado Pago payment_method_id: pix, bolbradesco, visa…). */
    paymentMethodId: text('payment_method_id'),
    payerEmail: text('payer_email'),
    payerName: text('payer_name'),
    gatewayCreatedAt: timestamp('gateway_created_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    gatewayUpdatedAt: timestamp('gateway_updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('payments_account_gateway_id_idx').on(table.accountId, table.gatewayPaymentId),
    // The Payments list's order and keyset cursor (created_at, id); the status filter has its own, in the same order.
    index('payments_merchant_created_id_idx').on(table.merchantId, table.createdAt, table.id),
    index('payments_merchant_status_created_id_idx').on(table.merchantId, table.status, table.createdAt, table.id),
    // The list's substring search (ILIKE '%…%') on pg_trgm trigram indexes (extension created in migration 0011).
    index('payments_payer_email_trgm_idx').using('gin', sql`${table.payerEmail} gin_trgm_ops`),
    index('payments_payer_name_trgm_idx').using('gin', sql`${table.payerName} gin_trgm_ops`),
    index('payments_reference_trgm_idx').using('gin', sql`${table.reference} gin_trgm_ops`),
  ],
);
export type Payment = typeof payments.$inferSelect;

/**
 * The overview's rollup (README "Overview"): what a merchant's payments add up to per currency and quarter hour
 * (UTC) of the payment's `created_at` (when we recorded it, the date the payments list shows). Quarter hours, so
 * that a day in any zone, UTC+5:30 and +5:45 included, is a whole number of buckets. Kept exact in the same
 * transaction as every change of a payment (core/payment-totals.ts, db/queries/overview.ts): its old contribution
 * subtracted, its new one added. Approved = status `approved` (a partial refund keeps it approved) at its amount net
 * of `refunded_minor`; failed = rejected or cancelled. Rows that fall back to zero stay (harmless).
 */
export const paymentTotals = pgTable(
  'payment_totals',
  {
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    /** The start of the quarter hour, UTC. */
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    approvedMinor: bigint('approved_minor', { mode: 'number' }).notNull().default(0),
    approvedCount: integer('approved_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.merchantId, table.currency, table.bucket] })],
);

/** Each refund of a payment, as the gateway lists it (Mercado Pago: GET /v1/payments/{id}/refunds). */
export const paymentRefunds = pgTable(
  'payment_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    gatewayRefundId: text('gateway_refund_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    gatewayCreatedAt: timestamp('gateway_created_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('payment_refunds_gateway_id_idx').on(table.paymentId, table.gatewayRefundId)],
);
export type PaymentRefund = typeof paymentRefunds.$inferSelect;

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    gateway: text('gateway').$type<GatewayId>().notNull(),
    gatewaySubscriptionId: text('gateway_subscription_id').notNull(),
    reference: text('reference'),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    intervalUnit: text('interval_unit', { enum: ['days', 'months'] }).notNull(),
    intervalCount: integer('interval_count').notNull(),
    nextPaymentAt: timestamp('next_payment_at', { withTimezone: true }),
    payerEmail: text('payer_email'),
    /** Secure and Pay (seed SP7): when a charge failed; cancelled by us if nothing is paid within 30 days. */
    pastDueSince: timestamp('past_due_since', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    gatewayUpdatedAt: timestamp('gateway_updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('subscriptions_account_gateway_id_idx').on(table.accountId, table.gatewaySubscriptionId),
    // As payments: the list's order and cursor, the status filter, the substring search (docs/scale-plans.md).
    index('subscriptions_merchant_created_id_idx').on(table.merchantId, table.createdAt, table.id),
    index('subscriptions_merchant_status_created_id_idx').on(table.merchantId, table.status, table.createdAt, table.id),
    index('subscriptions_payer_email_trgm_idx').using('gin', sql`${table.payerEmail} gin_trgm_ops`),
    index('subscriptions_reference_trgm_idx').using('gin', sql`${table.reference} gin_trgm_ops`),
  ],
);
export type Subscription = typeof subscriptions.$inferSelect;

/** Each charge attempt of a subscription (Mercado Pago: an authorized payment, with its own retry attempt). */
export const subscriptionCharges = pgTable(
  'subscription_charges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    gatewayChargeId: text('gateway_charge_id').notNull(),
    attempt: integer('attempt').notNull().default(1),
    status: text('status').notNull(),
    statusDetail: text('status_detail'),
    /** The installment's own state as the gateway reports it (Mercado Pago: scheduled, recycling, processed, cancelled). */
    installmentStatus: text('installment_status'),
    paymentMethodType: text('payment_method_type'),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    chargedAt: timestamp('charged_at', { withTimezone: true }),
    nextRetryAt: timestamp('next_retry_at', { withTimezone: true }),
    gatewayUpdatedAt: timestamp('gateway_updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Mercado Pago retries one authorized payment (same id) with a rising retry_attempt: each attempt is its own row.
  (table) => [uniqueIndex('subscription_charges_attempt_idx').on(table.subscriptionId, table.gatewayChargeId, table.attempt)],
);
export type SubscriptionCharge = typeof subscriptionCharges.$inferSelect;

/** Each change of a payment's or subscription's status, recorded once, with the notification that caused it. */
export const statusHistory = pgTable(
  'status_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entityType: text('entity_type', { enum: ['payment', 'subscription'] }).notNull(),
    entityId: uuid('entity_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** The status detail that came with the change (a same-status entry is a change of detail: partially_refunded). */
    detail: text('detail'),
    /** What told us: a notification (webhookEventId), reconciliation's scheduled check, or the merchant's Check now. */
    source: text('source', { enum: ['notification', 'reconciliation', 'check_now'] }).notNull().default('notification'),
    /**
     * The notification's id. Not a foreign key: the inbox is partitioned (its key includes the month) and retention
     * drops old months whole, so an old entry may name a notification that is no longer kept.
     */
    webhookEventId: uuid('webhook_event_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('status_history_entity_idx').on(table.entityType, table.entityId, table.at),
    uniqueIndex('status_history_once_idx')
      .on(table.entityType, table.entityId, table.toStatus, table.fromStatus, sql`coalesce(${table.detail}, '')`)
      .where(sql`${table.fromStatus} is not null`),
  ],
);

/**
 * What the merchant should know about (the bell in the top bar): a failed payment, a cancelled subscription,
 * credentials the gateway refused, notifications failing verification. `dedupeKey` (unique per merchant) makes
 * each alert happen once however often the event behind it is processed; `params` fill the message text.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: [
        'payment_failed',
        'installment_failed',
        'payment_disputed',
        'payment_charged_back',
        'subscription_cancelled',
        'credentials_rejected',
        'verification_failing',
        'notification_missed',
        'reconciliation_mismatch',
        'order_mismatch',
        // Issue 15: checkouts started and no notification for hours (lib/gateways/health.ts). A text column: a new
        // value needs no migration (no CHECK constraint exists on it).
        'notifications_silent',
      ],
    }).notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    accountId: uuid('account_id').references(() => gatewayAccounts.id, { onDelete: 'cascade' }),
    /** Where the merchant can see more (a payment's or subscription's page, a gateway's notifications). */
    href: text('href'),
    params: jsonb('params').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('alerts_merchant_dedupe_idx').on(table.merchantId, table.dedupeKey),
    index('alerts_merchant_created_idx').on(table.merchantId, table.createdAt),
    // The unread ones, newest first (the overview's latest unread alerts, the bell's count; migration 0010), however
    // many read alerts a merchant has.
    index('alerts_merchant_unread_idx').on(table.merchantId, table.createdAt).where(sql`${table.readAt} is null`),
  ],
);
export type Alert = typeof alerts.$inferSelect;
export type AlertKind = Alert['kind'];

/**
 * Every email the platform writes, to the merchant or to a customer. With SMTP_URL set they are sent from here
 * (queued → sent, a failed send retried by the scheduler, failed after the last try); without it they stay here
 * as `kept`, and the merchant reads them under Settings → Emails. `dedupeKey` is globally unique: an email is
 * written, and so sent, once even when the event behind it is processed twice. While a sender works on a queued
 * email, `nextAttemptAt` is its lease.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull().unique(),
    audience: text('audience', { enum: ['merchant', 'customer'] }).notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['queued', 'sent', 'failed', 'kept'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('email_outbox_merchant_created_idx').on(table.merchantId, table.createdAt),
    index('email_outbox_due_idx').on(table.nextAttemptAt).where(sql`${table.status} = 'queued'`),
  ],
);
export type OutboxEmail = typeof emailOutbox.$inferSelect;
