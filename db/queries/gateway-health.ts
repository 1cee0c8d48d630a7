// Gateway health (issue 15): what the notifications inbox and the orders say about one gateway account, so that a
// broken webhook shows up before a customer tells the merchant. Every query starts from the account id (and the
// merchant id for orders, whose index is (merchant_id, created_at)): the inbox's (account_id, received_at, id) index,
// the rejections' primary key (account_id, reason). lib/gateways/health.ts turns these facts into warnings.
import 'server-only';
import { and, asc, count, desc, eq, gt, gte, isNotNull, lte, max, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { gatewayAccounts, orders, webhookEvents, webhookRejections, type WebhookEventStatus, type WebhookRejectionReason } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';

/** How far back each fact looks. */
export type HealthWindows = {
  /** The counts and refusals shown (7 days). */
  since: Date;
  /** Checkouts started before this and after the last contact are "silent" (now − N hours). */
  silentBefore: Date;
  /** Orders since this count as "orders exist" for the quiet check (30 days). */
  ordersSince: Date;
};

export type RefusedCount = { reason: WebhookRejectionReason; count: number; firstAt: Date; lastAt: Date };

/** The first checkout started after the account's last contact (and before `silentBefore`), and how many (capped). */
export type SilentCheckouts = { firstOrderId: string; firstAt: Date; count: number };

export type AccountHealthFacts = {
  /** The newest notification stored in the inbox (verified or not). */
  lastReceivedAt: Date | null;
  /** The newest request refused at the door (any reason). */
  lastRefusedAt: Date | null;
  /** Stored notifications since `since`, by status. */
  counts: Partial<Record<WebhookEventStatus, number>>;
  /**
   * Refusals whose latest one is since `since`. The table keeps one counter per reason (it is written at the door,
   * one upsert per refusal), so `count` is since `firstAt`, not per day.
   */
  refused: RefusedCount[];
  silentCheckouts: SilentCheckouts | null;
  /** Whether the account has an order created since `ordersSince`. */
  recentOrders: boolean;
};

/** Silent checkouts are counted up to this many ("20+"): enough to say it is not one abandoned checkout. */
export const SILENT_CHECKOUTS_CAP = 20;

const lastContactOf = (lastReceivedAt: Date | null, lastRefusedAt: Date | null) =>
  [lastReceivedAt, lastRefusedAt].reduce<Date | null>((latest, at) => (at && (!latest || at > latest) ? at : latest), null);

/** The facts behind one account's health. */
export async function getAccountHealthFacts(db: Database, account: { id: string; merchantId: string }, windows: HealthWindows): Promise<AccountHealthFacts> {
  const [[received], refusedRows, countRows, [recent]] = await Promise.all([
    db.select({ at: max(webhookEvents.receivedAt) }).from(webhookEvents).where(eq(webhookEvents.accountId, account.id)),
    db
      .select({ reason: webhookRejections.reason, count: webhookRejections.count, firstAt: webhookRejections.firstAt, lastAt: webhookRejections.lastAt })
      .from(webhookRejections)
      .where(eq(webhookRejections.accountId, account.id))
      .orderBy(desc(webhookRejections.lastAt)),
    db
      .select({ status: webhookEvents.status, count: count() })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.accountId, account.id), gte(webhookEvents.receivedAt, windows.since)))
      .groupBy(webhookEvents.status),
    db
      .select({ one: sql<number>`1` })
      .from(orders)
      .where(and(eq(orders.merchantId, account.merchantId), gte(orders.createdAt, windows.ordersSince), eq(orders.accountId, account.id)))
      .limit(1),
  ]);
  const lastReceivedAt = received?.at ?? null;
  const lastRefusedAt = refusedRows[0]?.lastAt ?? null;
  const silentCheckouts = await findSilentCheckouts(db, account, lastContactOf(lastReceivedAt, lastRefusedAt), windows);
  return {
    lastReceivedAt,
    lastRefusedAt,
    counts: Object.fromEntries(countRows.map((row) => [row.status, row.count])),
    refused: refusedRows.filter((row) => row.lastAt >= windows.since),
    silentCheckouts,
    recentOrders: recent !== undefined,
  };
}

