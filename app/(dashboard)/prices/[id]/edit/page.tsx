import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PriceForm } from '@/components/prices/price-form';
import { CopyField } from '@/components/ui/copy-field';
import { getPrice } from '@/db/queries/prices';
import { getPriceRules } from '@/lib/prices/rules';
import { gatewayNames } from '@/lib/gateways/catalog';
import { formatAmountInput, intervalFormValues } from '@/lib/prices/schema';
import { currencyDigits } from '@/lib/payments/money';
import { isRecordId } from '@/lib/server/ids';
import { paymentPageUrl, qrCodeDataUrl } from '@/lib/prices/payment-page';
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
  const page = await getTranslations('prices.page');
  const url = paymentPageUrl(price.slug);
  const qrCode = await qrCodeDataUrl(url);
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
        slugPrefix={paymentPageUrl('')}
        defaultValues={{
          name: price.name,
          slug: price.slug,
          gateway: price.gateway,
          currency: price.currency,
          amount: formatAmountInput(price.amountMinor, currencyDigits(price.currency), merchant.locale),
          kind: price.kind,
          ...intervalFormValues(price.gateway, price.intervalUnit, price.intervalCount),
        }}
      />
      <section aria-labelledby="payment-page" className="flex max-w-xl flex-col gap-3 border-t border-slate-200 pt-4">
        <h2 id="payment-page" className="text-lg font-semibold">
          {page('section')}
        </h2>
        <CopyField
          label={page('address')}
          value={url}
          copyLabel={page('copy')}
          copiedLabel={page('copied')}
          copiedAnnouncement={page('copiedAnnouncement', { name: price.name })}
        />
        <a href={url} target="_blank" rel="noopener" className="self-start text-sm font-medium text-indigo-700 underline">
          {page('openLabel', { name: price.name })}
        </a>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing for next/image to optimise */}
        <img src={qrCode} alt={page('qrAlt', { url })} width={200} height={200} className="border border-slate-200 bg-white" />
        <a href={qrCode} download={page('qrFileName', { name: price.name })} className="self-start text-sm text-indigo-700 underline">
          {page('qrDownload')}
        </a>
      </section>
    </main>
  );
}
