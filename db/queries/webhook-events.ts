// The owner of the webhook inbox (`webhook_events`, `webhook_rejections`): what the route stores before it answers
// (one prepared statement each), how the worker claims and completes events (lib/webhooks/worker.ts), and what a
// merchant may see of them — only events of their own accounts (the merchant id comes from the session and every
// query filters on the merchant's own accounts), as small DTOs.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, lte, notInArray, sql } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { gatewayAccounts, gatewaySecrets, webhookEvents, webhookRejections, type GatewayAccount, type WebhookEvent, type WebhookRejectionReason } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';
import type { SealedSecret } from './gateway-secrets';
import { beyond, cappedCount, COUNT_CAP, keysetPage, type CappedCount, type ListCursor, type PageLinks } from './keyset';
import { rowsOf } from '@/db/rows';

export const NOTIFICATIONS_PAGE_SIZE = 20;

export type NotificationRow = Pick<
  WebhookEvent,
  'id' | 'receivedAt' | 'channel' | 'type' | 'action' | 'resourceId' | 'verification' | 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'result' | 'rawBody'
>;

export type RejectionCount = { reason: WebhookRejectionReason; count: number; lastAt: Date };

export type NotificationsPage = {
  events: NotificationRow[];
  /** Stops at COUNT_CAP. */
  count: CappedCount;
  links: PageLinks;
  rejections: RejectionCount[];
};

/** Paging and count sizes; tests make them small. */
export type NotificationsLimits = { pageSize: number; countCap: number };

/**
 * The notifications of every account the merchant has (or had) with this gateway, newest first, a page at a time
 * (keyset: `cursor`): reconnecting makes a new account, and the history of the old one stays visible.
 *
 * The merchant's accounts are read first and the inbox is then asked by account id, one query per account on the
 * (account_id, received_at, id) index, merged here: filtered through a join to gateway_accounts, PostgreSQL could not
 * use that index and read the whole inbox (a parallel seq scan, 1.5 s at 2M notifications). A merchant has one
 * account per gateway, and one more per reconnection.
 */
export async function listNotifications(
  merchantId: string,
  gateway: GatewayId,
  cursor?: ListCursor,
  limits: NotificationsLimits = { pageSize: NOTIFICATIONS_PAGE_SIZE, countCap: COUNT_CAP },
): Promise<NotificationsPage> {
  const db = await getDb();
  const owned = and(eq(gatewayAccounts.merchantId, merchantId), eq(gatewayAccounts.gateway, gateway));
  const [accounts, rejections] = await Promise.all([
    db.select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(owned),
    db
      .select({
        reason: webhookRejections.reason,
        count: sql<number>`cast(sum(${webhookRejections.count}) as integer)`,
        lastAt: sql<Date>`max(${webhookRejections.lastAt})`.mapWith(webhookRejections.lastAt),
      })
      .from(webhookRejections)
      .innerJoin(gatewayAccounts, eq(webhookRejections.accountId, gatewayAccounts.id))
      .where(owned)
      .groupBy(webhookRejections.reason)
      .orderBy(webhookRejections.reason),
  ]);
  const accountIds = accounts.map((account) => account.id);
  if (accountIds.length === 0) return { events: [], count: cappedCount(0), links: {}, rejections };
  const counting = db
    .select({ total: count() })
    .from(db.select({ one: sql`1` }).from(webhookEvents).where(inArray(webhookEvents.accountId, accountIds)).limit(limits.countCap + 1).as('capped'));
  const paging = keysetPage({
    pageSize: limits.pageSize,
    cursor,
    locate: async (id) => {
      const [row] = await db
        .select({ at: sql<string>`${webhookEvents.receivedAt}::text`, id: webhookEvents.id })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.id, id), inArray(webhookEvents.accountId, accountIds)));
      return row;
    },
    fetch: async (past, order, limit) => {
      const perAccount = await Promise.all(
        accountIds.map((accountId) =>
          db
            .select({
              id: webhookEvents.id,
              receivedAt: webhookEvents.receivedAt,
              // The exact time, for merging accounts in the database's order (a Date keeps milliseconds only).
              receivedAtMicros: sql<number>`(extract(epoch from ${webhookEvents.receivedAt}) * 1000000)::bigint`.mapWith(Number),
              channel: webhookEvents.channel,
              type: webhookEvents.type,
              action: webhookEvents.action,
              resourceId: webhookEvents.resourceId,
              verification: webhookEvents.verification,
              status: webhookEvents.status,
              attempts: webhookEvents.attempts,
              nextAttemptAt: webhookEvents.nextAttemptAt,
              lastError: webhookEvents.lastError,
              result: webhookEvents.result,
              rawBody: webhookEvents.rawBody,
            })
            .from(webhookEvents)
            .where(and(eq(webhookEvents.accountId, accountId), past ? beyond(webhookEvents.receivedAt, webhookEvents.id, past.position, past.direction) : undefined))
            .orderBy(...(order === 'newest' ? [desc(webhookEvents.receivedAt), desc(webhookEvents.id)] : [asc(webhookEvents.receivedAt), asc(webhookEvents.id)]))
            .limit(limit),
        ),
      );
      const sign = order === 'newest' ? -1 : 1;
      return perAccount
        .flat()
        .sort((a, b) => sign * (a.receivedAtMicros - b.receivedAtMicros || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
        .slice(0, limit);
    },
  });
  const [[totals], page] = await Promise.all([counting, paging]);
  const events: NotificationRow[] = page.rows.map(({ receivedAtMicros: _exact, ...event }) => event);
  return { events, count: cappedCount(totals?.total ?? 0, limits.countCap), links: page.links, rejections };
}

