'use server';
import { merchantCommand } from '@/lib/actions';
import { resendVerification } from '@/lib/auth/account';
import { limitedFormState } from '@/lib/auth/limit-message';
import { signOutEverywhereAndHere } from '@/lib/auth/sessions';
import type { FormState } from '@/lib/form-state';
import { consumeRateLimit, RATE_LIMITS } from '@/lib/rate-limit';
import { clientIp } from '@/lib/rate-limit/client-ip';

/** Sign out raises the account's session version: this session, its copies and every other end (README "Accounts"). */
export async function signOutAction(): Promise<void> {
  await signOutEverywhereAndHere();
}

/** The verification banner's "Resend the email": a new link, limited per client address. */
export const resendVerificationAction = merchantCommand<[]>(async (merchant): Promise<FormState> => {
  if (merchant.emailVerified) return { status: 'success', message: 'auth.alreadyVerified' };
  const verdict = await consumeRateLimit(RATE_LIMITS.accountEmailPerIp, await clientIp());
  if (!verdict.allowed) return limitedFormState('errors.tooManyRequests', verdict.retryAfterSeconds);
  const outcome = await resendVerification(merchant.id);
  return outcome === 'sent'
    ? { status: 'success', message: 'auth.verificationSent', messageValues: { email: merchant.email } }
    : { status: 'success', message: 'auth.alreadyVerified' };
});
