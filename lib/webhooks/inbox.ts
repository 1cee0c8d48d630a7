// The webhook inbox's storage: find the account a webhook URL names, store a notification (once per dedupe key),
// count a refused request. Used by the route before it answers, so each function is a single statement.
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { gatewayAccounts, gatewaySecrets, webhookEvents, webhookRejections, type GatewayAccount, type WebhookRejectionReason } from '@/db/schema';
import type { Sealed } from '@/lib/crypto/secrets';
import type { GatewayId } from '@/core/gateway-ids';
import type { AcceptedNotification } from './types';

export type WebhookAccountRow = {
  id: string;
  status: GatewayAccount['status'];
  externalAccountId: string | null;
  /** The sealed signing secret, when stored. */
  secret: Sealed | null;
};

// The two statements every notification runs are prepared once per database connection pool: building SQL with
// the query builder on each request costs more CPU than the route's own work.
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
  const insert = db
    .insert(webhookEvents)
    .values({
      accountId: sql.placeholder('accountId'),
      gateway: sql.placeholder('gateway'),
      channel: sql.placeholder('channel'),
      verification: sql.placeholder('verification'),
      dedupeKey: sql.placeholder('dedupeKey'),
      eventId: sql.placeholder('eventId'),
      resourceId: sql.placeholder('resourceId'),
      type: sql.placeholder('type'),
      action: sql.placeholder('action'),
      occurredAt: sql`${sql.placeholder('occurredAt')}::timestamptz`,
      rawBody: sql.placeholder('rawBody'),
      headers: sql`${sql.placeholder('headers')}::jsonb`,
      query: sql.placeholder('query'),
      status: 'pending',
      receivedAt: sql`${sql.placeholder('receivedAt')}::timestamptz`,
      nextAttemptAt: sql`${sql.placeholder('receivedAt')}::timestamptz`,
    })
    .onConflictDoNothing({ target: [webhookEvents.accountId, webhookEvents.dedupeKey] })
    .returning({ id: webhookEvents.id })
    .prepare('webhook_event_insert');
  return { lookup, insert };
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
 */
export async function storeNotification(db: Database, entry: InboxEntry): Promise<'stored' | 'duplicate'> {
  const inserted = await statements(db).insert.execute({
    ...entry,
    occurredAt: entry.occurredAt?.toISOString() ?? null,
    headers: JSON.stringify(entry.headers),
    receivedAt: entry.receivedAt.toISOString(),
  });
  return inserted.length > 0 ? 'stored' : 'duplicate';
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
