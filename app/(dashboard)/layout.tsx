import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { VerifyEmailBanner } from '@/components/account/verify-email-banner';
import { AlertsBell } from '@/components/alerts/alerts-bell';
import { ProfileMenu } from '@/components/shell/profile-menu';
import { countUnreadAlerts } from '@/db/queries/alerts';
import { requireMerchant } from '@/lib/session';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const merchant = await requireMerchant();
  const t = await getTranslations();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
          <Link href="/" className="font-semibold text-indigo-800">
            {t('app.name')}
          </Link>
          <nav aria-label={t('shell.mainNavigation')} className="flex flex-1 gap-4 px-8 text-sm">
            <Link href="/" className="text-slate-700 hover:text-slate-950">
              {t('shell.dashboard')}
            </Link>
            <Link href="/prices" className="text-slate-700 hover:text-slate-950">{t('prices.title')}</Link>
            <Link href="/payments" className="text-slate-700 hover:text-slate-950">
              {t('shell.payments')}
            </Link>
            <Link href="/subscriptions" className="text-slate-700 hover:text-slate-950">
              {t('shell.subscriptions')}
            </Link>
          </nav>
          <AlertsBell unread={await countUnreadAlerts(merchant.id)} />
          <ProfileMenu name={merchant.name} image={merchant.image} />
        </div>
      </header>
      {merchant.emailVerified ? null : <VerifyEmailBanner email={merchant.email} />}
      <div className="mx-auto max-w-6xl px-4 py-8">{children}</div>
    </div>
  );
}