/**
 * Reprocess: puts one of the merchant's stored notifications back in the queue, due now. Safe to repeat: the
 * processors' effects are idempotent. Returns false when the event is not the merchant's or is already queued.
 */
export async function requeueNotification(merchantId: string, eventId: string): Promise<boolean> {
  // A uuid, strictly: a 36-character string of dashes would reach PostgreSQL and fail there (a 500 for the action).
  if (typeof eventId !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId)) return false;
  const db = await getDb();
  const owned = db
    .select({ id: gatewayAccounts.id })
    .from(gatewayAccounts)
    .where(eq(gatewayAccounts.merchantId, merchantId));
  const updated = await db
    .update(webhookEvents)
    .set({ status: 'pending', nextAttemptAt: new Date(), lastError: null })
    .where(and(eq(webhookEvents.id, eventId), inArray(webhookEvents.accountId, owned), notInArray(webhookEvents.status, ['pending', 'processing'])))
    .returning({ id: webhookEvents.id });
  return updated.length > 0;
}

// ---- The door: what the webhook route does before it answers ----

export type WebhookAccountRow = {
  id: string;
  status: GatewayAccount['status'];
  externalAccountId: string | null;
  /** The sealed signing secret, when stored. */
  secret: SealedSecret | null;
};

// The account lookup every notification runs is prepared once per database connection pool: building SQL with the
// query builder on each request costs more CPU than the route's own work. (The insert is plain SQL, which
// postgres.js prepares by its text once per connection.)
function prepareStatements(db: Database) {
  const lookup = db
    .select({
      id: gatewayAccounts.id,
      status: gatewayAccounts.status,
      externalAccountId: gatewayAccounts.externalAccountId,
      keyId: gatewaySecrets.keyId,
      ciphertext: gatewaySecrets.ciphertext,
    })
    .from(gatewayAccounts)
    .leftJoin(gatewaySecrets, and(eq(gatewaySecrets.accountId, gatewayAccounts.id), eq(gatewaySecrets.name, sql.placeholder('secretName'))))
    .where(and(eq(gatewayAccounts.publicId, sql.placeholder('publicId')), eq(gatewayAccounts.gateway, sql.placeholder('gateway'))))
    .limit(1)
    .prepare('webhook_account_lookup');
  const pendingHint = db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.accountId, sql.placeholder('accountId')),
        eq(webhookEvents.type, sql.placeholder('type')),
        eq(webhookEvents.resourceId, sql.placeholder('resourceId')),
        eq(webhookEvents.status, 'pending'),
        eq(webhookEvents.verification, 'unverified'),
      ),
    )
    .limit(1)
    .prepare('webhook_event_pending_hint');
  return { lookup, pendingHint };
}

