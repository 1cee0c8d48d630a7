// Accounts (issue 13): single-use account tokens (only a SHA-256 stored, expiry, one use, only the newest link
// works), email verification, password reset and change, session versions, and sign-up answering the same for an
// address with an account. Runs on PGlite and, with DATABASE_URL, PostgreSQL.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { consumeAccountToken, issueAccountToken, readAccountToken } from '@/db/queries/account-tokens';
import { createUser, getMerchantSession, getUserById } from '@/db/queries/users';
import { accountTokens, emailOutbox } from '@/db/schema';
import {
  changePassword,
  endAllSessions,
  isResetTokenValid,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  signUp,
  verifyEmail,
} from '@/lib/auth/account';
import { checkCredentials } from '@/lib/auth/credentials';
import { hashPassword, verifyPassword } from '@/lib/auth/passwords';
import { ACCOUNT_TOKEN_TTL_MS, hashAccountToken, newAccountToken, tokenHashOf } from '@/lib/auth/tokens';
import { setEmailSender } from '@/lib/email/transport';
import { describeEachDatabase } from './support/databases';

beforeAll(() => setEmailSender(null)); // no SMTP: emails are kept in the outbox

const address = (name: string) => `${name}-${randomBytes(4).toString('hex')}@example.com`;
const ip = () => `10.1.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function newUser(name: string, password = 'correct-horse-1') {
  const user = await createUser({ name, email: address(name), passwordHash: await hashPassword(password) });
  if (!user) throw new Error('no user');
  return user;
}

describeEachDatabase('account tokens', (database) => {
  const db = () => database().db;

  it('are 32 random bytes; only their SHA-256 is stored', async () => {
    const { token, tokenHash } = newAccountToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashAccountToken(token)).toBe(tokenHash);
    expect(tokenHashOf(token)).toBe(tokenHash);
    expect(tokenHashOf('not-a-token')).toBeNull();
    expect(tokenHashOf(undefined)).toBeNull();
    expect(newAccountToken().token).not.toBe(token);

    const user = await newUser('hash');
    await requestPasswordReset(user.email);
    const [stored] = await db().select().from(accountTokens).where(eq(accountTokens.userId, user.id));
    const [email] = await db().select().from(emailOutbox).where(eq(emailOutbox.merchantId, user.id));
    const link = /\/reset-password\?token=([\w-]{43})/.exec(email?.body ?? '')?.[1];
    expect(link).toBeDefined();
    expect(stored?.tokenHash).toBe(hashAccountToken(link ?? ''));
    expect(JSON.stringify(stored)).not.toContain(link);
  });

  it('work once, even when two requests use one at the same time', async () => {
    const user = await newUser('once');
    const { tokenHash } = newAccountToken();
    const now = new Date();
    await issueAccountToken(db(), { userId: user.id, purpose: 'reset_password', tokenHash, expiresAt: new Date(now.getTime() + 60_000) }, now);
    const uses = await Promise.all([0, 1, 2].map(() => consumeAccountToken(db(), 'reset_password', tokenHash, now)));
    expect(uses.filter((use) => use === user.id)).toHaveLength(1);
    expect(await readAccountToken('reset_password', tokenHash, now)).toEqual({ state: 'used', userId: user.id });
  });

  it('expire, and serve only their own purpose', async () => {
    const user = await newUser('expiry');
    const { tokenHash } = newAccountToken();
    const now = new Date('2026-12-02T10:00:00Z');
    const expiresAt = new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS.reset_password);
    await issueAccountToken(db(), { userId: user.id, purpose: 'reset_password', tokenHash, expiresAt }, now);
    expect(await consumeAccountToken(db(), 'verify_email', tokenHash, now)).toBeUndefined();
    expect(await readAccountToken('reset_password', tokenHash, expiresAt)).toEqual({ state: 'expired' });
    expect(await consumeAccountToken(db(), 'reset_password', tokenHash, expiresAt)).toBeUndefined();
    expect(await consumeAccountToken(db(), 'reset_password', tokenHash, new Date(expiresAt.getTime() - 1))).toBe(user.id);
  });

  it('a new reset link makes the older unused ones stop working', async () => {
    const user = await newUser('newest');
    const first = newAccountToken();
    const second = newAccountToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 60_000);
    await issueAccountToken(db(), { userId: user.id, purpose: 'reset_password', tokenHash: first.tokenHash, expiresAt }, now);
    await issueAccountToken(db(), { userId: user.id, purpose: 'verify_email', tokenHash: newAccountToken().tokenHash, expiresAt }, now);
    await issueAccountToken(db(), { userId: user.id, purpose: 'reset_password', tokenHash: second.tokenHash, expiresAt }, now);
    expect(await readAccountToken('reset_password', first.tokenHash, now)).toEqual({ state: 'unknown' });
    expect(await readAccountToken('reset_password', second.tokenHash, now)).toEqual({ state: 'valid', userId: user.id });
    // Another purpose is left alone.
    const others = await db().select().from(accountTokens).where(and(eq(accountTokens.userId, user.id), eq(accountTokens.purpose, 'verify_email')));
    expect(others).toHaveLength(1);
  });
});

describeEachDatabase('password reset', (database) => {
  const db = () => database().db;
  const linkIn = async (userId: string, subject: string) => {
    const emails = await db().select().from(emailOutbox).where(eq(emailOutbox.merchantId, userId));
    const body = emails.filter((email) => email.subject === subject).at(-1)?.body ?? '';
    return new URL(/http\S+/.exec(body)?.[0] ?? 'http://x/').searchParams.get('token') ?? '';
  };

  it('sends a 1-hour single-use link; setting a password ends every session and verifies the address', async () => {
    const user = await newUser('reset');
    expect((await getMerchantSession(user.id))?.profile.emailVerified).toBe(false);
    await requestPasswordReset(user.email.toUpperCase());
    const token = await linkIn(user.id, 'Reset your password');
    expect(await isResetTokenValid(token)).toBe(true);

    expect(await resetPassword(token, 'a-brand-new-password')).toBe(true);
    const after = await getUserById(user.id);
    expect(await verifyPassword(after?.passwordHash ?? '', 'a-brand-new-password')).toBe(true);
    expect(after?.sessionVersion).toBe(1);
    expect(after?.emailVerifiedAt).not.toBeNull();
    // Used up.
    expect(await isResetTokenValid(token)).toBe(false);
    expect(await resetPassword(token, 'another-new-password')).toBe(false);
    expect(await verifyPassword((await getUserById(user.id))?.passwordHash ?? '', 'a-brand-new-password')).toBe(true);
  });

  it('refuses an expired link, and an unknown or malformed one', async () => {
    const user = await newUser('late');
    await requestPasswordReset(user.email);
    const token = await linkIn(user.id, 'Reset your password');
    const later = new Date(Date.now() + ACCOUNT_TOKEN_TTL_MS.reset_password + 1_000);
    expect(await isResetTokenValid(token, later)).toBe(false);
    expect(await resetPassword(token, 'a-brand-new-password', later)).toBe(false);
    expect(await resetPassword(newAccountToken().token, 'a-brand-new-password')).toBe(false);
    expect(await resetPassword('short', 'a-brand-new-password')).toBe(false);
    expect((await getUserById(user.id))?.sessionVersion).toBe(0);
  });

  it('does nothing for an unknown address (the form answers the same)', async () => {
    const before = (await db().select().from(emailOutbox)).length;
    await requestPasswordReset(address('nobody'));
    expect(await db().select().from(emailOutbox)).toHaveLength(before);
  });
});

describeEachDatabase('email verification and sign-up', (database) => {
  const db = () => database().db;
  const emailsTo = (userId: string) => db().select().from(emailOutbox).where(eq(emailOutbox.merchantId, userId));

  it('a new sign-up gets a verification link; the link verifies once', async () => {
    const email = address('new');
    const outcome = await signUp({ name: 'New', email, password: 'a-long-password-1' });
    expect(outcome.created).toBe(true);
    await outcome.sendEmail();
    const user = await checkCredentials(email, 'a-long-password-1', { ip: ip() });
    if (!user.ok) throw new Error('sign-in failed');
    const [verification] = await emailsTo(user.user.id);
    expect(verification?.subject).toBe('Confirm your email address');
    const token = new URL(/http\S+/.exec(verification?.body ?? '')?.[0] ?? 'http://x/').searchParams.get('token');
    expect(await verifyEmail('not-a-token')).toBe('invalid');
    expect(await verifyEmail(token)).toBe('verified');
    expect((await getMerchantSession(user.user.id))?.profile.emailVerified).toBe(true);
    expect(await verifyEmail(token)).toBe('already_verified');
    expect(await resendVerification(user.user.id)).toBe('already_verified');
  });

  it('resending makes the older link stop working', async () => {
    const user = await newUser('resend');
    expect(await resendVerification(user.id)).toBe('sent');
    const [first] = await emailsTo(user.id);
    expect(await resendVerification(user.id)).toBe('sent');
    const firstToken = new URL(/http\S+/.exec(first?.body ?? '')?.[0] ?? 'http://x/').searchParams.get('token');
    expect(await verifyEmail(firstToken)).toBe('invalid');
    const emails = await emailsTo(user.id);
    expect(emails).toHaveLength(2);
    const tokens = emails.map((email) => new URL(/http\S+/.exec(email.body)?.[0] ?? 'http://x/').searchParams.get('token'));
    const newest = tokens.find((token) => token !== firstToken);
    expect(await verifyEmail(newest)).toBe('verified');
  });

  it('signing up with an address that has an account changes nothing and tells its owner', async () => {
    const owner = await newUser('owner', 'owner-password-1');
    const outcome = await signUp({ name: 'Someone', email: owner.email.toUpperCase(), password: 'a-long-password-2' });
    expect(outcome.created).toBe(false);
    await outcome.sendEmail();
    const emails = await emailsTo(owner.id);
    expect(emails.map((email) => email.subject)).toEqual(['Someone tried to create an account with your email']);
    expect(emails[0]?.body).toContain('/forgot-password');
    const after = await getUserById(owner.id);
    expect(after?.name).toBe('owner');
    expect(await verifyPassword(after?.passwordHash ?? '', 'owner-password-1')).toBe(true);
  });
});

describeEachDatabase('session versions', (database) => {
  it('sign-out and "Sign out everywhere" raise the version', async () => {
    const user = await newUser('versions');
    expect((await getMerchantSession(user.id))?.sessionVersion).toBe(0);
    expect(await endAllSessions(user.id)).toBe(1);
    expect(await endAllSessions(user.id)).toBe(2);
    expect((await getMerchantSession(user.id))?.sessionVersion).toBe(2);
  });

  it('a password change needs the current password, raises the version and revokes pending reset links', async () => {
    const user = await newUser('change', 'old-password-1');
    await requestPasswordReset(user.email);
    expect(await changePassword(user.id, { currentPassword: 'wrong', newPassword: 'new-password-1' }, { ip: ip() })).toEqual({ ok: false, reason: 'wrong_password' });
    expect((await getUserById(user.id))?.sessionVersion).toBe(0);
    expect(await changePassword(user.id, { currentPassword: 'old-password-1', newPassword: 'new-password-1' }, { ip: ip() })).toEqual({ ok: true, sessionVersion: 1 });
    expect(await checkCredentials(user.email, 'new-password-1', { ip: ip() })).toMatchObject({ ok: true, user: { sessionVersion: 1 } });
    expect(await checkCredentials(user.email, 'old-password-1', { ip: ip() })).toEqual({ ok: false, reason: 'invalid' });
    const [email] = await database().db.select().from(emailOutbox).where(eq(emailOutbox.merchantId, user.id));
    const token = new URL(/http\S+/.exec(email?.body ?? '')?.[0] ?? 'http://x/').searchParams.get('token');
    expect(await isResetTokenValid(token)).toBe(false);
  });

  it('current-password checks count against the sign-in limit', async () => {
    const user = await newUser('guess', 'old-password-1');
    const now = new Date('2026-12-02T10:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => changePassword(user.id, { currentPassword: `guess-${index}`, newPassword: 'new-password-1' }, { ip: ip(), now })),
    );
    expect(results.filter((result) => !result.ok && result.reason === 'rate_limited')).toHaveLength(3);
  });
});
