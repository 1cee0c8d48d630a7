import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('checkEmail');

/**
 * Where every sign-up lands, whether the address was new or already had an account (README "Accounts"): the page
 * cannot tell anyone which. A new merchant signs in with the password they chose, and confirms the address from
 * the email when they like; until then they cannot connect a gateway.
 */
export default async function CheckEmailPage() {
  const t = await getTranslations('auth');
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{t('checkEmailTitle')}</h1>
      <p className="mt-3 text-sm text-slate-700">{t('checkEmailBody')}</p>
      <p className="mt-3 text-sm text-slate-700">{t('checkEmailNext')}</p>
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="font-medium text-indigo-700 underline">
          {t('toSignIn')}
        </Link>
      </p>
    </>
  );
}
