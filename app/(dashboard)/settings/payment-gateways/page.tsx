import { getTranslations } from 'next-intl/server';
import { VerifyToConnect } from '@/components/account/verify-to-connect';
import { GatewayCard } from '@/components/gateways/gateway-card';
import { listGateways } from '@/lib/gateways/adapters';
import { listConnections } from '@/lib/gateways/connections';
import { getGatewayHealth } from '@/lib/gateways/health';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('paymentGateways');

export default async function PaymentGatewaysPage() {
  const merchant = await requireMerchant();
  const t = await getTranslations('gateways');
  const tAll = await getTranslations();
  const connections = await listConnections(merchant.id);
  // Each connected account's health (issue 15): a few indexed reads per account, side by side.
  const healthOf = new Map(
    await Promise.all(
      connections
        .filter((connection) => connection.status === 'connected')
        .map(async (connection) => [connection.gateway, await getGatewayHealth({ ...connection, merchantId: merchant.id })] as const),
    ),
  );
  return (
    <section aria-labelledby="gateways-title" className="flex flex-col gap-4">
      <div>
        <h1 id="gateways-title" className="text-xl font-semibold">
          {t('title')}
        </h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{t('intro')}</p>
      </div>
      {merchant.emailVerified ? null : <VerifyToConnect email={merchant.email} />}
      <ul className="grid gap-4 md:grid-cols-2">
        {listGateways().map(({ catalog: gateway }) => {
          const connection = connections.find((candidate) => candidate.gateway === gateway.id);
          return (
            <li key={gateway.id}>
              <GatewayCard
                id={gateway.id}
                name={gateway.name}
                logo={gateway.logo}
                description={tAll(gateway.description)}
                status={connection?.status ?? 'not_connected'}
                testMode={connection?.mode === 'test'}
                health={healthOf.get(gateway.id)}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
