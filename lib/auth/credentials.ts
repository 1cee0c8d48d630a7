import 'server-only';
import { getUserByEmail, normalizeEmail } from '@/db/queries/users';
import { consumeRateLimits, RATE_LIMITS, resetRateLimit } from '@/lib/rate-limit';
import { hashForUnknownUsers, verifyPassword } from './passwords';

export type CredentialsResult =
  | { ok: true; user: { id: string; name: string; email: string; sessionVersion: number } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Checks an email and password. Each attempt is counted first, per email and per client address
 * (RATE_LIMITS.signInPerEmail, signInPerIp), in one atomic step per limit: over either limit the password is not
 * checked at all, so parallel guesses cannot slip past the count. A success forgets the email's count. A wrong
 * password and an unknown email give the same answer and take about the same time.
 */
export async function checkCredentials(emailInput: string, password: string, client: { ip: string; now?: Date }): Promise<CredentialsResult> {
  const email = normalizeEmail(emailInput);
  const now = client.now ?? new Date();
  const verdict = await consumeRateLimits(
    [
      { limit: RATE_LIMITS.signInPerEmail, subject: email },
      { limit: RATE_LIMITS.signInPerIp, subject: client.ip },
    ],
    now,
  );
  if (!verdict.allowed) return { ok: false, reason: 'rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  const user = await getUserByEmail(email);
  const valid = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUsers()), password);
  if (!user || !valid) return { ok: false, reason: 'invalid' };
  await resetRateLimit(RATE_LIMITS.signInPerEmail, email);
  return { ok: true, user: { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion } };
}
