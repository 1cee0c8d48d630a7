// Accounts a merchant can keep (issue 13): sign-up that answers the same whether or not the address has an
// account, email verification, password reset by a single-use link, password change. Each function is the whole
// rule; the server actions in app/ only check forms, limits and sessions around them.
//
// Emails go through the outbox (lib/email/outbox.ts): kept under Settings → Emails without SMTP, sent with it.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { getEnv } from '@/core/env';
import type { Locale } from '@/core/locales';
import { getDb, type Database } from '@/db';
import { consumeAccountToken, issueAccountToken, readAccountToken, revokeAccountTokens } from '@/db/queries/account-tokens';
import { createUser, getUserByEmail, getUserById, markEmailVerified, normalizeEmail, raiseSessionVersion, setPasswordHash } from '@/db/queries/users';
import { enqueueEmail, sendDueEmails } from '@/lib/email/outbox';
import { renderEmail, type TemplateName } from '@/lib/email/templates';
import { consumeRateLimits, RATE_LIMITS, resetRateLimit } from '@/lib/rate-limit';
import { hashPassword, verifyPassword } from './passwords';
import { ACCOUNT_TOKEN_TTL_MS, newAccountToken, tokenHashOf } from './tokens';

/** Who an account email goes to, and the language it is written in (theirs, from Profile or sign-up). */
type Recipient = { id: string; name: string; email: string; locale: Locale };

const appLink = (path: string, token?: string) => {
  const url = new URL(path, getEnv().APP_URL);
  if (token) url.searchParams.set('token', token);
  return url.toString();
};

/** Writes one account email to the outbox inside `db` (a transaction); returns its id for sending after the commit. */
async function writeAccountEmail(db: Database, to: Recipient, template: TemplateName, values: Record<string, string>, now: Date): Promise<string | null> {
  const text = await renderEmail(template, 'merchant', { name: to.name, email: to.email, ...values }, to.locale);
  if (!text) return null;
  // Every account email is its own event (each link is new), so its key is unique.
  return enqueueEmail(db, { merchantId: to.id, dedupeKey: `account:${template}:${to.id}:${randomUUID()}`, audience: 'merchant', to: to.email, ...text }, now);
}

/** A new link (the user's older unused links of this purpose stop working) and its email, in one transaction. */
async function sendTokenEmail(user: Recipient, purpose: 'verify_email' | 'reset_password', now: Date): Promise<void> {
  const db = await getDb();
  const { token, tokenHash } = newAccountToken();
  const emailId = await db.transaction(async (tx) => {
    await issueAccountToken(tx, { userId: user.id, purpose, tokenHash, expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS[purpose]) }, now);
    return purpose === 'verify_email'
      ? writeAccountEmail(tx, user, 'verifyEmail', { link: appLink('/verify-email', token) }, now)
      : writeAccountEmail(tx, user, 'passwordReset', { link: appLink('/reset-password', token) }, now);
  });
  // Sent now when a sender is configured; a failure stays queued for the scheduler's retries.
  if (emailId) await sendDueEmails(db, now, [emailId]);
}

