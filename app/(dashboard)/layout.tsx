import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { VerifyEmailBanner } from '@/components/account/verify-email-banner';
import { AlertsBell } from '@/components/alerts/alerts-bell';
import { MainMenuButton, MainNav, type NavItem } from '@/components/shell/main-nav';
import { ProfileMenu } from '@/components/shell/profile-menu';
import { countUnreadAlerts } from '@/db/queries/alerts';
import { requireMerchant } from '@/lib/session';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const merchant = await requireMerchant();
  const t = await getTranslations();
  const items: NavItem[] = [
    { href: '/', label: t('shell.dashboard') },
    { href: '/prices', label: t('prices.title') },
    { href: '/payments', label: t('shell.payments') },
    { href: '/subscriptions', label: t('shell.subscriptions') },
  ];
  return (
    <div className="min-h-screen">
      {/* On a phone the links move into the Menu sheet; the bell and the account menu stay in the bar at every width. */}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-2 px-4 py-3 md:gap-8">
          <MainMenuButton label={t('shell.mainNavigation')} items={items} />
          <Link href="/" className="min-w-0 truncate font-semibold text-indigo-800">
            {t('app.name')}
          </Link>
          <MainNav label={t('shell.mainNavigation')} items={items} />
          <div className="ms-auto flex shrink-0 items-center">
            <AlertsBell unread={await countUnreadAlerts(merchant.id)} />
            <ProfileMenu name={merchant.name} image={merchant.image} />
          </div>
        </div>
      </header>
      {merchant.emailVerified ? null : <VerifyEmailBanner email={merchant.email} />}
      <div className="mx-auto max-w-6xl px-4 py-6 md:py-8">{children}</div>
    </div>
  );
}
