// The Connect popup's content, the same in the dialog and in the full-page fallback.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getConnection, getOrCreatePendingConnection, type GatewayConnection } from '@/db/queries/gateway-accounts';
import { Badge } from '@/components/ui/badge';
import { FocusHeading } from '@/components/ui/focus-heading';
import type { GatewayId } from '@/lib/gateways/ids';
import { gatewayRegistry } from '@/lib/gateways/registry';
import { requireMerchant } from '@/lib/session';
import { MercadoPagoForm } from './mercadopago-form';
import { SecureAndPayForm } from './secureandpay-form';
import { MercadoPagoCredentialSteps, WebhookInstructions } from './webhook-instructions';
import { WebhookUrl } from './webhook-url';

export async function ConnectView({ gateway }: { gateway: GatewayId }) {
  const merchant = await requireMerchant();
  if (gateway === 'mercadopago') {
    const connection = await getConnection(merchant.id, gateway);
    if (connection?.status === 'connected') return <ConnectedSummary connection={connection} />;
    return (
      <div className="flex flex-col gap-4">
        <MercadoPagoCredentialSteps />
        <MercadoPagoForm mode="connect" />
      </div>
    );
  }
  // Secure and Pay: the webhook URL comes first, before any credentials exist (seed SP1).
  const connection = await getOrCreatePendingConnection(merchant.id, gateway);
  if (connection.status === 'connected') return <ConnectedSummary connection={connection} />;
  const t = await getTranslations('connect.secureandpay');
  return (
    <div className="flex flex-col gap-4">
      <WebhookUrl url={connection.webhookUrl} />
      <p className="text-sm text-slate-700">{t('urlIsFinal')}</p>
      <WebhookInstructions gateway={gateway} />
      <SecureAndPayForm mode="connect" />
    </div>
  );
}

/** After Save: the webhook URL, what to do with it, and the way to Manage. */
async function ConnectedSummary({ connection }: { connection: GatewayConnection }) {
  const t = await getTranslations('connect');
  const gateways = await getTranslations('gateways');
  const name = gatewayRegistry[connection.gateway].name;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-2">
        <FocusHeading className="font-semibold text-green-900">{t('connectedTitle', { gateway: name })}</FocusHeading>
        {connection.mode === 'test' ? <Badge tone="warning">{gateways('testMode')}</Badge> : null}
      </div>
      {connection.mode === 'test' ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t('testModeWarning')}</p> : null}
      <WebhookUrl url={connection.webhookUrl} />
      <WebhookInstructions gateway={connection.gateway} />
      <Link href={`/settings/payment-gateways/${connection.gateway}/manage`} className="text-sm font-medium text-indigo-700 underline">
        {t('manageLink')}
      </Link>
    </div>
  );
}
