// The account forms' server actions over their limits: a clear message on the form (server actions cannot answer
// 429), never an error; and the same answer whether or not an account exists. The actions are called directly, as a
// crafted POST would call them, on a real database (PGlite, and PostgreSQL when DATABASE_URL is set); Next's request
// APIs and Auth.js's signIn are replaced.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it, vi } from 'vitest';
import { forgotPasswordAction, signInAction, signUpAction } from '@/app/(auth)/actions';
import { resendVerificationAction } from '@/app/(dashboard)/actions';
import { getDb } from '@/db';
import { createUser, getMerchantProfile, type MerchantProfile } from '@/db/queries/users';
import { emailOutbox } from '@/db/schema';
import { setEmailSender } from '@/lib/email/transport';
import { initialFormState } from '@/lib/form-state';
import { describeEachDatabase } from './support/databases';

const request = vi.hoisted(() => ({
  ip: '10.0.0.1',
  afterAnswer: [] as (() => Promise<void>)[],
  merchant: null as MerchantProfile | null,
  signInError: null as Error | null,
}));

vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-forwarded-for': request.ip, host: 'localhost' }), cookies: async () => new Map<string, { value: string }>() }));
vi.mock('next/server', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/server')>()),
  after: (work: () => Promise<void>) => request.afterAnswer.push(work),
}));
vi.mock('next/navigation', () => ({
  redirect: (url: string): never => {
    throw new Error(`redirect ${url}`);
  },
}));
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {}, CredentialsSignin: class CredentialsSignin extends Error {} }));
vi.mock('@/lib/auth', () => {
  class TooManyAttempts extends Error {
    constructor(readonly retryAfterSeconds: number) {
      super('rate_limited');
    }
  }
  return {
    TooManyAttempts,
    signIn: async () => {
      if (request.signInError) throw request.signInError;
      throw new Error('redirect /');
    },
  };
});
vi.mock('@/lib/session', () => ({ getCurrentMerchant: async () => request.merchant }));

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

async function answered<T>(answer: Promise<T>): Promise<T | string> {
  return answer.catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
}

beforeEach(() => {
  request.ip = `10.2.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
  request.afterAnswer = [];
  request.merchant = null;
  request.signInError = null;
  setEmailSender(null);
});

it('sign-in over a limit says how long to wait, and never echoes the password', async () => {
  const { TooManyAttempts } = await import('@/lib/auth');
  request.signInError = new TooManyAttempts(42);
  expect(await signInAction(initialFormState, form({ email: 'ana@example.com', password: 'secret-password' }))).toEqual({
    status: 'error',
    message: 'errors.tooManyAttempts',
    messageValues: { minutes: '1' },
    values: { email: 'ana@example.com' },
  });
});

describeEachDatabase('account forms', () => {
  it('forgot password: the same answer for any address; the 6th request from one address in an hour is refused', async () => {
    const owner = await createUser({ name: 'Owner', email: `owner-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
    if (!owner) throw new Error('no user');
    const sent = { status: 'success', message: 'auth.resetLinkSent' };
    expect(await forgotPasswordAction(initialFormState, form({ email: owner.email }))).toMatchObject(sent);
    expect(await forgotPasswordAction(initialFormState, form({ email: 'nobody@example.com' }))).toMatchObject(sent);
    // The email is written after the answer, for an existing account only.
    expect(request.afterAnswer).toHaveLength(2);
    for (const work of request.afterAnswer) await work();
    const db = await getDb();
    expect((await db.select().from(emailOutbox).where(eq(emailOutbox.merchantId, owner.id))).map((email) => email.subject)).toEqual(['Reset your password']);

    for (let index = 0; index < 3; index++) expect(await forgotPasswordAction(initialFormState, form({ email: 'nobody@example.com' }))).toMatchObject(sent);
    expect(await forgotPasswordAction(initialFormState, form({ email: owner.email }))).toEqual({
      status: 'error',
      message: 'errors.tooManyRequests',
      messageValues: { minutes: '60' },
      values: { email: owner.email },
    });
    // Another address is not affected.
    request.ip = '10.3.0.1';
    expect(await forgotPasswordAction(initialFormState, form({ email: owner.email }))).toMatchObject(sent);
  });

  it('resending the verification email shares that limit', async () => {
    const user = await createUser({ name: 'New', email: `new-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
    request.merchant = (await getMerchantProfile(user?.id ?? '')) ?? null;
    for (let index = 0; index < 4; index++) await forgotPasswordAction(initialFormState, form({ email: 'nobody@example.com' }));
    expect(await resendVerificationAction(initialFormState, form({}))).toEqual({
      status: 'success',
      message: 'auth.verificationSent',
      messageValues: { email: user?.email },
    });
    expect(await resendVerificationAction(initialFormState, form({}))).toEqual({ status: 'error', message: 'errors.tooManyRequests', messageValues: { minutes: '60' } });
  });

  it('sign-up: "check your email" for a new address and for a taken one alike; the 6th from one address in an hour is refused', async () => {
    const taken = `taken-${randomBytes(4).toString('hex')}@example.com`;
    await createUser({ name: 'Taken', email: taken, passwordHash: 'x' });
    const signUp = (email: string) => answered(signUpAction(initialFormState, form({ name: 'Ana', email, password: 'a-long-password-1' })));
    expect(await signUp(`new-${randomBytes(4).toString('hex')}@example.com`)).toBe('redirect /sign-up/check-email');
    expect(await signUp(taken)).toBe('redirect /sign-up/check-email');
    for (let index = 0; index < 3; index++) expect(await signUp(`new-${randomBytes(4).toString('hex')}@example.com`)).toBe('redirect /sign-up/check-email');
    expect(await signUp(`new-${randomBytes(4).toString('hex')}@example.com`)).toEqual({
      status: 'error',
      message: 'errors.tooManyRequests',
      messageValues: { minutes: '60' },
      values: { name: 'Ana', email: expect.stringContaining('@example.com') },
    });
  });
});