const prepared = new WeakMap<Database, ReturnType<typeof prepareStatements>>();

function statements(db: Database) {
  let found = prepared.get(db);
  if (!found) {
    found = prepareStatements(db);
    prepared.set(db, found);
  }
  return found;
}

/** The account behind /api/webhooks/<gateway>/<publicId>, with its sealed signing secret, in one query. */
export async function findWebhookAccount(
  db: Database,
  gateway: GatewayId,
  publicId: string,
  secretName: string,
): Promise<WebhookAccountRow | undefined> {
  const [row] = await statements(db).lookup.execute({ gateway, publicId, secretName });
  if (!row) return undefined;
  const secret = row.keyId !== null && row.ciphertext !== null ? { keyId: row.keyId, ciphertext: row.ciphertext } : null;
  return { id: row.id, status: row.status, externalAccountId: row.externalAccountId, secret };
}

/** A notification that passed its gateway's check at the door (lib/webhooks/types.ts), with the raw request. */
export type AcceptedNotification = {
  channel: 'webhook' | 'ipn';
  verification: 'verified' | 'unverified';
  /** Unique per account: the same notification delivered again has the same key. */
  dedupeKey: string;
  eventId: string | null;
  resourceId: string | null;
  type: string;
  action: string | null;
  occurredAt: Date | null;
};

export type InboxEntry = AcceptedNotification & {
  accountId: string;
  gateway: GatewayId;
  rawBody: string;
  headers: Record<string, string>;
  query: string;
  receivedAt: Date;
};

/**
 * One insert; a redelivery (same account and dedupe key) inserts nothing. Either way the notification is on disk
 * when this resolves, which is what a 2xx promises the gateway. The new event is due at once (`receivedAt`).
 *
 * An unsigned hint (IPN, unverified notification) about a resource that already has a hint waiting in the queue
 * is not stored again: it says nothing the waiting one does not, and each would cost a read with the merchant's
 * token (issue 12: three identical IPNs made three rows and three reads). Once the waiting one is taken, the next
 * hint is stored (it may follow a later change). Two hints at the same instant may both be stored: harmless.
 */
export async function storeNotification(db: Database, entry: InboxEntry): Promise<'stored' | 'duplicate'> {
  if (entry.verification === 'unverified' && entry.resourceId !== null) {
    const waiting = await statements(db).pendingHint.execute({ accountId: entry.accountId, type: entry.type, resourceId: entry.resourceId });
    if (waiting.length > 0) return 'duplicate';
  }
  const receivedAt = entry.receivedAt.toISOString();
  const month = monthOf(entry.receivedAt);
  // The dedupe index is per month (the inbox is partitioned by month, migration 0013): ON CONFLICT catches a
  // redelivery within the month, NOT EXISTS one of a notification first stored last month. Mercado Pago retries an
  // unanswered notification within minutes to hours (GATEWAYS.md); a copy arriving later still would be stored again,
  // which is harmless: processing reads the resource's current state and records only what changed.
  const inserted = await db.execute(sql`
    insert into ${webhookEvents} (id, received_month, account_id, gateway, channel, verification, dedupe_key, event_id,
      resource_id, type, action, occurred_at, raw_body, headers, query, status, received_at, next_attempt_at)
    select ${timeOrderedId(entry.receivedAt.getTime())}::uuid, ${month}::date, ${entry.accountId}::uuid, ${entry.gateway},
      ${entry.channel}, ${entry.verification}, ${entry.dedupeKey}, ${entry.eventId}, ${entry.resourceId}, ${entry.type},
      ${entry.action}, ${entry.occurredAt?.toISOString() ?? null}::timestamptz, ${entry.rawBody},
      ${JSON.stringify(entry.headers)}::jsonb, ${entry.query}, 'pending', ${receivedAt}::timestamptz, ${receivedAt}::timestamptz
    where not exists (
      select 1 from ${webhookEvents}
      where account_id = ${entry.accountId}::uuid and dedupe_key = ${entry.dedupeKey} and received_month = ${previousMonthOf(entry.receivedAt)}::date
    )
    on conflict (account_id, dedupe_key, received_month) do nothing
    returning id`);
  return rowsOf(inserted).length > 0 ? 'stored' : 'duplicate';
}

