import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PriceForm } from '@/components/prices/price-form';
import { getPrice } from '@/db/queries/prices';
import { getPriceRules } from '@/lib/prices/rules';
import { gatewayNames } from '@/lib/gateways/catalog';
import { formatAmountInput, intervalFormValues } from '@/lib/prices/schema';
import { currencyDigits } from '@/lib/payments/money';
import { isRecordId } from '@/lib/server/ids';
import { requireMerchant } from '@/lib/session';
import { updatePriceAction } from '../../actions';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('editPrice');

export default async function EditPricePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const merchant = await requireMerchant();
  if (!isRecordId(id)) notFound();
  const t = await getTranslations('prices');
  const [price, rules] = await Promise.all([getPrice(merchant.id, id), getPriceRules(merchant.id)]);
  if (!price || price.archived) notFound();
  return (
    <main id="main" className="flex flex-col gap-4">
      <Link href="/prices" className="text-sm text-indigo-700 underline">
        {t('backToPrices')}
      </Link>
      <h1 className="text-xl font-semibold">{t('editTitle')}</h1>
      <PriceForm
        rules={rules}
        gatewayNames={gatewayNames()}
        action={updatePriceAction.bind(null, price.id)}
        submitLabel={t('save')}
        defaultValues={{
          name: price.name,
          gateway: price.gateway,
          currency: price.currency,
          amount: formatAmountInput(price.amountMinor, currencyDigits(price.currency), merchant.locale),
          kind: price.kind,
          ...intervalFormValues(price.gateway, price.intervalUnit, price.intervalCount),
        }}
      />
    </main>
  );
}
