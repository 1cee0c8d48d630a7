// What the retention job (lib/scheduler/retention.ts) removes, one small batch per statement: each statement is its
// own short transaction touching at most `limit` rows, skipping rows another transaction holds, so a purge never
// keeps a lock for long and never waits behind the app. This module is the one place that deletes or blanks old rows
// of several owners' tables; the ledger (payments, refunds, subscriptions, charges, status history) is never touched.
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { emailOutbox, orders, payments, signInFailures, subscriptions, webhookEvents } from '@/db/schema';
import { monthOf } from './webhook-events';
import { rowsOf } from '@/db/rows';

/** How many months before the cutoff's month the blanking looks: older ones were blanked by earlier runs. */
const BLANKING_LOOKBACK_MONTHS = 2;

/**
 * Blanks the raw body and headers of notifications received before `before` whose processing is over (not pending or
 * processing: a queued event still needs its body). The row, its result, status, ids and history links stay.
 * Only the months around the cutoff are read (the inbox is partitioned by month, so the others are not scanned
 * every hour); a body older than that, left by a long stop of the scheduler, goes when its month is dropped.
 */
export async function blankNotificationBodies(db: Database, before: Date, limit: number): Promise<number> {
  const since = monthOf(new Date(Date.UTC(before.getUTCFullYear(), before.getUTCMonth() - BLANKING_LOOKBACK_MONTHS, 1)));
  const result = await db.execute(sql`
    update ${webhookEvents} set raw_body = '', headers = '{}'::jsonb
    where (id, received_month) in (
      select id, received_month from ${webhookEvents}
      where received_at < ${before.toISOString()}::timestamptz
        and received_month >= ${since}::date and received_month <= ${monthOf(before)}::date
        and status not in ('pending', 'processing')
        and (raw_body <> '' or headers <> '{}'::jsonb)
      limit ${limit}
      for update skip locked
    )
    returning id`);
  return rowsOf(result).length;
}

/** Blanks the body of emails written before `before` that are no longer waiting to be sent; subject, address and status stay. */
export async function blankEmailBodies(db: Database, before: Date, limit: number): Promise<number> {
  const result = await db.execute(sql`
    update ${emailOutbox} set body = ''
    where id in (
      select id from ${emailOutbox}
      where created_at < ${before.toISOString()}::timestamptz
        and status <> 'queued'
        and body <> ''
      limit ${limit}
      for update skip locked
    )
    returning id`);
  return rowsOf(result).length;
}

/** Deletes failed sign-ins recorded before `before` (the limit only counts the last minute's). */
export async function deleteSignInFailures(db: Database, before: Date, limit: number): Promise<number> {
  const result = await db.execute(sql`
    delete from ${signInFailures}
    where id in (
      select id from ${signInFailures}
      where failed_at < ${before.toISOString()}::timestamptz
      limit ${limit}
      for update skip locked
    )
    returning id`);
  return rowsOf(result).length;
}

/**
 * Deletes orders that never came to anything: still `pending` or `checkout_created`, created before `before`, and no
 * payment or subscription names them (linked by order id, or by reference). Their reconciliation schedule ended long
 * before (7 days). What they held was the customer's name, email and tax id for a checkout that was never paid.
 */
export async function deleteStaleOrders(db: Database, before: Date, limit: number): Promise<number> {
  const result = await db.execute(sql`
    delete from ${orders}
    where id in (
      select o.id from ${orders} as o
      where o.status in ('pending', 'checkout_created')
        and o.created_at < ${before.toISOString()}::timestamptz
        and not exists (select 1 from ${payments} as p where p.order_id = o.id)
        and not exists (select 1 from ${payments} as p where p.reference = o.id::text)
        and not exists (select 1 from ${subscriptions} as s where s.order_id = o.id)
        and not exists (select 1 from ${subscriptions} as s where s.reference = o.id::text)
      limit ${limit}
      for update of o skip locked
    )
    returning id`);
  return rowsOf(result).length;
}
