// Counters for abuse limits (lib/rate-limit), kept in the database so a limit holds across app instances. One
// upsert counts a hit and reads the count back atomically: concurrent attempts each see their own number, so N
// parallel requests against a limit of 5 get exactly 5 through.
import 'server-only';
import { lt, sql } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { rateLimits } from '@/db/schema';

export type Hit = { points: number; resetAt: Date };

/** Counts one hit on `key` in a window of `windowMs` from its first hit; a window that has passed starts again. */
export async function hitRateLimit(key: string, windowMs: number, now: Date, db?: Database): Promise<Hit> {
  const database = db ?? (await getDb());
  const resetAt = new Date(now.getTime() + windowMs);
  const [row] = await database
    .insert(rateLimits)
    .values({ key, points: 1, resetAt })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        points: sql`case when ${rateLimits.resetAt} <= ${now.toISOString()}::timestamptz then 1 else ${rateLimits.points} + 1 end`,
        resetAt: sql`case when ${rateLimits.resetAt} <= ${now.toISOString()}::timestamptz then excluded.reset_at else ${rateLimits.resetAt} end`,
      },
    })
    .returning({ points: rateLimits.points, resetAt: rateLimits.resetAt });
  if (!row) throw new Error(`rate limit ${key} was not counted`);
  return row;
}

/** Forgets a key (a successful sign-in clears its email's failures). */
export async function clearRateLimit(key: string): Promise<void> {
  const db = await getDb();
  await db.delete(rateLimits).where(sql`${rateLimits.key} = ${key}`);
}

/** Drops counters whose window ended before `before` (retention); returns how many. */
export async function purgeRateLimits(before: Date, db?: Database): Promise<number> {
  const database = db ?? (await getDb());
  const deleted = await database.delete(rateLimits).where(lt(rateLimits.resetAt, before)).returning({ key: rateLimits.key });
  return deleted.length;
}
