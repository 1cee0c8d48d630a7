// The public payment page of a price: the merchant's name, the price, and the fields its gateway needs, all
// required (Mercado Pago: email, names and tax number, MP5; Secure and Pay: email and names, SP4).
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { randomBytes } from 'node:crypto';
import { PayForm } from '@/components/pay/pay-form';
import { PriceSummary } from '@/components/pay/price-summary';
import { getPaymentPage } from '@/db/queries/checkout';
import { payRequirementsFor } from '@/lib/checkout/schema';
import { gatewayNames } from '@/lib/gateways/catalog';
import { redirectFromOldSlug } from '@/lib/prices/old-slug';
import { startCheckoutAction } from './actions';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await getPaymentPage((await params).slug);
  return { title: page ? `${page.price.name} · ${page.merchant.name}` : (await getTranslations('titles'))('payment') };
}

export default async function PayPage({ params }: Props) {
  const { slug } = await params;
  const page = await getPaymentPage(slug);
  if (!page) {
    // A price's previous address (its slug was changed) redirects to the current one.
    await redirectFromOldSlug(slug);
    notFound();
  }
  const t = await getTranslations('pay');
  const gateway = gatewayNames()[page.price.gateway];
  const closed = page.price.archived ? 'archived' : page.account.status !== 'connected' ? 'paused' : null;
  return (
    <div className="flex flex-col gap-6">
      <PriceSummary page={page} />
      {closed ? (
        <div role="status" className="rounded-md border border-amber-700 bg-amber-50 px-3 py-2 text-amber-950">
          <h2 className="font-semibold">{t(closed === 'archived' ? 'archivedTitle' : 'pausedTitle')}</h2>
          <p className="text-sm">{t(closed === 'archived' ? 'archivedBody' : 'pausedBody', { merchant: page.merchant.name })}</p>
        </div>
      ) : (
        <PayForm
          action={startCheckoutAction.bind(null, page.price.slug)}
          requirements={payRequirementsFor(page.price.gateway, page.account)}
          // One key per page load: a double submit (or a retry after a gateway error) is the same order.
          submissionKey={randomBytes(18).toString('base64url')}
          gatewayName={gateway}
          subscription={page.price.kind === 'subscription'}
        />
      )}
    </div>
  );
}
