// Settings → Payment gateways → Manage → Notifications: what this gateway told us about the merchant's account,
// newest first, and how many requests were refused at the door (e.g. signed with a wrong secret).
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { NotificationsPagination } from '@/components/gateways/notifications-pagination';
import { NotificationsRejections } from '@/components/gateways/notifications-rejections';
import { NotificationsTable } from '@/components/gateways/notifications-table';
import { listNotifications } from '@/db/queries/webhook-events';
import { findGateway } from '@/lib/gateways/adapters';
import { listCursor } from '@/lib/payments/list-params';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('notifications');

type Props = {
  params: Promise<{ gateway: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function NotificationsPage({ params, searchParams }: Props) {
  const adapter = findGateway((await params).gateway);
  if (!adapter) notFound();
  const { id: gateway, name } = adapter.catalog;
  const merchant = await requireMerchant();
  const t = await getTranslations('notifications');
  const data = await listNotifications(merchant.id, gateway, listCursor(await searchParams));
  return (
    <section aria-labelledby="notifications-title" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <Link href="/settings/payment-gateways" className="text-sm text-indigo-700 underline">
        {t('backToGateways')}
      </Link>
      <div>
        <h1 id="notifications-title" className="text-xl font-semibold">
          {t('title', { gateway: name })}
        </h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('intro', { gateway: name })}</p>
      </div>
      <NotificationsRejections rejections={data.rejections} />
      <NotificationsTable events={data.events} gatewayName={name} />
      <NotificationsPagination gateway={gateway} count={data.count} links={data.links} />
    </section>
  );
}
