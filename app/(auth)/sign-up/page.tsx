import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { getCurrentMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('signUp');

export default async function SignUpPage() {
  if (await getCurrentMerchant()) redirect('/');
  const t = await getTranslations('auth');
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{t('signUpTitle')}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">{t('signUpIntro')}</p>
      <SignUpForm />
      <p className="mt-6 text-sm text-slate-600">
        {t('haveAccount')}{' '}
        <Link href="/sign-in" className="font-medium text-indigo-700 underline">
          {t('toSignIn')}
        </Link>
      </p>
    </>
  );
}
