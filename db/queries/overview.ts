// The home page's overview (README "Overview"): the rollup of approved and failed payments per day in the
// merchant's time zone, the latest payments and unread alerts, and what the setup checklist ticks. Every read is
// scoped to one merchant and served by an index, so the page costs the same at a million payments as at none.
import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { alerts, paymentTotals, payments, users, type Alert, type Payment } from '@/db/schema';
import { totalsDeltas, type TotalsSource } from '@/core/payment-totals';
import { rowsOf } from '@/db/rows';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Moves a payment's contribution in the rollup from `before` to `after` (null: none), inside the caller's
 * transaction. Additive upserts, so concurrent writers to one bucket never lose each other's change.
 */
export async function applyPaymentTotals(tx: Tx | Database, before: TotalsSource | null, after: TotalsSource | null): Promise<void> {
  const deltas = totalsDeltas(before, after);
  if (deltas.length === 0) return;
  await tx
    .insert(paymentTotals)
    .values(deltas)
    .onConflictDoUpdate({
      target: [paymentTotals.merchantId, paymentTotals.currency, paymentTotals.bucket],
      set: {
        approvedMinor: sql`${paymentTotals.approvedMinor} + excluded.approved_minor`,
        approvedCount: sql`${paymentTotals.approvedCount} + excluded.approved_count`,
        failedCount: sql`${paymentTotals.failedCount} + excluded.failed_count`,
      },
    });
}

/** A zone the database can use: an IANA name Intl knows, else UTC (a bad stored value must not break the page). */
export function usableTimeZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

export async function getMerchantTimeZone(merchantId: string): Promise<string> {
  const db = await getDb();
  const [row] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, merchantId)).limit(1);
  return usableTimeZone(row?.timeZone);
}

/** One currency on one day (YYYY-MM-DD in the merchant's zone), as the rollup sums it. */
export type DayTotals = { currency: string; day: string; approvedMinor: number; approvedCount: number; failedCount: number };

/**
 * The merchant's totals per currency and day (in `timeZone`) over the last `days` days, today included, and which
 * date today is there. Reads at most `days` × 96 rollup rows per currency. Two short statements: the merchant's
 * currencies, found by skipping through the primary key (one index probe each, however many buckets there are),
 * then one range scan of the primary key per currency. (In one statement, the planner cannot tell how many
 * currencies the skip finds, guesses 100, and the cost it then estimates has PostgreSQL JIT-compile the query:
 * 25 ms more, measured, for a query of 2 ms.)
 */
export async function getOverviewTotals(
  merchantId: string,
  timeZone: string,
  { days: span, now = new Date() }: { days: number; now?: Date },
): Promise<{ today: string; days: DayTotals[] }> {
  const db = await getDb();
  const zone = usableTimeZone(timeZone);
  const found = rowsOf<{ today: string; currency: string | null }>(
    await db.execute(sql`
      with recursive currencies(currency) as (
        (select currency from ${paymentTotals} where merchant_id = ${merchantId} order by currency limit 1)
        union all
        select (select t.currency from ${paymentTotals} t where t.merchant_id = ${merchantId} and t.currency > c.currency order by t.currency limit 1)
        from currencies c where c.currency is not null
      )
      select to_char((${now.toISOString()}::timestamptz at time zone ${zone})::date, 'YYYY-MM-DD') as today, c.currency
      from (select 1) as one left join currencies c on c.currency is not null`),
  );
  const today = found[0]?.today ?? now.toISOString().slice(0, 10);
  const currencies = found.flatMap((row) => (row.currency ? [row.currency] : []));
  if (currencies.length === 0) return { today, days: [] };
  const rows = rowsOf<{ currency: string; day: string; approved_minor: string; approved_count: number; failed_count: number }>(
    await db.execute(sql`
      select t.currency, to_char((t.bucket at time zone ${zone})::date, 'YYYY-MM-DD') as day, sum(t.approved_minor)::text as approved_minor,
        sum(t.approved_count)::int as approved_count, sum(t.failed_count)::int as failed_count
      from ${paymentTotals} t
      where t.merchant_id = ${merchantId}
        and t.currency in (${sql.join(
          currencies.map((currency) => sql`${currency}`),
          sql`, `,
        )})
        and t.bucket >= ((${today}::date - ${span - 1}::int)::timestamp at time zone ${zone})
        and t.bucket < ((${today}::date + 1)::timestamp at time zone ${zone})
      group by 1, 2`),
  );
  return {
    today,
    days: rows.map((row) => ({
      currency: row.currency,
      day: row.day,
      approvedMinor: Number(row.approved_minor),
      approvedCount: Number(row.approved_count),
      failedCount: Number(row.failed_count),
    })),
  };
}

