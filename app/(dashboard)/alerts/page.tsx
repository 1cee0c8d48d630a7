import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { AlertActionForm } from '@/components/alerts/alert-action-form';
import { listAlerts } from '@/db/queries/alerts';
import { requireMerchant } from '@/lib/session';
import { markAlertReadAction, markAllAlertsReadAction } from './actions';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('alerts');

export default async function AlertsPage() {
  const merchant = await requireMerchant();
  const rows = await listAlerts(merchant.id);
  const t = await getTranslations('alerts');
  const format = await getFormatter();
  const unread = rows.filter((row) => !row.readAt).length;
  return (
    <main id="main" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-slate-700">{t('intro')}</p>
        </div>
        {unread > 0 ? <AlertActionForm action={markAllAlertsReadAction} label={t('markAllRead')} /> : null}
      </div>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-700">{t('empty')}</p>
      ) : (
        <ul aria-label={t('listLabel')} className="flex flex-col gap-2">
          {rows.map((row) => {
            const title = t(`kind.${row.kind}`);
            return (
              <li key={row.id} className={`rounded-lg border p-4 ${row.readAt ? 'border-slate-200 bg-white' : 'border-indigo-300 bg-indigo-50'}`}>
                <article aria-labelledby={`alert-${row.id}`} className="flex flex-wrap items-start justify-between gap-3">
                  <div className="flex flex-col gap-1">
                    <h2 id={`alert-${row.id}`} className="font-semibold">
                      {title}
                      <span className="ml-2 rounded bg-white px-1.5 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300">
                        {row.readAt ? t('read') : t('unread')}
                      </span>
                    </h2>
                    <p className="text-sm text-slate-800">{t(`message.${row.kind}`, row.params)}</p>
                    <p className="text-xs text-slate-600">{t('receivedAt', { date: format.dateTime(row.createdAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>
                  </div>
                  <div className="flex items-center gap-2">
                    {row.href ? (
                      <Link href={row.href} aria-label={t('viewLabel', { title })} className="text-sm text-indigo-700 underline">
                        {t('view')}
                      </Link>
                    ) : null}
                    {row.readAt ? null : (
                      <AlertActionForm action={markAlertReadAction.bind(null, row.id)} label={t('markRead')} accessibleLabel={t('markReadLabel', { title })} />
                    )}
                  </div>
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
