import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ProfileForm } from '@/components/settings/profile-form';
import { requireMerchant } from '@/lib/session';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const merchant = await requireMerchant();
  const t = await getTranslations('profile');
  return (
    <section aria-labelledby="profile-title" className="max-w-lg rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="profile-title" className="text-xl font-semibold">
        {t('title')}
      </h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">{t('intro')}</p>
      <ProfileForm name={merchant.name} email={merchant.email} />
    </section>
  );
}