export type RecentPayment = Pick<Payment, 'id' | 'amountMinor' | 'currency' | 'status' | 'payerName' | 'payerEmail' | 'createdAt'>;

export const RECENT_PAYMENTS = 8;

/** The latest payments, newest first (payments_merchant_created_idx, read backwards). */
export async function listRecentPayments(merchantId: string, limit = RECENT_PAYMENTS): Promise<RecentPayment[]> {
  const db = await getDb();
  return db
    .select({
      id: payments.id,
      amountMinor: payments.amountMinor,
      currency: payments.currency,
      status: payments.status,
      payerName: payments.payerName,
      payerEmail: payments.payerEmail,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .where(eq(payments.merchantId, merchantId))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
}

/** What the setup checklist ticks (getSetupProgress says how each is known). */
export type SetupProgress = {
  gatewayConnected: boolean;
  webhookReceived: boolean;
  priceCreated: boolean;
  pageShared: boolean;
  firstPayment: boolean;
};

export type UnreadAlert = Pick<Alert, 'id' | 'kind' | 'params' | 'createdAt'>;

export const LATEST_UNREAD_ALERTS = 3;

/** The latest unread alerts (alerts_merchant_unread_idx). */
export async function listLatestUnreadAlerts(merchantId: string, limit = LATEST_UNREAD_ALERTS): Promise<UnreadAlert[]> {
  const db = await getDb();
  return db
    .select({ id: alerts.id, kind: alerts.kind, params: alerts.params, createdAt: alerts.createdAt })
    .from(alerts)
    .where(and(eq(alerts.merchantId, merchantId), isNull(alerts.readAt)))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(limit);
}

/**
 * What the setup checklist ticks, in one round trip of `exists` probes, each on an index:
 * - gatewayConnected: a gateway account is connected now;
 * - webhookReceived: a notification arrived for an account that is not disconnected (the URL was pasted; a
 *   reconnected account has a new URL, to paste again);
 * - priceCreated: any price, archived ones too;
 * - pageShared: a customer started an order on one of the merchant's payment pages (we record no page visits);
 * - firstPayment: any payment recorded, whatever its status or source.
 */
export async function getSetupProgress(merchantId: string): Promise<SetupProgress> {
  const db = await getDb();
  const result = await db.execute(sql`
    select
      exists (select 1 from gateway_accounts a where a.merchant_id = ${merchantId} and a.status = 'connected') as gateway_connected,
      exists (
        select 1 from gateway_accounts a
        where a.merchant_id = ${merchantId} and a.status <> 'disconnected'
          and exists (select 1 from webhook_events e where e.account_id = a.id)
      ) as webhook_received,
      exists (select 1 from prices p where p.merchant_id = ${merchantId}) as price_created,
      exists (select 1 from orders o where o.merchant_id = ${merchantId}) as page_shared,
      exists (select 1 from payments p where p.merchant_id = ${merchantId}) as first_payment`);
  const [row] = rowsOf<Record<string, boolean>>(result);
  return {
    gatewayConnected: row?.gateway_connected === true,
    webhookReceived: row?.webhook_received === true,
    priceCreated: row?.price_created === true,
    pageShared: row?.page_shared === true,
    firstPayment: row?.first_payment === true,
  };
}
