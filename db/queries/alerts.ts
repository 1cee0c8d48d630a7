// The merchant's alerts (the bell): only their own, as small rows; marking read is scoped the same way.
import 'server-only';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db';
import { alerts, type Alert } from '@/db/schema';

export type AlertRow = Pick<Alert, 'id' | 'kind' | 'href' | 'params' | 'createdAt' | 'readAt'>;

export const ALERTS_LIMIT = 100;

export async function countUnreadAlerts(merchantId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ unread: count() }).from(alerts).where(and(eq(alerts.merchantId, merchantId), isNull(alerts.readAt)));
  return row?.unread ?? 0;
}

/** Newest first, the latest ALERTS_LIMIT. */
export async function listAlerts(merchantId: string): Promise<AlertRow[]> {
  const db = await getDb();
  return db
    .select({ id: alerts.id, kind: alerts.kind, href: alerts.href, params: alerts.params, createdAt: alerts.createdAt, readAt: alerts.readAt })
    .from(alerts)
    .where(eq(alerts.merchantId, merchantId))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(ALERTS_LIMIT);
}

/** False when the alert is not this merchant's (or does not exist). Marking a read alert again changes nothing. */
export async function markAlertRead(merchantId: string, alertId: string, now = new Date()): Promise<boolean> {
  const db = await getDb();
  const [mine] = await db.select({ readAt: alerts.readAt }).from(alerts).where(and(eq(alerts.id, alertId), eq(alerts.merchantId, merchantId))).limit(1);
  if (!mine) return false;
  if (!mine.readAt) await db.update(alerts).set({ readAt: now }).where(and(eq(alerts.id, alertId), eq(alerts.merchantId, merchantId)));
  return true;
}

export async function markAllAlertsRead(merchantId: string, now = new Date()): Promise<number> {
  const db = await getDb();
  const updated = await db
    .update(alerts)
    .set({ readAt: now })
    .where(and(eq(alerts.merchantId, merchantId), isNull(alerts.readAt)))
    .returning({ id: alerts.id });
  return updated.length;
}
