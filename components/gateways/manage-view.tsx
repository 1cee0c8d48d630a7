// The Manage popup's content in sections (overview with the account's health, credentials, notifications, activity,
// danger zone): webhook URL, masked credentials, update, test notification, the audit log, disconnect.
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { FocusHeading } from '@/components/ui/focus-heading';
import type { GatewayId } from '@/core/gateway-ids';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { getConnection, listAuditLog } from '@/lib/gateways/connections';
import { getGatewayHealth } from '@/lib/gateways/health';
import { requireMerchant } from '@/lib/session';
import { DisconnectForm } from './disconnect-form';
import { HealthCounts, HealthWarnings, LastNotification } from './gateway-health';
import { TestNotificationForm } from './test-notification-form';
import { GATEWAY_UI } from './ui';
import { WebhookUrl } from './webhook-url';

export async function ManageView({ gateway }: { gateway: GatewayId }) {
  const merchant = await requireMerchant();
  const t = await getTranslations('manage');
  const gateways = await getTranslations('gateways');
  const countries = await getTranslations('countries');
  const format = await getFormatter();
  const name = GATEWAY_CATALOG[gateway].name;
  const [connection, audit] = await Promise.all([getConnection(merchant.id, gateway), listAuditLog(merchant.id, gateway)]);

  if (connection?.status !== 'connected') {
    return (
      <div className="flex flex-col gap-4">
        <FocusHeading className="font-semibold">{t('notConnected', { gateway: name })}</FocusHeading>
        <Link href={`/settings/payment-gateways/${gateway}/connect`} className="text-sm font-medium text-indigo-700 underline">
          {t('connectNow', { gateway: name })}
        </Link>
        <AuditLog entries={audit} />
      </div>
    );
  }

  const masks = connection.secretMasks;
  const credentialRows = GATEWAY_CATALOG[gateway].credentialFields.map(({ name: field, kind }): [string, string] => {
    if (kind === 'public') return [field, connection.publicCredentials[field] ?? ''];
    const last4 = masks[field];
    return [field, last4 ? t('masked', { last4 }) : t('notStored')];
  });
  const { SetupInstructions, UpdateForm } = GATEWAY_UI[gateway];
  const health = await getGatewayHealth({ ...connection, merchantId: merchant.id });
  // Issue 15: one long scroll became clearly headed sections, reached from the links at the top (they work without
  // JavaScript, in the popup and on the full page alike); Disconnect sits alone in the danger zone.
  const sections = [
    ['overview', t('section.overview')],
    ['credentials', t('section.credentials')],
    ['notifications', t('section.notifications')],
    ['activity', t('section.activity')],
    ['danger', t('section.danger')],
  ] as const;

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label={t('sectionsLabel')} className="flex flex-wrap gap-x-4 gap-y-1 border-b border-slate-200 pb-2 text-sm">
        {sections.map(([id, label]) => (
          <a key={id} href={`#manage-${id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            {label}
          </a>
        ))}
      </nav>

      <section id="manage-overview" aria-labelledby="overview-title" className="flex scroll-mt-4 flex-col gap-3">
        <h3 id="overview-title" className="font-semibold">
          {t('section.overview')}
        </h3>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone="success">{gateways('connected')}</Badge>
          {connection.mode === 'test' ? <Badge tone="warning">{gateways('testMode')}</Badge> : null}
          {connection.country ? <Badge>{countries(connection.country)}</Badge> : null}
          {health.problems.length > 0 ? <Badge tone="warning">{t('needsAttention')}</Badge> : null}
        </div>
        <LastNotification health={health} />
        <HealthWarnings health={health} gatewayName={name} headingLevel={4} />
        <WebhookUrl url={connection.webhookUrl} />
        <SetupInstructions />
      </section>

      <section id="manage-credentials" aria-labelledby="credentials-title" className="flex scroll-mt-4 flex-col gap-3">
        <h3 id="credentials-title" className="font-semibold">
          {t('credentials')}
        </h3>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          {credentialRows.map(([field, value]) => (
            <div key={field} className="contents">
              <dt className="text-slate-600">{t(`field.${field}`)}</dt>
              <dd className="font-mono break-all">{value}</dd>
            </div>
          ))}
          {connection.connectedAt ? (
            <>
              <dt className="text-slate-600">{t('connectedSince')}</dt>
              <dd>{format.dateTime(connection.connectedAt, { dateStyle: 'medium', timeStyle: 'short' })}</dd>
            </>
          ) : null}
        </dl>
        <h4 id="update-title" className="font-medium">
          {t('updateTitle')}
        </h4>
        <UpdateForm connection={connection} />
      </section>

      <section id="manage-notifications" aria-labelledby="notifications-title" className="flex scroll-mt-4 flex-col gap-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 id="notifications-title" className="font-semibold">
            {t('section.notifications')}
          </h3>
          <Link href={`/settings/payment-gateways/${gateway}/notifications`} className="text-sm font-medium text-indigo-700 underline">
            {t('notificationsLink')}
          </Link>
        </div>
        <HealthCounts health={health} />
        <h4 id="test-title" className="font-medium">
          {t('testTitle')}
        </h4>
        <TestNotificationForm gateway={gateway} />
      </section>

      <div id="manage-activity" className="scroll-mt-4">
        <AuditLog entries={audit} />
      </div>

      <section id="manage-danger" aria-labelledby="disconnect-title" className="flex scroll-mt-4 flex-col gap-2 rounded-md border border-red-300 p-4">
        <h3 id="disconnect-title" className="font-semibold text-red-800">
          {t('section.danger')}
        </h3>
        <DisconnectForm gateway={gateway} gatewayName={name} />
      </section>
    </div>
  );
}

async function AuditLog({ entries }: { entries: Awaited<ReturnType<typeof listAuditLog>> }) {
  const t = await getTranslations('manage');
  const format = await getFormatter();
  return (
    <section aria-labelledby="audit-title">
      <h3 id="audit-title" className="mb-2 font-semibold">
        {t('auditTitle')}
      </h3>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t('auditEmpty')}</p>
      ) : (
        <table className="stack-table w-full text-left text-sm">
          <thead>
            <tr className="text-slate-600">
              <th scope="col" className="py-1 font-medium">{t('auditWhen')}</th>
              <th scope="col" className="py-1 font-medium">{t('auditWho')}</th>
              <th scope="col" className="py-1 font-medium">{t('auditWhat')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={index} className="border-t border-slate-100">
                <td data-label={t('auditWhen')} className="py-1">{format.dateTime(entry.at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td data-label={t('auditWho')} className="py-1">{entry.actorName ?? '—'}</td>
                <td data-label={t('auditWhat')} className="py-1 max-md:col-span-full">
                  {t(`auditAction.${entry.action}`)}
                  {entry.changes.length > 0
                    ? ` — ${t('auditChanged', { fields: entry.changes.map((field) => t(`field.${field}`)).join(', ') })}`
                    : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
