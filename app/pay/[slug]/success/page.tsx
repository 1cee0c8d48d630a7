import { ReturnView, type ReturnSearchParams } from '@/components/pay/return-view';
import { titled } from '@/lib/i18n/metadata';
import { redirectFromOldSlug } from '@/lib/prices/old-slug';

export const generateMetadata = titled('payment');

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<ReturnSearchParams> };

export default async function PaymentSuccessPage({ params, searchParams }: Props) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  // A gateway sends the customer back to the address it was given: a slug changed since then redirects.
  await redirectFromOldSlug(slug, '/success', query);
  return <ReturnView slug={slug} claimed="success" searchParams={query} />;
}
