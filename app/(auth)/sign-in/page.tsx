import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getCurrentMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('signIn');

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; reset?: string }> }) {
  if (await getCurrentMerchant()) redirect('/');
  const { callbackUrl, reset } = await searchParams;
  const t = await getTranslations('auth');
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{t('signInTitle')}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">{t('signInIntro')}</p>
      {reset === '1' ? (
        <p role="status" className="mb-4 rounded-md border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('passwordWasReset')}
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl ?? '/'} />
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="font-medium text-indigo-700 underline">
          {t('forgotPasswordLink')}
        </Link>
      </p>
      <p className="mt-6 text-sm text-slate-600">
        {t('noAccount')}{' '}
        <Link href="/sign-up" className="font-medium text-indigo-700 underline">
          {t('toSignUp')}
        </Link>
      </p>
    </>
  );
}