/** The inbox's partition key for a time: the first day (UTC) of its month, as `YYYY-MM-DD`. */
export function monthOf(at: Date): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

function previousMonthOf(at: Date): string {
  return monthOf(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1)));
}

/**
 * A UUIDv7 (RFC 9562 §5.7): the Unix time in milliseconds in the first 48 bits, then random bits. Notifications
 * arrive in time order, so their primary-key entries go to the right edge of the index instead of to a random page of
 * it. With random (v4) ids and 2M notifications stored, each insert dirtied a page of the key's index no recent insert
 * had, and the first change to a page after a checkpoint writes the whole page to the WAL: 5,000 inserts wrote 31 MB
 * of WAL with v4 ids and 8.8 MB with ordered ones (docs/scale-plans.md).
 */
export function timeOrderedId(unixMs: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(unixMs, 0, 6);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x70, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function countRejection(db: Database, accountId: string, reason: WebhookRejectionReason, now: Date): Promise<void> {
  await db
    .insert(webhookRejections)
    .values({ accountId, reason, count: 1, firstAt: now, lastAt: now })
    .onConflictDoUpdate({
      target: [webhookRejections.accountId, webhookRejections.reason],
      set: { count: sql`${webhookRejections.count} + 1`, lastAt: now },
    });
}

// ---- The queue: claims and completions (lib/webhooks/worker.ts) ----

/**
 * Claims up to `limit` due events: pending ones whose time has come, and processing ones whose lease ran out. A claim
 * raises `attempts`, which is its token: every later write of that worker is fenced on it (extendClaim,
 * recordCompletions), so once another worker has taken an event over, the first one can change nothing of it.
 */
export async function claimDueEvents(db: Database, options: { now: Date; limit: number; leaseMs: number }): Promise<WebhookEvent[]> {
  const due = db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(inArray(webhookEvents.status, ['pending', 'processing']), lte(webhookEvents.nextAttemptAt, options.now)))
    .orderBy(webhookEvents.nextAttemptAt)
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db
    .update(webhookEvents)
    .set({
      status: 'processing',
      attempts: sql`${webhookEvents.attempts} + 1`,
      nextAttemptAt: new Date(options.now.getTime() + options.leaseMs),
    })
    .where(inArray(webhookEvents.id, due))
    .returning();
}

/**
 * Claims up to `limit` due events for a worker that runs them side by side (lib/webhooks/worker.ts), fairly across
 * gateway accounts, and never more of one account's than `perAccount` in flight in all instances together:
 * - an account's room is `perAccount` less what it has in flight in any process (processing, lease not run out;
 *   an event whose lease ran out is due again, not in flight), and no more than `caps` says for it (this worker's own
 *   free slots for an account it is busy with or slowing down, 0 to leave it out);
 * - an account paused after a 429 (`gateway_accounts.claims_paused_until`, see pauseAccountClaims) is left out,
 *   whichever instance met the 429;
 * - when the rooms add up to more than `limit`, every account's first ones come before anyone's second ones,
 *   counting what each already has in flight: an account with two running offers its next one as its third. So a
 *   merchant with 600 notifications queued takes its share, and another merchant's single one is claimed in the same
 *   round, also when slots free up one at a time (a claim of one slot would otherwise always go to the older backlog).
 * Each account's events are locked with SKIP LOCKED in its own lateral subquery (the oldest due first), so claimers
 * in other processes never take the same events; the claim is the same token as claimDueEvents'.
 *
 * Two instances claiming the same account at the same instant: each statement counts what is in flight in its own
 * snapshot, taken when it started, so neither sees what the other is taking, and both could fill the whole room
 * (measured with the count alone on PostgreSQL: 26 of 30 simultaneous pairs took more than the limit together). A
 * transaction-scoped advisory lock per account would not close this in one statement: the snapshot is older than the
 * lock, so the claimer that waited still counts without the other's claim. What closes it is the account's row:
 * every claim adds what it took to `events_claimed`, and locks the row before it settles how many to take (the rows
 * of the accounts it picked from, in id order, so claimers never wait on each other in a cycle). A locked row is
 * read as it is now, not as the snapshot saw it, so a claimer that finds the number higher than its snapshot did
 * knows how many the others took since, and takes that many fewer (what the others finished meanwhile it does not
 * see: it errs on the side of fewer, until its next claim). The cost is a
 * row lock and a small update of the claimed accounts' rows per claim, and a claimer waits for another one's claim
 * of the same account to commit (a few ms). claimDueEvents (runWorkerOnce, one event at a time, tests only) does not
 * take part.
 */
