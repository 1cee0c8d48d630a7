// Prices: what the merchant sells on payment pages, each through one connected gateway.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PricesTable } from '@/components/prices/prices-table';
import { buttonClasses } from '@/components/ui/button';
import { listPrices } from '@/db/queries/prices';
import { getPriceRules } from '@/lib/prices/rules';
import { gatewayNames } from '@/lib/gateways/catalog';
import { connectedGateways } from '@/lib/prices/schema';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('prices');

export default async function PricesPage() {
  const merchant = await requireMerchant();
  const t = await getTranslations('prices');
  const [prices, rules] = await Promise.all([listPrices(merchant.id), getPriceRules(merchant.id)]);
  const canCreate = connectedGateways(rules).length > 0;
  return (
    <main id="main" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">{t('intro')}</p>
        </div>
        {canCreate ? (
          <Link href="/prices/new" className={buttonClasses('primary')}>
            {t('new')}
          </Link>
        ) : null}
      </div>
      {canCreate ? null : (
        <p className="text-sm">
          {t('noGateway')}{' '}
          <Link href="/settings/payment-gateways" className="font-medium text-indigo-700 underline">
            {t('connectGateway')}
          </Link>
        </p>
      )}
      <PricesTable prices={prices} gatewayNames={gatewayNames()} />
    </main>
  );
}
