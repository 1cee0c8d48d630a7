import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { SettingsNav } from '@/components/shell/settings-nav';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('settings');
  const tEmails = await getTranslations('emails');
  return (
    <div className="flex flex-col gap-6 md:flex-row">
      <aside className="md:w-56">
        <p className="mb-2 text-sm font-semibold tracking-wide text-slate-600 uppercase">{t('title')}</p>
        <SettingsNav
          label={t('navigation')}
          items={[
            { href: '/settings/profile', label: t('profile') },
            { href: '/settings/payment-gateways', label: t('paymentGateways') },
            { href: '/settings/emails', label: tEmails('menu') },
          ]}
        />
      </aside>
      <main id="main" className="flex-1">
        {children}
      </main>
    </div>
  );
}
