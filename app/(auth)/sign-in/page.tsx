import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getCurrentMerchant } from '@/lib/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getCurrentMerchant()) redirect('/');
  const { callbackUrl } = await searchParams;
  const t = await getTranslations('auth');
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{t('signInTitle')}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">{t('signInIntro')}</p>
      <SignInForm callbackUrl={callbackUrl ?? '/'} />
      <p className="mt-6 text-sm text-slate-600">
        {t('noAccount')}{' '}
        <Link href="/sign-up" className="font-medium text-indigo-700 underline">
          {t('toSignUp')}
        </Link>
      </p>
    </>
  );
}