/** Checkouts started after the last contact (not before `since`) and at least N hours ago: the oldest, and how many. */
async function findSilentCheckouts(
  db: Database,
  account: { id: string; merchantId: string },
  lastContact: Date | null,
  windows: HealthWindows,
): Promise<SilentCheckouts | null> {
  const after = lastContact && lastContact > windows.since ? lastContact : windows.since;
  if (after >= windows.silentBefore) return null;
  const rows = await db
    .select({ id: orders.id, createdAt: orders.createdAt })
    .from(orders)
    .where(
      and(
        eq(orders.merchantId, account.merchantId),
        gt(orders.createdAt, after),
        lte(orders.createdAt, windows.silentBefore),
        eq(orders.accountId, account.id),
        isNotNull(orders.checkoutId),
      ),
    )
    .orderBy(asc(orders.createdAt))
    .limit(SILENT_CHECKOUTS_CAP);
  const [first] = rows;
  return first ? { firstOrderId: first.id, firstAt: first.createdAt, count: rows.length } : null;
}

/** A connected account whose checkouts have gone without any notification (the scheduler's silence alert). */
export type SilentAccount = { accountId: string; merchantId: string; gateway: GatewayId; mode: 'live' | 'test' | null } & SilentCheckouts;

/**
 * Every connected account with silent checkouts, in one statement: for each account, its last contact (the inbox's
 * newest row, the newest refusal: index probes on account_id) and its oldest checkout after that (the merchant's
 * orders by created_at, filtered to the account). `limit` bounds one run; the rest is found on the next.
 */
export async function listSilentAccounts(db: Database, windows: Pick<HealthWindows, 'since' | 'silentBefore'>, limit: number): Promise<SilentAccount[]> {
  const lastReceived = db
    .select({ at: sql<Date | null>`max(${webhookEvents.receivedAt})`.as('last_received_at') })
    .from(webhookEvents)
    .where(eq(webhookEvents.accountId, gatewayAccounts.id))
    .as('last_received');
  const lastRefused = db
    .select({ at: sql<Date | null>`max(${webhookRejections.lastAt})`.as('last_refused_at') })
    .from(webhookRejections)
    .where(eq(webhookRejections.accountId, gatewayAccounts.id))
    .as('last_refused');
  // greatest() skips nulls: no contact at all counts from `since`.
  const after = sql`greatest(${lastReceived.at}, ${lastRefused.at}, ${windows.since.toISOString()}::timestamptz)`;
  const silent = db
    .select({
      firstOrderId: sql<string>`${orders.id}`.as('first_order_id'),
      firstAt: sql<Date>`${orders.createdAt}`.mapWith(orders.createdAt).as('first_at'),
      count: sql<number>`count(*) over ()`.mapWith(Number).as('silent_count'),
    })
    .from(orders)
    .where(
      and(
        eq(orders.merchantId, gatewayAccounts.merchantId),
        sql`${orders.createdAt} > ${after}`,
        lte(orders.createdAt, windows.silentBefore),
        eq(orders.accountId, gatewayAccounts.id),
        isNotNull(orders.checkoutId),
      ),
    )
    .orderBy(asc(orders.createdAt))
    .limit(1)
    .as('silent');
  const rows = await db
    .select({
      accountId: gatewayAccounts.id,
      merchantId: gatewayAccounts.merchantId,
      gateway: gatewayAccounts.gateway,
      mode: gatewayAccounts.mode,
      firstOrderId: silent.firstOrderId,
      firstAt: silent.firstAt,
      count: silent.count,
    })
    .from(gatewayAccounts)
    .innerJoinLateral(lastReceived, sql`true`)
    .innerJoinLateral(lastRefused, sql`true`)
    .innerJoinLateral(silent, sql`true`)
    .where(eq(gatewayAccounts.status, 'connected'))
    .orderBy(asc(silent.firstAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, firstAt: new Date(row.firstAt), count: Math.min(row.count, SILENT_CHECKOUTS_CAP) }));
}

/** Refusals of one account by reason (Send test notification compares them before and after its request). */
export async function getRefusalCounts(db: Database, accountId: string): Promise<Map<WebhookRejectionReason, number>> {
  const rows = await db.select({ reason: webhookRejections.reason, count: webhookRejections.count }).from(webhookRejections).where(eq(webhookRejections.accountId, accountId));
  return new Map(rows.map((row) => [row.reason, row.count]));
}

/** The inbox row of a notification about `resourceId` (the (account_id, resource_id) index), if it has arrived. */
export async function findNotificationAbout(
  db: Database,
  accountId: string,
  resourceId: string,
): Promise<{ verification: 'verified' | 'unverified'; status: WebhookEventStatus; result: string | null } | undefined> {
  const [row] = await db
    .select({ verification: webhookEvents.verification, status: webhookEvents.status, result: webhookEvents.result })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.accountId, accountId), eq(webhookEvents.resourceId, resourceId)))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(1);
  return row;
}
