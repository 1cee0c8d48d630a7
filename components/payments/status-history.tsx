import { getFormatter, getTranslations } from 'next-intl/server';
import { Panel } from '@/components/ui/panel';
import type { CausingNotification, HistoryEntry } from '@/db/queries/payment-views';

/** How a payment or subscription got to its status: each change once, with the notification that caused it. */
export async function StatusHistory({ entries }: { entries: HistoryEntry[] }) {
  const t = await getTranslations('payments');
  const format = await getFormatter();
  const label = (status: string) => (t.has(`status.${status}`) ? t(`status.${status}`) : status);
  return (
    <Panel id="history" title={t('history')}>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t('historyEmpty')}</p>
      ) : (
        <ol className="flex flex-col gap-2 text-sm">
          {entries.map((entry, index) => (
            <li key={index} className="flex flex-wrap gap-x-3">
              <span className="font-medium">
                {entry.from === entry.to
                  ? t('historyStill', { status: label(entry.to) })
                  : entry.from
                    ? t('historyMoved', { from: label(entry.from), to: label(entry.to) })
                    : t('historyCreated', { to: label(entry.to) })}
              </span>
              {entry.detail ? <span className="text-slate-700">{t('historyDetail', { detail: entry.detail })}</span> : null}
              <time dateTime={entry.at.toISOString()} className="text-slate-600">
                {format.dateTime(entry.at, 'zonedSeconds')}
              </time>
              {entry.source !== 'notification' ? <span className="text-slate-700">{t(`historySource.${entry.source}`)}</span> : null}
              {entry.notificationId ? (
                <span className="font-mono text-xs text-slate-600">{t('historyCause', { id: entry.notificationId.slice(0, 8) })}</span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

export async function CausingNotifications({ notifications }: { notifications: CausingNotification[] }) {
  const t = await getTranslations('payments');
  const n = await getTranslations('notifications');
  const format = await getFormatter();
  return (
    <Panel id="causes" title={t('notificationsTitle')}>
      {notifications.length === 0 ? (
        <p className="text-sm text-slate-600">{t('notificationsEmpty')}</p>
      ) : (
        <ul className="flex flex-col gap-3 text-sm">
          {notifications.map((notification) => (
            <li key={notification.id} className="flex flex-col gap-1 border-t border-slate-100 pt-2 first:border-0 first:pt-0">
              <span className="flex flex-wrap gap-x-3">
                <time dateTime={notification.receivedAt.toISOString()}>{format.dateTime(notification.receivedAt, 'zonedSeconds')}</time>
                <span className="font-mono">{notification.action ?? notification.type}</span>
                <span className="font-mono text-xs text-slate-600">{notification.id.slice(0, 8)}</span>
                <span>{n(`verification.${notification.verification}`)}</span>
                <span>{n(`status.${notification.status}`)}</span>
              </span>
              {notification.result ? <span className="text-slate-700">{notification.result}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