export async function claimDueEventsFairly(
  db: Database,
  options: { now: Date; limit: number; leaseMs: number; perAccount: number; caps?: ReadonlyMap<string, number> },
): Promise<WebhookEvent[]> {
  if (options.limit <= 0) return [];
  const now = sql`${options.now.toISOString()}::timestamptz`;
  const perAccount = sql`${options.perAccount}::int`;
  const caps = JSON.stringify([...(options.caps ?? new Map<string, number>())].map(([accountId, cap]) => ({ accountId, cap: Math.max(0, Math.floor(cap)) })));
  // The events this claim takes. Everything here is read in the statement's snapshot except `locked`.
  const allowed = db.$with('allowed', { id: sql<string>`id`.as('id') }).as(sql`
    with caps as (
      select (c ->> 'accountId')::uuid as account_id, (c ->> 'cap')::int as cap from jsonb_array_elements(${caps}::jsonb) as c
    ),
    due_accounts as (
      select distinct account_id from webhook_events
      where status in ('pending', 'processing') and next_attempt_at <= ${now}
    ),
    in_flight as (
      select a.account_id, (
        select count(*) from webhook_events as f
        where f.account_id = a.account_id and f.status = 'processing' and f.next_attempt_at > ${now}
      )::int as running
      from due_accounts as a
    ),
    rooms as (
      select a.account_id, g.events_claimed, a.running, least(coalesce(caps.cap, ${perAccount}), ${perAccount} - a.running)::int as room
      from in_flight as a
      join gateway_accounts as g on g.id = a.account_id
      left join caps on caps.account_id = a.account_id
      where g.claims_paused_until is null or g.claims_paused_until <= now()
    ),
    picked as (
      select r.account_id, l.id, l.next_attempt_at, r.running,
        row_number() over (partition by r.account_id order by l.next_attempt_at, l.id) as turn
      from rooms as r
      cross join lateral (
        select w.id, w.next_attempt_at from webhook_events as w
        where w.account_id = r.account_id and w.status in ('pending', 'processing') and w.next_attempt_at <= ${now}
        order by w.next_attempt_at
        limit greatest(0, r.room)
        for update of w skip locked
      ) as l
    ),
    chosen as (
      select account_id, id, turn from picked order by running + turn, next_attempt_at limit ${options.limit}::int
    ),
    locked as materialized (
      select g.id, g.events_claimed, g.claims_paused_until from gateway_accounts as g
      where g.id in (select account_id from chosen)
      order by g.id
      for no key update
    )
    select c.id, c.account_id from chosen as c
    join rooms as r on r.account_id = c.account_id
    join locked as k on k.id = c.account_id
    where c.turn <= r.room - (k.events_claimed - r.events_claimed)
      and (k.claims_paused_until is null or k.claims_paused_until <= now())
  `);
  // Top level, as PostgreSQL wants a data-modifying WITH; it runs whether or not the main statement reads it.
  const counted = db.$with('counted', { id: sql<string>`id`.as('id') }).as(sql`
    update gateway_accounts as g set events_claimed = g.events_claimed + taken.count
    from (select account_id, count(*) as count from allowed group by account_id) as taken
    where g.id = taken.account_id
    returning g.id
  `);
  return db
    .with(allowed, counted)
    .update(webhookEvents)
    .set({
      status: 'processing',
      attempts: sql`${webhookEvents.attempts} + 1`,
      nextAttemptAt: new Date(options.now.getTime() + options.leaseMs),
    })
    .where(sql`${webhookEvents.id} in (select id from allowed)`)
    .returning();
}

