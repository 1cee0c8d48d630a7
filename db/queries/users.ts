import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { users } from '@/db/schema';
import type { Locale } from '@/core/locales';

/** What pages may see of a merchant: never the password hash. */
export type MerchantProfile = { id: string; name: string; email: string; image: string | null; emailVerified: boolean; locale: Locale; timeZone: string };

/** The merchant and the session version their sessions must carry (lib/session.ts). */
export type MerchantSession = { profile: MerchantProfile; sessionVersion: number };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserByEmail(email: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return user;
}

export async function getUserById(id: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

const profileColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  image: users.image,
  emailVerifiedAt: users.emailVerifiedAt,
  locale: users.locale,
  timeZone: users.timeZone,
};

function toProfile({ emailVerifiedAt, ...row }: Omit<MerchantProfile, 'emailVerified'> & { emailVerifiedAt: Date | null }): MerchantProfile {
  return { ...row, emailVerified: emailVerifiedAt !== null };
}

export async function getMerchantProfile(id: string): Promise<MerchantProfile | undefined> {
  const db = await getDb();
  const [profile] = await db.select(profileColumns).from(users).where(eq(users.id, id)).limit(1);
  return profile && toProfile(profile);
}

/** The merchant with their current session version, in one query (every signed-in request reads it). */
export async function getMerchantSession(id: string): Promise<MerchantSession | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ ...profileColumns, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row) return undefined;
  const { sessionVersion, ...profile } = row;
  return { profile: toProfile(profile), sessionVersion };
}

/**
 * Returns undefined when the email is taken (the unique index decides, so two sign-ups cannot race).
 * `emailVerifiedAt`: only for accounts whose address needs no proof (the development demo merchant).
 */
export async function createUser(input: { name: string; email: string; passwordHash: string; emailVerifiedAt?: Date; locale?: Locale; timeZone?: string }) {
  const db = await getDb();
  const [user] = await db
    .insert(users)
    .values({
      name: input.name,
      email: normalizeEmail(input.email),
      passwordHash: input.passwordHash,
      emailVerifiedAt: input.emailVerifiedAt ?? null,
      ...(input.locale ? { locale: input.locale } : {}),
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, name: users.name, email: users.email, locale: users.locale });
  return user;
}

export async function updateUserProfile(id: string, profile: { name: string; locale: Locale; timeZone: string }): Promise<void> {
  const db = await getDb();
  await db.update(users).set(profile).where(eq(users.id, id));
}

/** The language and zone to write to a merchant in (emails, alerts), read inside the writer's transaction. */
export async function getMerchantLanguage(db: Database, id: string): Promise<{ name: string; email: string; locale: Locale; timeZone: string } | undefined> {
  const [row] = await db.select({ name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone }).from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Ends every session of the user (each carries the version it was issued under); returns the new version. */
export async function raiseSessionVersion(id: string, db?: Database): Promise<number | undefined> {
  const database = db ?? (await getDb());
  const [row] = await database
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, id))
    .returning({ sessionVersion: users.sessionVersion });
  return row?.sessionVersion;
}

/** Sets a new password hash and ends every session in the same statement; returns the new session version. */
export async function setPasswordHash(db: Database, id: string, passwordHash: string): Promise<number | undefined> {
  const [row] = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, id))
    .returning({ sessionVersion: users.sessionVersion });
  return row?.sessionVersion;
}

/** Records that the user proved their address (a second proof keeps the first date). */
export async function markEmailVerified(db: Database, id: string, at: Date): Promise<void> {
  await db.update(users).set({ emailVerifiedAt: at }).where(and(eq(users.id, id), isNull(users.emailVerifiedAt)));
}
