// The notifications list: one row per stored notification, newest first, with its raw body behind a disclosure.
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import type { NotificationRow } from '@/db/queries/webhook-events';
import { ReprocessButton } from './reprocess-button';

const statusTone = {
  pending: 'neutral',
  processing: 'neutral',
  processed: 'success',
  received: 'neutral',
  ignored: 'neutral',
  rejected: 'warning',
  failed: 'warning',
} as const;

/** Shows JSON indented for reading; anything else (an empty IPN body) as received. */
function readable(rawBody: string): string {
  try {
    return JSON.stringify(JSON.parse(rawBody), null, 2);
  } catch {
    return rawBody;
  }
}

export async function NotificationsTable({ events, gatewayName }: { events: NotificationRow[]; gatewayName: string }) {
  const t = await getTranslations('notifications');
  const format = await getFormatter();
  if (events.length === 0) {
    return <p className="text-sm text-slate-600">{t('empty', { gateway: gatewayName })}</p>;
  }
  const when = (date: Date) => format.dateTime(date, 'zonedSeconds');
  return (
    <div className="overflow-x-auto">
      {/* Stacks on phones (globals.css); the details cell, with the raw body, takes the whole width there. */}
      <table className="stack-table w-full text-left text-sm">
        <caption className="sr-only">{t('caption', { gateway: gatewayName })}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.receivedAt')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.type')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.resource')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.verification')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.status')}</th>
            <th scope="col" className="py-2 pr-3 font-medium">{t('column.attempts')}</th>
            <th scope="col" className="py-2 font-medium">{t('column.details')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} className="border-b border-slate-100 align-top">
              <td data-label={t('column.receivedAt')} className="py-2 pr-3 whitespace-nowrap max-md:col-span-full">{when(event.receivedAt)}</td>
              <td data-label={t('column.type')} className="py-2 pr-3">
                <span className="font-mono break-all">{event.type}</span>
                {event.action ? <span className="block font-mono text-xs break-all text-slate-600">{event.action}</span> : null}
                {event.channel === 'ipn' ? <span className="block text-xs text-slate-600">{t('legacyIpn')}</span> : null}
              </td>
              <td data-label={t('column.resource')} className="py-2 pr-3 font-mono break-all">{event.resourceId ?? '—'}</td>
              <td data-label={t('column.verification')} className="py-2 pr-3">
                <Badge tone={event.verification === 'verified' ? 'success' : 'warning'}>{t(`verification.${event.verification}`)}</Badge>
              </td>
              <td data-label={t('column.status')} className="py-2 pr-3">
                <Badge tone={statusTone[event.status]}>{t(`status.${event.status}`)}</Badge>
                {event.status === 'pending' && event.attempts > 0 ? (
                  <span className="mt-1 block text-xs text-slate-600">{t('nextAttempt', { at: when(event.nextAttemptAt) })}</span>
                ) : null}
              </td>
              <td data-label={t('column.attempts')} className="py-2 pr-3">{event.attempts}</td>
              <td data-label={t('column.details')} className="py-2 max-md:col-span-full">
                {event.result ? <p>{event.result}</p> : null}
                {event.lastError ? <p className="text-red-800">{t('lastError', { error: event.lastError })}</p> : null}
                <details className="mt-1">
                  <summary className="cursor-pointer text-indigo-700 underline">{t('rawBody')}</summary>
                  <pre className="mt-1 max-h-80 max-w-xl overflow-auto rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap break-all">
                    {readable(event.rawBody) || t('emptyBody')}
                  </pre>
                </details>
                {event.status === 'pending' || event.status === 'processing' ? null : (
                  <div className="mt-2">
                    <ReprocessButton eventId={event.id} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
