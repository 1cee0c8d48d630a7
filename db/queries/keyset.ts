// Keyset pagination and capped counts for the dashboard's long lists (issue 16: one merchant with a million
// payments). A page is "the N rows after (or before) this row" in the list's order (time descending, then id), found
// through an index in the list's order, so the millionth row costs what the first does; OFFSET read and dropped
// every row before the page (826 ms at page 49,000). Counts stop at COUNT_CAP: an exact count(*) read every
// matching row on each page view (323 ms).
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** Counts stop here: "10,000+" tells a merchant as much as 1,000,000 does, at a bounded cost. */
export const COUNT_CAP = 10_000;

/**
 * A search's count stops much sooner: every row it reads is matched against the pattern in three columns, and a term
 * shared by 5 % of a million payments needed 20,000 rows for 1,001 matches (35–70 ms) and 10,000 heap pages for
 * 10,001 (91–190 ms); for 101, 2,000 rows (under 10 ms). A search is for finding a payment: "100+" says enough.
 */
export const SEARCH_COUNT_CAP = 100;

/**
 * A page's place in the URL: `after` a row is the page of older rows below it (Older), `before` a row the page of
 * newer rows above it (Newer). The id is the row's own; its time is read from the database, exactly (microseconds).
 */
export type ListCursor = { direction: 'after' | 'before'; id: string };

export type CappedCount = { value: number; capped: boolean };

/** Where the page's links go: the first row's id for Newer, the last row's for Older; absent when there is none. */
export type PageLinks = { newer?: string; older?: string };

/** A row's sort key, read from the database: its time as text keeps the microseconds a JS Date would drop. */
export type Position = { at: string; id: string };

/** The rows past `position` in the list's order (`after`: older, `before`: newer), on the (time, id) index. */
export function beyond(at: AnyColumn, id: AnyColumn, position: Position, direction: ListCursor['direction']): SQL {
  return direction === 'after'
    ? sql`(${at}, ${id}) < (${position.at}::timestamptz, ${position.id}::uuid)`
    : sql`(${at}, ${id}) > (${position.at}::timestamptz, ${position.id}::uuid)`;
}

/** `count(*)` over a `LIMIT cap + 1` subquery: reads at most cap + 1 rows, and says whether there were more. */
export function cappedCount(value: number, cap = COUNT_CAP): CappedCount {
  return value > cap ? { value: cap, capped: true } : { value, capped: false };
}

/**
 * One page of a keyset-paginated list. `locate` finds the cursor row (scoped to the merchant: a cursor naming
 * someone else's row is ignored, as a missing one is: the first page); `fetch` reads up to `limit` rows past a
 * position, newest first or oldest first. Reads one row more than the page to know whether another page follows.
 * Going Newer past the top lands on the first page (a full one), not on a short page of the newest few rows.
 */
export async function keysetPage<Row extends { id: string }>(options: {
  pageSize: number;
  cursor: ListCursor | undefined;
  locate: (id: string) => Promise<Position | undefined>;
  fetch: (past: { position: Position; direction: ListCursor['direction'] } | undefined, order: 'newest' | 'oldest', limit: number) => Promise<Row[]>;
}): Promise<{ rows: Row[]; links: PageLinks }> {
  const { pageSize, cursor, locate, fetch } = options;
  const position = cursor ? await locate(cursor.id) : undefined;
  if (cursor && position && cursor.direction === 'before') {
    const newer = await fetch({ position, direction: 'before' }, 'oldest', pageSize + 1);
    if (newer.length > pageSize) {
      const rows = newer.slice(0, pageSize).reverse();
      return { rows, links: { newer: rows[0]?.id, older: rows[rows.length - 1]?.id } };
    }
  }
  const past = cursor && position && cursor.direction === 'after' ? { position, direction: 'after' as const } : undefined;
  const found = await fetch(past, 'newest', pageSize + 1);
  const rows = found.slice(0, pageSize);
  return {
    rows,
    links: {
      newer: past ? rows[0]?.id ?? cursor?.id : undefined,
      older: found.length > pageSize ? rows[rows.length - 1]?.id : undefined,
    },
  };
}
