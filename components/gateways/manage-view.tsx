// The Manage popup's content: webhook URL, masked credentials, update, disconnect, and the audit log.
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { FocusHeading } from '@/components/ui/focus-heading';
import type { GatewayId } from '@/core/gateway-ids';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { getConnection, listAuditLog } from '@/lib/gateways/connections';
import { requireMerchant } from '@/lib/session';
import { DisconnectForm } from './disconnect-form';
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

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="success">{gateways('connected')}</Badge>
        {connection.mode === 'test' ? <Badge tone="warning">{gateways('testMode')}</Badge> : null}
        {connection.country ? <Badge>{countries(connection.country)}</Badge> : null}
        <Link href={`/settings/payment-gateways/${gateway}/notifications`} className="ml-auto text-sm font-medium text-indigo-700 underline">
          {t('notificationsLink')}
        </Link>
      </div>
      <WebhookUrl url={connection.webhookUrl} />
      <SetupInstructions />

      <section aria-labelledby="credentials-title">
        <h3 id="credentials-title" className="mb-2 font-semibold">
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
      </section>

      <section aria-labelledby="update-title" className="flex flex-col gap-3">
        <h3 id="update-title" className="font-semibold">
          {t('updateTitle')}
        </h3>
        <UpdateForm connection={connection} />
      </section>

      <section aria-labelledby="test-title" className="flex flex-col gap-2">
        <h3 id="test-title" className="font-semibold">
          {t('testTitle')}
        </h3>
        <TestNotificationForm gateway={gateway} />
      </section>

      <section aria-labelledby="disconnect-title" className="flex flex-col gap-2">
        <h3 id="disconnect-title" className="font-semibold">
          {t('disconnectTitle')}
        </h3>
        <DisconnectForm gateway={gateway} gatewayName={name} />
      </section>

      <AuditLog entries={audit} />
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
        <table className="w-full text-left text-sm">
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
                <td className="py-1">{format.dateTime(entry.at, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td className="py-1">{entry.actorName ?? '—'}</td>
                <td className="py-1">
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
