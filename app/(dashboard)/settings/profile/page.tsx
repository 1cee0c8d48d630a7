import { getTranslations } from 'next-intl/server';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { SignOutEverywhereForm } from '@/components/account/sign-out-everywhere-form';
import { ProfileForm } from '@/components/settings/profile-form';
import { timeZoneOptions } from '@/lib/i18n/time-zones';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('profile');

export default async function ProfilePage() {
  const merchant = await requireMerchant();
  const t = await getTranslations('profile');
  return (
    <div className="flex max-w-lg flex-col gap-6">
      <section aria-labelledby="profile-title" className="rounded-lg border border-slate-200 bg-white p-6">
        <h1 id="profile-title" className="text-xl font-semibold">
          {t('title')}
        </h1>
        <p className="mt-1 mb-6 text-sm text-slate-600">{t('intro')}</p>
        <ProfileForm name={merchant.name} email={merchant.email} locale={merchant.locale} timeZone={merchant.timeZone} timeZones={timeZoneOptions(new Date(), merchant.timeZone)} />
      </section>
      <section aria-labelledby="password-title" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="password-title" className="text-lg font-semibold">
          {t('passwordTitle')}
        </h2>
        <p className="mt-1 mb-6 text-sm text-slate-600">{t('passwordIntro')}</p>
        <ChangePasswordForm />
      </section>
      <section aria-labelledby="sessions-title" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="sessions-title" className="text-lg font-semibold">
          {t('sessionsTitle')}
        </h2>
        <p className="mt-1 mb-4 text-sm text-slate-600">{t('sessionsIntro')}</p>
        <SignOutEverywhereForm />
      </section>
    </div>
  );
}
