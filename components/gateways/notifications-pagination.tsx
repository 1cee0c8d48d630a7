// Previous / next links for the notifications list (plain links: the page is server-rendered, ?page= in the URL).
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { GatewayId } from '@/lib/gateways/ids';

type Props = { gateway: GatewayId; page: number; pageCount: number; total: number };

export async function NotificationsPagination({ gateway, page, pageCount, total }: Props) {
  const t = await getTranslations('notifications');
  if (total === 0) return null;
  const href = (target: number) => `/settings/payment-gateways/${gateway}/notifications${target > 1 ? `?page=${target}` : ''}`;
  const linkClass = 'rounded-md border border-slate-300 px-3 py-1 font-medium text-indigo-700 hover:bg-slate-50';
  return (
    <nav aria-label={t('pagination')} className="flex flex-wrap items-center gap-3 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className={linkClass} rel="prev">
          {t('newer')}
        </Link>
      ) : null}
      <p aria-live="polite">{t('pageOf', { page, pageCount, total })}</p>
      {page < pageCount ? (
        <Link href={href(page + 1)} className={linkClass} rel="next">
          {t('older')}
        </Link>
      ) : null}
    </nav>
  );
}
