// Single-use links sent by email (verify an address, reset a password): only a token's SHA-256 is stored, so a copy
// of the database opens nothing. The owner module of `account_tokens`.
import 'server-only';
import { and, eq, gt, isNull, lt, or, isNotNull } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { accountTokens } from '@/db/schema';

export type AccountTokenPurpose = (typeof accountTokens.$inferSelect)['purpose'];

/** Used or expired tokens are kept this long (a second click can still say "already used"), then dropped. */
const KEEP_SPENT_MS = 7 * 24 * 60 * 60_000;

/**
 * Stores a new token for a user and invalidates that user's older unused tokens of the same purpose (only the
 * newest link works); also drops the user's long-spent ones of that purpose.
 */
export async function issueAccountToken(
  db: Database,
  token: { userId: string; purpose: AccountTokenPurpose; tokenHash: string; expiresAt: Date },
  now: Date,
): Promise<void> {
  const mine = and(eq(accountTokens.userId, token.userId), eq(accountTokens.purpose, token.purpose));
  const spentBefore = new Date(now.getTime() - KEEP_SPENT_MS);
  await db
    .delete(accountTokens)
    .where(and(mine, or(isNull(accountTokens.usedAt), lt(accountTokens.expiresAt, spentBefore), lt(accountTokens.usedAt, spentBefore))));
  await db.insert(accountTokens).values({ ...token, createdAt: now });
}

/**
 * Marks the token used and returns its user, only if it is of this purpose, unused and not expired. One UPDATE
 * decides: of two requests with the same token, exactly one gets the user.
 */
export async function consumeAccountToken(db: Database, purpose: AccountTokenPurpose, tokenHash: string, now: Date): Promise<string | undefined> {
  const [row] = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, tokenHash),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning({ userId: accountTokens.userId });
  return row?.userId;
}

export type TokenState = { state: 'valid'; userId: string } | { state: 'used'; userId: string } | { state: 'expired' | 'unknown' };

/** What a token is now, without using it (the reset page shows its form only for a valid one). */
export async function readAccountToken(purpose: AccountTokenPurpose, tokenHash: string, now: Date): Promise<TokenState> {
  const db = await getDb();
  const [row] = await db
    .select({ userId: accountTokens.userId, usedAt: accountTokens.usedAt, expiresAt: accountTokens.expiresAt })
    .from(accountTokens)
    .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.purpose, purpose)))
    .limit(1);
  if (!row) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used', userId: row.userId };
  if (row.expiresAt.getTime() <= now.getTime()) return { state: 'expired' };
  return { state: 'valid', userId: row.userId };
}

/** Invalidates a user's unused tokens of one purpose (a password set another way makes pending reset links useless). */
export async function revokeAccountTokens(db: Database, userId: string, purpose: AccountTokenPurpose): Promise<void> {
  await db
    .delete(accountTokens)
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
}

/** Drops tokens expired before `before` (retention); returns how many. */
export async function purgeAccountTokens(before: Date, db?: Database): Promise<number> {
  const database = db ?? (await getDb());
  const deleted = await database
    .delete(accountTokens)
    .where(or(lt(accountTokens.expiresAt, before), and(isNotNull(accountTokens.usedAt), lt(accountTokens.usedAt, before))))
    .returning({ id: accountTokens.id });
  return deleted.length;
}
