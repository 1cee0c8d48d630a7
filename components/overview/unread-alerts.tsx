import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import type { UnreadAlert } from '@/db/queries/overview';

/** How many alerts are unread, and the latest few; the Alerts page is where they are read and marked. */
export function UnreadAlerts({ unread, latest, timeZone }: { unread: number; latest: UnreadAlert[]; timeZone: string }) {
  const t = useTranslations('dashboard.alerts');
  const alerts = useTranslations('alerts');
  const format = useFormatter();
  return (
    <section aria-labelledby="unread-alerts-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="unread-alerts-title" className="font-semibold">
          {t('title')}
        </h2>
        <Link href="/alerts" className="text-sm text-indigo-700 underline">
          {t('viewAll')}
        </Link>
      </div>
      <p className="text-sm text-slate-700">{t('count', { count: unread })}</p>
      {latest.length > 0 ? (
        <ul aria-label={t('listLabel')} className="mt-2 flex flex-col gap-2">
          {latest.map((alert) => (
            <li key={alert.id} className="rounded-md border border-indigo-200 bg-indigo-50 p-3">
              <Link href="/alerts" className="font-medium text-indigo-800 underline">
                {alerts(`kind.${alert.kind}`)}
              </Link>
              <p className="text-sm text-slate-800">{alerts(`message.${alert.kind}`, alert.params)}</p>
              <p className="text-xs text-slate-700">{format.dateTime(alert.createdAt, { dateStyle: 'medium', timeStyle: 'short', timeZone })}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