export type Limited = { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

// ---------------------------------------------------------------------------------------------------------------
// Sign-up

/**
 * Creates the account, or finds that the address has one; the caller answers both the same ("check your email").
 * Returns what to send (the caller sends it after answering, so the answer's timing does not tell either).
 */
export async function signUp(input: { name: string; email: string; password: string; locale?: Locale; timeZone?: string }): Promise<{ created: boolean; sendEmail: () => Promise<void> }> {
  // Hashed in both cases, so an existing address answers as slowly as a new one.
  const passwordHash = await hashPassword(input.password);
  const created = await createUser({ name: input.name, email: input.email, passwordHash, locale: input.locale, timeZone: input.timeZone });
  if (created) return { created: true, sendEmail: () => sendTokenEmail(created, 'verify_email', new Date()) };
  const email = normalizeEmail(input.email);
  return { created: false, sendEmail: () => sendSignUpAttemptEmail(email, new Date()) };
}

/** To the owner of an address someone tried to sign up with: nothing changed; how to sign in or reset. */
async function sendSignUpAttemptEmail(email: string, now: Date): Promise<void> {
  const user = await getUserByEmail(email);
  if (!user) return;
  const db = await getDb();
  const id = await writeAccountEmail(db, user, 'signUpAttempt', { signInLink: appLink('/sign-in'), resetLink: appLink('/forgot-password') }, now);
  if (id) await sendDueEmails(db, now, [id]);
}

// ---------------------------------------------------------------------------------------------------------------
// Email verification

/** Banner → Resend: a new verification link (the old one stops working); nothing for a verified address. */
export async function resendVerification(userId: string, now = new Date()): Promise<'sent' | 'already_verified'> {
  const user = await getUserById(userId);
  if (!user || user.emailVerifiedAt) return 'already_verified';
  await sendTokenEmail(user, 'verify_email', now);
  return 'sent';
}

/** The link in the verification email: marks the address verified, once. */
export async function verifyEmail(token: unknown, now = new Date()): Promise<'verified' | 'already_verified' | 'invalid'> {
  const tokenHash = tokenHashOf(token);
  if (!tokenHash) return 'invalid';
  const db = await getDb();
  const userId = await db.transaction(async (tx) => {
    const owner = await consumeAccountToken(tx, 'verify_email', tokenHash, now);
    if (owner) await markEmailVerified(tx, owner, now);
    return owner;
  });
  if (userId) return 'verified';
  // A second click on a used link, by a verified merchant, is not an error for them.
  const state = await readAccountToken('verify_email', tokenHash, now);
  if (state.state === 'used' && (await getUserById(state.userId))?.emailVerifiedAt) return 'already_verified';
  return 'invalid';
}

// ---------------------------------------------------------------------------------------------------------------
// Password reset

/**
 * Forgot password: a reset link to the address if it has an account, nothing otherwise (the caller answers the
 * same either way, and calls this after answering).
 */
export async function requestPasswordReset(email: string, now = new Date()): Promise<void> {
  const user = await getUserByEmail(email);
  if (user) await sendTokenEmail(user, 'reset_password', now);
}

/** Whether a reset link still works (its page shows the form, or says it does not). */
export async function isResetTokenValid(token: unknown, now = new Date()): Promise<boolean> {
  const tokenHash = tokenHashOf(token);
  return tokenHash !== null && (await readAccountToken('reset_password', tokenHash, now)).state === 'valid';
}

/**
 * Sets a new password through a reset link, in one transaction: the token is used up, the password replaced,
 * every session ended, the user's other reset links revoked, and the address counts as verified (the link proved
 * it). The per-email sign-in count is forgotten, so a merchant who locked themselves out can sign in at once.
 */
export async function resetPassword(token: unknown, password: string, now = new Date()): Promise<boolean> {
  const tokenHash = tokenHashOf(token);
  if (!tokenHash) return false;
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const userId = await db.transaction(async (tx) => {
    const owner = await consumeAccountToken(tx, 'reset_password', tokenHash, now);
    if (!owner) return undefined;
    await setPasswordHash(tx, owner, passwordHash);
    await revokeAccountTokens(tx, owner, 'reset_password');
    await markEmailVerified(tx, owner, now);
    return owner;
  });
  if (!userId) return false;
  const user = await getUserById(userId);
  if (user) await resetRateLimit(RATE_LIMITS.signInPerEmail, user.email);
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Password change and sessions

export type PasswordChange = { ok: true; sessionVersion: number } | { ok: false; reason: 'wrong_password' } | Limited;

/**
 * Profile → Change password. The current password is checked like a sign-in (the same per-email and per-address
 * limits, counted first), so a borrowed session cannot be used to guess it. On success every session ends (the
 * caller re-issues the current one under the returned version) and pending reset links stop working.
 */
export async function changePassword(
  userId: string,
  input: { currentPassword: string; newPassword: string },
  client: { ip: string; now?: Date },
): Promise<PasswordChange> {
  const user = await getUserById(userId);
  if (!user) return { ok: false, reason: 'wrong_password' };
  const verdict = await consumeRateLimits(
    [
      { limit: RATE_LIMITS.signInPerEmail, subject: user.email },
      { limit: RATE_LIMITS.signInPerIp, subject: client.ip },
    ],
    client.now,
  );
  if (!verdict.allowed) return { ok: false, reason: 'rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false, reason: 'wrong_password' };
  await resetRateLimit(RATE_LIMITS.signInPerEmail, user.email);
  const passwordHash = await hashPassword(input.newPassword);
  const db = await getDb();
  const sessionVersion = await db.transaction(async (tx) => {
    const version = await setPasswordHash(tx, userId, passwordHash);
    await revokeAccountTokens(tx, userId, 'reset_password');
    return version;
  });
  if (sessionVersion === undefined) return { ok: false, reason: 'wrong_password' };
  return { ok: true, sessionVersion };
}

/** Ends every session of the user (sign-out, "Sign out everywhere"); returns the new version. */
export function endAllSessions(userId: string): Promise<number | undefined> {
  return raiseSessionVersion(userId);
}
