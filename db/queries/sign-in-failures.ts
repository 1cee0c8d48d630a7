import 'server-only';
import { and, count, eq, gt, lt } from 'drizzle-orm';
import { getDb } from '@/db';
import { signInFailures } from '@/db/schema';

export async function countSignInFailuresSince(email: string, since: Date): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ failures: count() })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email), gt(signInFailures.failedAt, since)));
  return row?.failures ?? 0;
}

/** Records one failure and forgets this email's failures older than `forgetBefore`, so the table stays small. */
export async function recordSignInFailure(email: string, at: Date, forgetBefore: Date): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.insert(signInFailures).values({ email, failedAt: at });
    await tx.delete(signInFailures).where(and(eq(signInFailures.email, email), lt(signInFailures.failedAt, forgetBefore)));
  });
}
