import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { users } from '@/db/schema';

/** What pages may see of a merchant: never the password hash. */
export type MerchantProfile = { id: string; name: string; email: string; image: string | null };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserByEmail(email: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return user;
}

export async function getMerchantProfile(id: string): Promise<MerchantProfile | undefined> {
  const db = await getDb();
  const [profile] = await db
    .select({ id: users.id, name: users.name, email: users.email, image: users.image })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return profile;
}

/** Returns undefined when the email is taken (the unique index decides, so two sign-ups cannot race). */
export async function createUser(input: { name: string; email: string; passwordHash: string }) {
  const db = await getDb();
  const [user] = await db
    .insert(users)
    .values({ name: input.name, email: normalizeEmail(input.email), passwordHash: input.passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, name: users.name, email: users.email });
  return user;
}

export async function updateUserName(id: string, name: string): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ name }).where(eq(users.id, id));
}
