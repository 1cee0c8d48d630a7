// The webhook inbox's storage: find the account a webhook URL names, store a notification (once per dedupe key),
// count a refused request. Used by the route before it answers, so each function is a single statement.
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { gatewayAccounts, gatewaySecrets, webhookEvents, webhookRejections, type GatewayAccount, type NewWebhookEvent, type WebhookRejectionReason } from '@/db/schema';
import type { Sealed } from '@/lib/crypto/secrets';
import type { GatewayId } from '@/lib/gateways/ids';

export type WebhookAccountRow = {
  id: string;
  status: GatewayAccount['status'];
  externalAccountId: string | null;
  /** The sealed signing secret, when stored. */
  secret: Sealed | null;
};

/** The account behind /api/webhooks/<gateway>/<publicId>, with its sealed signing secret, in one query. */
export async function findWebhookAccount(
  db: Database,
  gateway: GatewayId,
  publicId: string,
  secretName: 'webhookSecret' | 'apiSecret',
): Promise<WebhookAccountRow | undefined> {
  const [row] = await db
    .select({
      id: gatewayAccounts.id,
      status: gatewayAccounts.status,
      externalAccountId: gatewayAccounts.externalAccountId,
      keyId: gatewaySecrets.keyId,
      ciphertext: gatewaySecrets.ciphertext,
    })
    .from(gatewayAccounts)
    .leftJoin(gatewaySecrets, and(eq(gatewaySecrets.accountId, gatewayAccounts.id), eq(gatewaySecrets.name, secretName)))
    .where(and(eq(gatewayAccounts.publicId, publicId), eq(gatewayAccounts.gateway, gateway)))
    .limit(1);
  if (!row) return undefined;
  const secret = row.keyId !== null && row.ciphertext !== null ? { keyId: row.keyId, ciphertext: row.ciphertext } : null;
  return { id: row.id, status: row.status, externalAccountId: row.externalAccountId, secret };
}

/**
 * One insert; a redelivery (same account and dedupe key) inserts nothing. Either way the notification is on disk
 * when this resolves, which is what a 2xx promises the gateway.
 */
export async function storeNotification(db: Database, event: NewWebhookEvent): Promise<'stored' | 'duplicate'> {
  const inserted = await db
    .insert(webhookEvents)
    .values(event)
    .onConflictDoNothing({ target: [webhookEvents.accountId, webhookEvents.dedupeKey] })
    .returning({ id: webhookEvents.id });
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
