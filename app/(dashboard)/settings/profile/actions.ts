'use server';
import { revalidatePath } from 'next/cache';
import { updateUserProfile } from '@/db/queries/users';
import { merchantAction, merchantCommand } from '@/lib/actions';
import { changePassword } from '@/lib/auth/account';
import { limitedFormState } from '@/lib/auth/limit-message';
import { changePasswordSchema } from '@/lib/auth/schemas';
import { keepOnlyThisSession } from '@/lib/auth/sessions';
import type { FormState } from '@/lib/form-state';
import { profileSchema } from '@/lib/merchants/profile-schema';
import { clientIp } from '@/lib/rate-limit/client-ip';

export const updateProfileAction = merchantAction(profileSchema, async (data, merchant) => {
  await updateUserProfile(merchant.id, data);
  // The whole dashboard follows the new language and zone (i18n/request.ts reads them per request).
  revalidatePath('/', 'layout');
  return { status: 'success', message: 'profile.saved', values: { name: data.name, locale: data.locale, timeZone: data.timeZone } };
});

// The two actions below re-issue this browser's session cookie and must not revalidate: a render in the same
// request would still read the old cookie (now of an ended session). The cookie change alone refreshes the page.

/** Current password required; every other session ends, this one is re-issued under the new version. */
export const changePasswordAction = merchantAction(
  changePasswordSchema,
  async (data, merchant) => {
    const result = await changePassword(merchant.id, data, { ip: await clientIp() });
    if (!result.ok && result.reason === 'wrong_password') return { status: 'error', fieldErrors: { currentPassword: ['currentPasswordWrong'] } };
    if (!result.ok) return limitedFormState('errors.tooManyAttempts', result.retryAfterSeconds);
    await keepOnlyThisSession(merchant.id, result.sessionVersion);
    return { status: 'success', message: 'profile.passwordChanged' };
  },
  { secretFields: ['currentPassword', 'newPassword'] },
);

/** Profile → "Sign out everywhere": every other session (and any copy of a cookie) ends; this one stays. */
export const signOutEverywhereAction = merchantCommand<[]>(async (merchant): Promise<FormState> => {
  await keepOnlyThisSession(merchant.id);
  return { status: 'success', message: 'profile.signedOutEverywhere' };
});
