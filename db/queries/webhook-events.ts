// What a merchant may see of the notifications their gateways sent: only events of their own accounts (the
// merchant id comes from the session and every query joins on it), as small DTOs.
import 'server-only';
import { and, count, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { gatewayAccounts, webhookEvents, webhookRejections, type WebhookEvent, type WebhookRejectionReason } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';

export const NOTIFICATIONS_PAGE_SIZE = 20;

export type NotificationRow = Pick<
  WebhookEvent,
  'id' | 'receivedAt' | 'channel' | 'type' | 'action' | 'resourceId' | 'verification' | 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'result' | 'rawBody'
>;

export type RejectionCount = { reason: WebhookRejectionReason; count: number; lastAt: Date };

export type NotificationsPage = {
  events: NotificationRow[];
  total: number;
  page: number;
  pageCount: number;
  rejections: RejectionCount[];
};

/**
 * The notifications of every account the merchant has (or had) with this gateway, newest first: reconnecting makes
 * a new account, and the history of the old one stays visible. `page` counts from 1 and is clamped to the last page.
 */
export async function listNotifications(merchantId: string, gateway: GatewayId, requestedPage: number, pageSize = NOTIFICATIONS_PAGE_SIZE): Promise<NotificationsPage> {
  const db = await getDb();
  const owned = and(eq(gatewayAccounts.merchantId, merchantId), eq(gatewayAccounts.gateway, gateway));
  const [totals, rejections] = await Promise.all([
    db
      .select({ total: count() })
      .from(webhookEvents)
      .innerJoin(gatewayAccounts, eq(webhookEvents.accountId, gatewayAccounts.id))
      .where(owned),
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
  const total = totals[0]?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(requestedPage) || 1), pageCount);
  const events = await db
    .select({
      id: webhookEvents.id,
      receivedAt: webhookEvents.receivedAt,
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
    .innerJoin(gatewayAccounts, eq(webhookEvents.accountId, gatewayAccounts.id))
    .where(owned)
    .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { events, total, page, pageCount, rejections };
}

/**
 * Reprocess: puts one of the merchant's stored notifications back in the queue, due now. Safe to repeat: the
 * processors' effects are idempotent. Returns false when the event is not the merchant's or is already queued.
 */
export async function requeueNotification(merchantId: string, eventId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return false;
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
