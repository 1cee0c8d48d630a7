import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { verifyEmail } from '@/lib/auth/account';
import { getCurrentMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('verifyEmail', { referrer: 'no-referrer' });

/** The link in the verification email: opening it confirms the address (once), signed in or not. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const outcome = await verifyEmail(token);
  // Read after verifying, so a signed-in merchant is offered the dashboard (without the banner).
  const signedIn = (await getCurrentMerchant()) !== null;
  const t = await getTranslations('auth');
  const message = outcome === 'verified' ? t('verified') : outcome === 'already_verified' ? t('alreadyVerified') : t('verifyLinkInvalid');
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{outcome === 'invalid' ? t('linkInvalidTitle') : t('verifyTitle')}</h1>
      <p role={outcome === 'invalid' ? 'alert' : 'status'} className="mt-3 text-sm text-slate-700">
        {message}
      </p>
      <p className="mt-6 text-sm">
        <Link href={signedIn ? '/' : '/sign-in'} className="font-medium text-indigo-700 underline">
          {signedIn ? t('toDashboard') : t('toSignIn')}
        </Link>
      </p>
    </>
  );
}
