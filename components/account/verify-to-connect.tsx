import { getTranslations } from 'next-intl/server';

/** Where Connect is (the gateway list, the Connect popup): why an unverified merchant cannot connect yet. */
export async function VerifyToConnect({ email }: { email: string }) {
  const t = await getTranslations('auth');
  return (
    <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      {t('verifyToConnect', { email })}
    </p>
  );
}
