// Sessions that end on the server: a session cookie carries the account's session version from sign-in, and
// getCurrentMerchant (lib/session.ts, the door of every page and action) treats any other version as signed out.
// Auth.js is replaced by the session a cookie would decode to; the database is real (PGlite, and PostgreSQL when
// DATABASE_URL is set).
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db';
import { createUser } from '@/db/queries/users';
import { emailOutbox } from '@/db/schema';
import { changePassword, endAllSessions, requestPasswordReset, resetPassword } from '@/lib/auth/account';
import { authConfig } from '@/lib/auth/config';
import { hashPassword } from '@/lib/auth/passwords';
import { setEmailSender } from '@/lib/email/transport';
import { describeEachDatabase } from './support/databases';

const cookie = vi.hoisted(() => ({ session: null as Session | null, reissued: undefined as number | undefined }));
vi.mock('@/lib/auth', () => ({ auth: async () => cookie.session, reissuedSessionVersion: async () => cookie.reissued }));
vi.mock('next/navigation', () => ({
  redirect: (url: string): never => {
    throw new Error(`redirect ${url}`);
  },
}));

const { getCurrentMerchant, requireMerchant } = await import('@/lib/session');

/** What Auth.js hands lib/session.ts for a cookie issued to `userId` under `sessionVersion`. */
function sessionFor(userId: string, sessionVersion: number | undefined): Session {
  const token = { sub: userId, ...(sessionVersion === undefined ? {} : { sv: sessionVersion }) };
  const session = { user: { id: '' }, expires: new Date(Date.now() + 60_000).toISOString() } as Session;
  return authConfig.callbacks.session({ session, token } as Parameters<typeof authConfig.callbacks.session>[0]) as Session;
}

beforeEach(() => {
  cookie.session = null;
  cookie.reissued = undefined;
  setEmailSender(null);
});

describe('the session callback', () => {
  it('exposes the cookie’s version; a cookie from before versions existed counts as version 0', () => {
    expect(sessionFor('u1', 3)).toMatchObject({ user: { id: 'u1' }, sessionVersion: 3 });
    expect(sessionFor('u1', undefined).sessionVersion).toBe(0);
  });
});

describeEachDatabase('session versions on each request', () => {
  async function merchant(password = 'correct-horse-1') {
    const user = await createUser({ name: 'Shop', email: `shop-${randomBytes(4).toString('hex')}@example.com`, passwordHash: await hashPassword(password) });
    if (!user) throw new Error('no user');
    return user;
  }

  it('a cookie copied before sign-out no longer opens the dashboard', async () => {
    const user = await merchant();
    const copied = sessionFor(user.id, 0);
    cookie.session = copied;
    expect(await getCurrentMerchant()).toMatchObject({ id: user.id, emailVerified: false });
    // Sign-out raises the version (lib/auth/sessions.ts); the browser's cookie is deleted, but a copy remains.
    await endAllSessions(user.id);
    cookie.session = copied;
    expect(await getCurrentMerchant()).toBeNull();
    await expect(requireMerchant()).rejects.toThrow('redirect /sign-in');
    // Signing in again issues a cookie under the new version.
    cookie.session = sessionFor(user.id, 1);
    expect(await getCurrentMerchant()).toMatchObject({ id: user.id });
  });

  it('a password change ends the other sessions; the re-issued one carries the new version', async () => {
    const user = await merchant('old-password-1');
    const other = sessionFor(user.id, 0);
    const result = await changePassword(user.id, { currentPassword: 'old-password-1', newPassword: 'new-password-1' }, { ip: '10.9.9.9' });
    if (!result.ok) throw new Error('not changed');
    cookie.session = other;
    expect(await getCurrentMerchant()).toBeNull();
    cookie.session = sessionFor(user.id, result.sessionVersion);
    expect(await getCurrentMerchant()).toMatchObject({ id: user.id });
    // The page rendered in the same request as the change: the request still carries the old cookie, the cookie
    // store has the re-issued one (Next renders again after an action that sets a cookie).
    cookie.session = other;
    cookie.reissued = result.sessionVersion;
    expect(await getCurrentMerchant()).toMatchObject({ id: user.id });
    cookie.reissued = result.sessionVersion - 1;
    expect(await getCurrentMerchant()).toBeNull();
  });

  it('a password reset ends every session', async () => {
    const user = await merchant();
    const before = sessionFor(user.id, 0);
    await requestPasswordReset(user.email);
    const [email] = await (await getDb()).select().from(emailOutbox).where(eq(emailOutbox.merchantId, user.id));
    const token = new URL(/http\S+/.exec(email?.body ?? '')?.[0] ?? 'http://x/').searchParams.get('token');
    expect(await resetPassword(token, 'brand-new-password')).toBe(true);
    cookie.session = before;
    expect(await getCurrentMerchant()).toBeNull();
  });

  it('a session of a deleted or unknown account is signed out', async () => {
    cookie.session = sessionFor('7c9e6679-7425-40de-944b-e07fc1f90ae7', 0);
    expect(await getCurrentMerchant()).toBeNull();
  });
});
