'use server';
import { headers } from 'next/headers';
import { AuthError, CredentialsSignin } from 'next-auth';
import { createUser } from '@/db/queries/users';
import { validatedAction } from '@/lib/actions';
import { signIn } from '@/lib/auth';
import { hashPassword } from '@/lib/auth/passwords';
import { signInSchema, signUpSchema } from '@/lib/auth/schemas';
import type { FormState } from '@/lib/form-state';

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

async function signInWithCredentials(email: string, password: string, redirectTo: string): Promise<FormState> {
  try {
    await signIn('credentials', { email, password, redirectTo });
  } catch (error) {
    // A successful sign-in throws Next's redirect, which must propagate; only Auth.js errors are answers.
    if (error instanceof CredentialsSignin && error.code === 'rate_limited') {
      return { status: 'error', message: 'errors.tooManyAttempts' };
    }
    if (error instanceof AuthError) return { status: 'error', message: 'errors.invalidCredentials' };
    throw error;
  }
  return { status: 'success' };
}

export const signInAction = validatedAction(
  signInSchema,
  async (data, formData) => signInWithCredentials(data.email, data.password, await safeRedirect(formData.get('callbackUrl'))),
  { secretFields: ['password'] },
);

export const signUpAction = validatedAction(
  signUpSchema,
  async (data) => {
    const user = await createUser({ name: data.name, email: data.email, passwordHash: await hashPassword(data.password) });
    if (!user) return { status: 'error', fieldErrors: { email: ['emailTaken'] } };
    return signInWithCredentials(data.email, data.password, '/');
  },
  { secretFields: ['password'] },
);

