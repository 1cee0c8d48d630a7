import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PriceForm } from '@/components/prices/price-form';
import { getPriceRules } from '@/lib/prices/rules';
import { gatewayNames } from '@/lib/gateways/catalog';
import { connectedGateways } from '@/lib/prices/schema';
import { requireMerchant } from '@/lib/session';
import { createPriceAction } from '../actions';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('newPrice');

export default async function NewPricePage() {
  const merchant = await requireMerchant();
  const t = await getTranslations('prices');
  const rules = await getPriceRules(merchant.id);
  const gateways = connectedGateways(rules);
  if (gateways.length === 0) redirect('/prices');
  return (
    <main id="main" className="flex flex-col gap-4">
      <Link href="/prices" className="text-sm text-indigo-700 underline">
        {t('backToPrices')}
      </Link>
      <h1 className="text-xl font-semibold">{t('newTitle')}</h1>
      <PriceForm
        rules={rules}
        gatewayNames={gatewayNames()}
        action={createPriceAction}
        submitLabel={t('create')}
        defaultValues={{
          name: '',
          // One connected gateway is the only choice; with two, the merchant picks.
          gateway: gateways.length === 1 ? (gateways[0] ?? '') : '',
          currency: '',
          amount: '',
          kind: 'one_time',
          interval: 'monthly',
          intervalCount: '',
          intervalUnit: 'months',
        }}
      />
    </main>
  );
}
