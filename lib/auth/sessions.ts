// Ending sessions (README "Accounts"). Each session cookie carries the account's session version from sign-in;
// lib/session.ts treats a cookie whose version is not the account's as signed out. One version per account, so
// ending a session ends them all; the browser that asked can be re-issued a cookie under the new version.
import 'server-only';
import { reissueSession, signOut } from '@/lib/auth';
import { getCurrentMerchant } from '@/lib/session';
import { endAllSessions } from './account';

/** Sign out: this session and every other end (a copy of this cookie, wherever it is, stops working too). */
export async function signOutEverywhereAndHere(): Promise<void> {
  const merchant = await getCurrentMerchant();
  if (merchant) await endAllSessions(merchant.id);
  await signOut({ redirectTo: '/sign-in' });
}

/** "Sign out everywhere" and a password change: every other session ends; this browser stays signed in. */
export async function keepOnlyThisSession(userId: string, sessionVersion?: number): Promise<void> {
  const version = sessionVersion ?? (await endAllSessions(userId));
  if (version !== undefined) await reissueSession(userId, version);
}
