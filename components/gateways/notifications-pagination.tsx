// Newer / older pages of the notifications list (?page= in the URL; the page is server-rendered).
import { getTranslations } from 'next-intl/server';
import { Pagination } from '@/components/ui/pagination';
import type { GatewayId } from '@/core/gateway-ids';

type Props = { gateway: GatewayId; page: number; pageCount: number; total: number };

export async function NotificationsPagination({ gateway, page, pageCount, total }: Props) {
  const t = await getTranslations('notifications');
  if (total === 0) return null;
  return (
    <Pagination
      label={t('pagination')}
      summary={t('pageOf', { page, pageCount, total })}
      page={page}
      pageCount={pageCount}
      hrefFor={(target) => `/settings/payment-gateways/${gateway}/notifications${target > 1 ? `?page=${target}` : ''}`}
      previousLabel={t('newer')}
      nextLabel={t('older')}
    />
  );
}
