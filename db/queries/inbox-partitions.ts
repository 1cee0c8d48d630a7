// The notifications inbox's months (migration 0013, docs/inbox-partitions.md): `webhook_events` is partitioned by
// `received_month`, one partition per month named webhook_events_yYYYYmMM, plus a default partition that catches a
// notification whose month was not added in time (nothing is refused for it). This module adds the months ahead and
// drops whole months past retention: a DETACH and a DROP, whatever the month holds, instead of deleting row by row.
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { monthOf } from './webhook-events';
import { rowsOf } from '@/db/rows';

const PARTITION_NAME = /^webhook_events_y(\d{4})m(\d{2})$/;

function addMonths(month: string, count: number): string {
  const [year, monthIndex] = month.split('-').map(Number);
  return monthOf(new Date(Date.UTC(year ?? 1970, (monthIndex ?? 1) - 1 + count, 1)));
}

export type InboxMonth = { name: string; month: string };

/** The inbox's monthly partitions, oldest first (the default partition is not one of them). */
export async function listInboxMonths(db: Database): Promise<InboxMonth[]> {
  const result = await db.execute(sql`
    select c.relname as name from pg_inherits as i join pg_class as c on c.oid = i.inhrelid
    where i.inhparent = 'webhook_events'::regclass`);
  return rowsOf(result)
    .map((row) => String(row.name).match(PARTITION_NAME))
    .filter((match): match is RegExpMatchArray => match !== null)
    .map((match) => ({ name: match[0], month: `${match[1]}-${match[2]}-01` }))
    .sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * Adds this month's partition and the next `monthsAhead` ones, and the month of anything waiting in the default
 * partition (webhook_events_add_month moves it in). Returns the months added. Each month is its own short
 * transaction; a month that is there already costs one lookup.
 */
export async function addInboxMonths(db: Database, now: Date, monthsAhead: number): Promise<string[]> {
  const current = monthOf(now);
  const wanted = new Set(Array.from({ length: monthsAhead + 1 }, (_, index) => addMonths(current, index)));
  const waiting = await db.execute(sql`select distinct received_month::text as month from webhook_events_default`);
  for (const row of rowsOf(waiting)) wanted.add(String(row.month));
  const added: string[] = [];
  for (const month of [...wanted].sort()) {
    const result = await db.execute(sql`select webhook_events_add_month(${month}::date) as added`);
    if (rowsOf(result)[0]?.added === true) added.push(month);
  }
  return added;
}

export type DroppedMonths = { dropped: string[]; kept: string[] };

/**
 * Drops every month that ended before `before`, whole. A month still holding a notification that waits for
 * processing (pending, or claimed) is kept until it is done: retention never takes work from the queue. The detach
 * waits at most `lockTimeoutMs` for the table (it needs a moment alone with it) and the next run tries again.
 */
export async function dropInboxMonthsBefore(db: Database, before: Date, lockTimeoutMs = 2_000): Promise<DroppedMonths> {
  const cutoff = monthOf(before);
  const dropped: string[] = [];
  const kept: string[] = [];
  for (const { name, month } of await listInboxMonths(db)) {
    // The month ends where the next begins; it is past when the next began on or before the cutoff's month.
    if (addMonths(month, 1) > cutoff) continue;
    const partition = sql.identifier(name);
    const done = await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`));
      const busy = await tx.execute(sql`select 1 from ${partition} where status in ('pending', 'processing') limit 1`);
      if (rowsOf(busy).length > 0) return false;
      await tx.execute(sql`alter table webhook_events detach partition ${partition}`);
      await tx.execute(sql`drop table ${partition}`);
      return true;
    });
    (done ? dropped : kept).push(month);
  }
  return { dropped, kept };
}
