'use server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { AuthError, CredentialsSignin } from 'next-auth';
import { validatedAction } from '@/lib/actions';
import { signIn, TooManyAttempts } from '@/lib/auth';
import { requestPasswordReset, resetPassword, signUp } from '@/lib/auth/account';
import { limitedFormState } from '@/lib/auth/limit-message';
import { forgotPasswordSchema, resetPasswordSchema, signInSchema, signUpSchema } from '@/lib/auth/schemas';
import type { FormState } from '@/lib/form-state';
import { consumeRateLimit, RATE_LIMITS, type LimitVerdict } from '@/lib/rate-limit';
import { clientIp } from '@/lib/rate-limit/client-ip';
import { visitorLanguage } from '@/lib/i18n/visitor';
import { log } from '@/lib/server/log';

/**
 * Only this site's paths, so a crafted link cannot send a merchant elsewhere after signing in. Auth.js hands
 * us an absolute callbackUrl; we keep its path when its host is ours.
 */
async function safeRedirect(callbackUrl: FormDataEntryValue | null): Promise<string> {
  const host = (await headers()).get('host') ?? 'localhost';
  try {
    const url = new URL(typeof callbackUrl === 'string' && callbackUrl ? callbackUrl : '/', `http://${host}`);
    return url.host === host && !url.pathname.startsWith('//') ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

async function perIp(limit: (typeof RATE_LIMITS)['signUpPerIp' | 'accountEmailPerIp']): Promise<LimitVerdict> {
  return consumeRateLimit(limit, await clientIp());
}

/** Work done after the answer is sent (emails), so how long the answer takes does not tell whether an account exists. */
function afterAnswering(what: string, work: () => Promise<void>): void {
  after(async () => {
    try {
      await work();
    } catch (error) {
      log.error('account email failed', { what, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

async function signInWithCredentials(email: string, password: string, redirectTo: string): Promise<FormState> {
  try {
    await signIn('credentials', { email, password, redirectTo });
  } catch (error) {
    // A successful sign-in throws Next's redirect, which must propagate; only Auth.js errors are answers.
    if (error instanceof TooManyAttempts) return limitedFormState('errors.tooManyAttempts', error.retryAfterSeconds);
    if (error instanceof CredentialsSignin) return { status: 'error', message: 'errors.invalidCredentials' };
    if (error instanceof AuthError) {
      log.error('sign-in failed', { name: error.name });
      return { status: 'error', message: 'errors.unexpected' };
    }
    throw error;
  }
  return { status: 'success' };
}

export const signInAction = validatedAction(
  signInSchema,
  async (data, formData) => signInWithCredentials(data.email, data.password, await safeRedirect(formData.get('callbackUrl'))),
  { secretFields: ['password'] },
);

/**
 * Answers the same whether or not the address has an account: "check your email". A new address gets a
 * verification link; an existing one gets an email saying someone tried, and how to sign in or reset.
 */
export const signUpAction = validatedAction(
  signUpSchema,
  async (data) => {
    const verdict = await perIp(RATE_LIMITS.signUpPerIp);
    if (!verdict.allowed) return limitedFormState('errors.tooManyRequests', verdict.retryAfterSeconds);
    // The new account starts in the language this page was in and the zone the browser reported (Profile changes both).
    const outcome = await signUp({ ...data, ...(await visitorLanguage()) });
    afterAnswering('sign-up', outcome.sendEmail);
    redirect('/sign-up/check-email');
  },
  { secretFields: ['password'] },
);

/** Forgot password: always the same answer; the link goes out (to an existing account only) after answering. */
export const forgotPasswordAction = validatedAction(forgotPasswordSchema, async (data) => {
  const verdict = await perIp(RATE_LIMITS.accountEmailPerIp);
  if (!verdict.allowed) return limitedFormState('errors.tooManyRequests', verdict.retryAfterSeconds);
  afterAnswering('password reset', () => requestPasswordReset(data.email));
  return { status: 'success', message: 'auth.resetLinkSent', values: { email: data.email } };
});

/** The reset page's form: a used, expired or unknown link changes nothing and says so; success → sign in. */
export const resetPasswordAction = validatedAction(
  resetPasswordSchema,
  async (data) => {
    if (!(await resetPassword(data.token, data.password))) return { status: 'error', message: 'auth.resetLinkInvalid' };
    redirect('/sign-in?reset=1');
  },
  { secretFields: ['password'] },
);
