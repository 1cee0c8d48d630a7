import 'server-only';
import { countSignInFailuresSince, recordSignInFailure } from '@/db/queries/sign-in-failures';
import { getUserByEmail, normalizeEmail } from '@/db/queries/users';
import { hashForUnknownUsers, verifyPassword } from './passwords';

export const SIGN_IN_LIMIT = { failures: 5, windowMs: 60_000 } as const;

export type CredentialsResult =
  | { ok: true; user: { id: string; name: string; email: string } }
  | { ok: false; reason: 'invalid' | 'rate_limited' };

/**
 * Checks an email and password. A wrong password and an unknown email give the same answer and take about
 * the same time; after SIGN_IN_LIMIT.failures failures in a minute, the email is refused without checking.
 */
export async function checkCredentials(emailInput: string, password: string, now = new Date()): Promise<CredentialsResult> {
  const email = normalizeEmail(emailInput);
  const windowStart = new Date(now.getTime() - SIGN_IN_LIMIT.windowMs);
  if ((await countSignInFailuresSince(email, windowStart)) >= SIGN_IN_LIMIT.failures) {
    return { ok: false, reason: 'rate_limited' };
  }
  const user = await getUserByEmail(email);
  const valid = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUsers()), password);
  if (!user || !valid) {
    await recordSignInFailure(email, now, new Date(now.getTime() - 60 * SIGN_IN_LIMIT.windowMs));
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, user: { id: user.id, name: user.name, email: user.email } };
}