/**
 * The gateway answered 429 for the account: no instance claims its notifications for `pauseMs` (claimDueEventsFairly),
 * or longer if a pause already runs. On the database's clock, the one every instance shares.
 */
export async function pauseAccountClaims(db: Database, accountId: string, pauseMs: number): Promise<void> {
  const until = sql`now() + ${Math.max(0, Math.round(pauseMs))}::int * interval '1 millisecond'`;
  await db
    .update(gatewayAccounts)
    .set({ claimsPausedUntil: sql`greatest(${gatewayAccounts.claimsPausedUntil}, ${until})` })
    .where(eq(gatewayAccounts.id, accountId));
}

/**
 * Extends a claimed event's lease to `until` right before its processor starts (lib/webhooks/worker.ts), only while
 * the claim is still this worker's: still processing, same attempt number. False when another worker took it over
 * (this worker's lease had run out): the event is then left to that worker.
 */
export async function extendClaim(db: Database, claim: { id: string; attempts: number }, until: Date): Promise<boolean> {
  const extended = await db
    .update(webhookEvents)
    .set({ nextAttemptAt: until })
    .where(and(eq(webhookEvents.id, claim.id), eq(webhookEvents.attempts, claim.attempts), eq(webhookEvents.status, 'processing')))
    .returning({ id: webhookEvents.id });
  return extended.length > 0;
}

export type Completion = {
  id: string;
  /** The attempt number of the claim this completion belongs to (the fence). */
  attempts: number;
  status: 'processed' | 'received' | 'ignored' | 'rejected' | 'pending' | 'failed';
  result: string | null;
  lastError: string | null;
  processedAt: Date | null;
  /** Set when the event goes back to pending for a retry. */
  nextAttemptAt: Date | null;
  /**
   * The attempt is not counted (the claim's `attempts` + 1 is taken back): the gateway refused to answer for now
   * (429, rate limited), which says nothing about the event, so it must not use up the event's retries.
   */
  uncounted?: boolean;
};

/**
 * Records outcomes (the worker writes each event's as soon as it is known) in one statement. Each row is fenced on
 * its claim (still processing, same attempt number): if a worker's lease ran out and another worker took the event,
 * the first one's result is dropped. Returns the ids whose outcome was written.
 */
export async function recordCompletions(db: Database, completions: Completion[]): Promise<Set<string>> {
  if (completions.length === 0) return new Set();
  const values = sql.join(
    completions.map(
      (c) =>
        sql`(${c.id}::uuid, ${c.attempts}::int, ${c.status}::text, ${c.result}::text, ${c.lastError}::text, ${c.processedAt?.toISOString() ?? null}::timestamptz, ${c.nextAttemptAt?.toISOString() ?? null}::timestamptz, ${c.uncounted === true}::boolean)`,
    ),
    sql`, `,
  );
  // Taking an uncounted attempt back lowers the fence token, so the next claim gets this same number again. Safe: a
  // completion is the last write of the claim that made it (nothing of that worker writes to the event afterwards),
  // and any other holder of an older claim holds a lower number.
  const result = await db.execute(sql`
    update webhook_events as e
    set status = v.status, result = v.result, last_error = v.last_error, processed_at = v.processed_at,
        next_attempt_at = coalesce(v.next_attempt_at, e.next_attempt_at),
        attempts = case when v.uncounted and e.attempts > 0 then e.attempts - 1 else e.attempts end
    from (values ${values}) as v(id, attempts, status, result, last_error, processed_at, next_attempt_at, uncounted)
    where e.id = v.id and e.status = 'processing' and e.attempts = v.attempts
    returning e.id`);
  return new Set(rowsOf(result).map((row) => String(row.id)));
}

