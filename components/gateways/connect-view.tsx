// The Connect popup's content, the same in the dialog and in the full-page fallback.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { VerifyToConnect } from '@/components/account/verify-to-connect';
import { Badge } from '@/components/ui/badge';
import { FocusHeading } from '@/components/ui/focus-heading';
import type { GatewayId } from '@/core/gateway-ids';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { getConnection, getOrCreatePendingConnection, type GatewayConnection } from '@/lib/gateways/connections';
import { requireMerchant } from '@/lib/session';
import { GATEWAY_UI } from './ui';
import { WebhookUrl } from './webhook-url';

export async function ConnectView({ gateway }: { gateway: GatewayId }) {
  const merchant = await requireMerchant();
  // An unverified address cannot connect yet: nothing is created for it (not even a pending account, SP1).
  if (!merchant.emailVerified) return <VerifyToConnect email={merchant.email} />;
  // SP1: a gateway whose webhook URL comes first gets a pending account the first time the popup opens.
  const connection = GATEWAY_CATALOG[gateway].webhookUrlFirst
    ? await getOrCreatePendingConnection(merchant.id, gateway)
    : await getConnection(merchant.id, gateway);
  if (connection?.status === 'connected') return <ConnectedSummary connection={connection} />;
  const { ConnectPanel } = GATEWAY_UI[gateway];
  return <ConnectPanel connection={connection} />;
}

/** After Save: the webhook URL, what to do with it, and the way to Manage. */
async function ConnectedSummary({ connection }: { connection: GatewayConnection }) {
  const t = await getTranslations('connect');
  const gateways = await getTranslations('gateways');
  const tAll = await getTranslations();
  const { name, testModeWarning } = GATEWAY_CATALOG[connection.gateway];
  const { SetupInstructions } = GATEWAY_UI[connection.gateway];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-2">
        <FocusHeading className="font-semibold text-green-900">{t('connectedTitle', { gateway: name })}</FocusHeading>
        {connection.mode === 'test' ? <Badge tone="warning">{gateways('testMode')}</Badge> : null}
      </div>
      {connection.mode === 'test' && testModeWarning ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{tAll(testModeWarning)}</p> : null}
      <WebhookUrl url={connection.webhookUrl} />
      <SetupInstructions />
      <Link href={`/settings/payment-gateways/${connection.gateway}/manage`} className="text-sm font-medium text-indigo-700 underline">
        {t('manageLink')}
      </Link>
    </div>
  );
}
