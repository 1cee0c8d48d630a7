// Requests refused at the door, counted by reason: a merchant who pasted a wrong secret sees it here.
import { getFormatter, getTranslations } from 'next-intl/server';
import type { RejectionCount } from '@/db/queries/webhook-events';

export async function NotificationsRejections({ rejections }: { rejections: RejectionCount[] }) {
  const t = await getTranslations('notifications');
  const format = await getFormatter();
  const total = rejections.reduce((sum, rejection) => sum + rejection.count, 0);
  if (total === 0) {
    return <p className="text-sm text-slate-600">{t('rejectedNone')}</p>;
  }
  return (
    <section aria-labelledby="rejections-title" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 id="rejections-title" className="font-semibold">
        {t('rejectedTitle', { count: total })}
      </h2>
      <p className="mt-1">{t('rejectedIntro')}</p>
      <ul className="mt-2 list-disc pl-5">
        {rejections.map((rejection) => (
          <li key={rejection.reason}>
            {t('rejectedLine', {
              count: rejection.count,
              reason: t(`rejectionReason.${rejection.reason}`),
              last: format.dateTime(rejection.lastAt, { dateStyle: 'medium', timeStyle: 'medium' }),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
