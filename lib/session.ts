// The data access layer's door: every page and server action that needs a merchant goes through here.
import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getMerchantSession, type MerchantProfile } from '@/db/queries/users';
import { auth, reissuedSessionVersion } from '@/lib/auth';

/**
 * The signed-in merchant, read from the database. A session counts as signed out when its account is gone or when
 * it was issued under an older session version than the account's (sign-out, a password change or reset, and
 * "Sign out everywhere" raise it), so a copied or stolen cookie dies with them.
 */
export const getCurrentMerchant = cache(async (): Promise<MerchantProfile | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const current = await getMerchantSession(id);
  if (!current) return null;
  if (current.sessionVersion === (session.sessionVersion ?? 0)) return current.profile;
  // The page rendered right after a password change re-issued this browser's cookie (see reissuedSessionVersion).
  return (await reissuedSessionVersion(id)) === current.sessionVersion ? current.profile : null;
});

export async function requireMerchant(): Promise<MerchantProfile> {
  const merchant = await getCurrentMerchant();
  if (!merchant) redirect('/sign-in');
  return merchant;
}
