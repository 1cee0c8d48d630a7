// Newer / older pages of the notifications list (a cursor in the URL, ?after= / ?before=; the page is
// server-rendered), with the count, capped.
import { getTranslations } from 'next-intl/server';
import { Pagination } from '@/components/ui/pagination';
import type { GatewayId } from '@/core/gateway-ids';
import type { CappedCount, PageLinks } from '@/db/queries/keyset';

type Props = { gateway: GatewayId; count: CappedCount; links: PageLinks };

export async function NotificationsPagination({ gateway, count, links }: Props) {
  const t = await getTranslations('notifications');
  if (count.value === 0) return null;
  const path = `/settings/payment-gateways/${gateway}/notifications`;
  return (
    <Pagination
      label={t('pagination')}
      summary={t('countInAll', { count: count.value, capped: String(count.capped) })}
      newerHref={links.newer ? `${path}?before=${links.newer}` : undefined}
      olderHref={links.older ? `${path}?after=${links.older}` : undefined}
      newerLabel={t('newer')}
      olderLabel={t('older')}
    />
  );
}
