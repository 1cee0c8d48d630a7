// The data access layer's door: every page and server action that needs a merchant goes through here.
import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getMerchantProfile, type MerchantProfile } from '@/db/queries/users';
import { auth } from '@/lib/auth';

/** The signed-in merchant, read from the database (a deleted account's session counts as signed out). */
export const getCurrentMerchant = cache(async (): Promise<MerchantProfile | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return (await getMerchantProfile(id)) ?? null;
});

export async function requireMerchant(): Promise<MerchantProfile> {
  const merchant = await getCurrentMerchant();
  if (!merchant) redirect('/sign-in');
  return merchant;
}
