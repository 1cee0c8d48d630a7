import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requireMerchant } from '@/lib/session';

export default async function DashboardPage() {
  const merchant = await requireMerchant();
  const t = await getTranslations('dashboard');
  return (
    <main id="main" className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title', { name: merchant.name })}</h1>
      <p>
        <Link href="/settings/payment-gateways" className="font-medium text-indigo-700 underline">
          {t('manageGateways')}
        </Link>
      </p>
    </main>
  );
}
