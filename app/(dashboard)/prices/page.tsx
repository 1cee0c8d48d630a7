// Prices: what the merchant sells on payment pages, each through one connected gateway. Two views: the prices on
// sale, and the archived ones (?view=archived), which can be restored. A change made elsewhere (create, edit,
// archive, restore) comes back here with ?done=…&price=<id>, confirmed once (lib/prices/flash.ts).
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PriceChangeStatus } from '@/components/prices/price-change-status';
import { PricesTable, type SharedPage } from '@/components/prices/prices-table';
import { buttonClasses } from '@/components/ui/button';
import { countArchivedPrices, getPrice, listPrices } from '@/db/queries/prices';
import { getPriceRules } from '@/lib/prices/rules';
import { gatewayNames } from '@/lib/gateways/catalog';
import { pricesHref, readPricesParams } from '@/lib/prices/flash';
import { paymentPageUrl, qrCodeDataUrl } from '@/lib/prices/payment-page';
import { connectedGateways } from '@/lib/prices/schema';
import { requireMerchant } from '@/lib/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('prices');

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PricesPage({ searchParams }: Props) {
  const merchant = await requireMerchant();
  const t = await getTranslations('prices');
  const { view, done } = readPricesParams(await searchParams);
  const [prices, rules, archivedCount, changed] = await Promise.all([
    listPrices(merchant.id, { view }),
    getPriceRules(merchant.id),
    countArchivedPrices(merchant.id),
    done ? getPrice(merchant.id, done.priceId) : undefined,
  ]);
  const pages: Record<string, SharedPage> = Object.fromEntries(
    await Promise.all(
      prices.map(async (price) => {
        const url = paymentPageUrl(price.slug);
        return [price.id, { url, qrCode: await qrCodeDataUrl(url) }] as const;
      }),
    ),
  );
  const canCreate = connectedGateways(rules).length > 0;
  const tabs = [
    { view: 'active', label: t('views.active') },
    { view: 'archived', label: t('views.archived', { count: archivedCount }) },
  ] as const;
  return (
    <main id="main" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">{t(view === 'archived' ? 'archivedIntro' : 'intro')}</p>
        </div>
        {canCreate ? (
          <Link href="/prices/new" className={buttonClasses('primary')}>
            {t('new')}
          </Link>
        ) : null}
      </div>
      {changed && done ? <PriceChangeStatus message={t(`done.${done.change}`, { name: changed.name })} /> : null}
      {canCreate ? null : (
        <p className="text-sm">
          {t('noGateway')}{' '}
          <Link href="/settings/payment-gateways" className="font-medium text-indigo-700 underline">
            {t('connectGateway')}
          </Link>
        </p>
      )}
      <nav aria-label={t('views.label')}>
        <ul className="flex gap-1 border-b border-slate-200">
          {tabs.map((tab) => (
            <li key={tab.view}>
              <Link
                href={pricesHref({ view: tab.view })}
                aria-current={tab.view === view ? 'page' : undefined}
                className="-mb-px inline-block border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 aria-[current=page]:border-indigo-700 aria-[current=page]:text-indigo-800"
              >
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <PricesTable prices={prices} gatewayNames={gatewayNames()} view={view} pages={pages} />
    </main>
  );
}
