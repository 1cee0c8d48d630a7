import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('forgotPassword');

export default async function ForgotPasswordPage() {
  const t = await getTranslations('auth');
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{t('forgotTitle')}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">{t('forgotIntro')}</p>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="font-medium text-indigo-700 underline">
          {t('backToSignIn')}
        </Link>
      </p>
    </>
  );
}
