import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { isResetTokenValid } from '@/lib/auth/account';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('resetPassword', { referrer: 'no-referrer' });

/** The link in the reset email. Opening it uses nothing up: only setting the password does (resetPasswordAction). */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const t = await getTranslations('auth');
  if (typeof token !== 'string' || !(await isResetTokenValid(token))) {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">{t('linkInvalidTitle')}</h1>
        <p className="mt-3 text-sm text-slate-700">{t('resetLinkInvalid')}</p>
        <p className="mt-6 text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-700 underline">
            {t('askAgain')}
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{t('resetTitle')}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">{t('resetIntro')}</p>
      <ResetPasswordForm token={token} />
    </>
  );
}
