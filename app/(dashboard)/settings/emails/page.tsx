import { getFormatter, getTranslations } from 'next-intl/server';
import { listEmails } from '@/db/queries/emails';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('emails');

/** The outbox (README "When payments fail"): what the platform wrote to the merchant and their customers. */
export default async function EmailsPage() {
  const merchant = await requireMerchant();
  const emails = await listEmails(merchant.id);
  const t = await getTranslations('emails');
  const format = await getFormatter();
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-700">{t('intro')}</p>
      </div>
      {emails.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-700">{t('empty')}</p>
      ) : (
        <table className="stack-table w-full rounded-lg border border-slate-200 bg-white text-left text-sm">
          <caption className="sr-only">{t('caption')}</caption>
          <thead className="text-slate-600">
            <tr>
              {(['date', 'to', 'subject', 'status'] as const).map((column) => (
                <th key={column} scope="col" className="px-3 py-2 font-medium">
                  {t(`column.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {emails.map((email) => (
              <tr key={email.id} className="border-t border-slate-100 align-top">
                <td data-label={t('column.date')} className="px-3 py-2 whitespace-nowrap">{format.dateTime(email.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td data-label={t('column.to')} className="px-3 py-2">
                  <span className="block">{email.toAddress}</span>
                  <span className="text-xs text-slate-600">{t(`audience.${email.audience}`)}</span>
                </td>
                <td data-label={t('column.subject')} className="px-3 py-2 max-md:col-span-full">
                  <details>
                    <summary className="cursor-pointer text-indigo-800" aria-label={t('showBody', { subject: email.subject })}>
                      {email.subject}
                    </summary>
                    {email.body === null ? (
                      <p className="mt-2 text-sm text-slate-700">{t('linkHidden')}</p>
                    ) : (
                      <pre className="mt-2 font-sans text-sm whitespace-pre-wrap text-slate-800">{email.body}</pre>
                    )}
                  </details>
                </td>
                <td data-label={t('column.status')} className="px-3 py-2">
                  {t(`status.${email.status}`)}
                  {email.lastError ? <span className="block text-xs text-red-800">{email.lastError}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
