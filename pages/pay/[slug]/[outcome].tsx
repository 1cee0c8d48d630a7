// Where the gateway sends the customer back (/pay/<slug>/success, /pending, /failure): what the URL claims is checked
// with the gateway when the return names a payment (lib/checkout/payment-pages.ts). Like the payment page, rendered
// on the server only, without Next's runtime in the browser (pages/pay/[slug]/index.tsx says why).
import type { GetServerSideProps, PageConfig } from 'next';
import { CustomerPage } from '@/components/pay/customer-page';
import { PayNotFound } from '@/components/pay/pay-not-found';
import { ReturnView } from '@/components/pay/return-view';
import { customerPages } from '@/lib/checkout/customer-pages-handle';
import type { ReturnPageView } from '@/lib/checkout/payment-pages';
import type { ReturnOutcome } from '@/lib/checkout/types';
import type { CustomerPageProps } from '@/lib/i18n/customer-page';

export const config: PageConfig = { unstable_runtimeJS: false };

const OUTCOMES: readonly ReturnOutcome[] = ['success', 'pending', 'failure'];
const isOutcome = (value: unknown): value is ReturnOutcome => OUTCOMES.some((outcome) => outcome === value);

type Props = CustomerPageProps & ({ found: false } | { found: true; view: ReturnPageView });

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res, params, query, resolvedUrl }) => {
  const server = customerPages();
  const common = await server.pageProps(req, resolvedUrl);
  const slug = typeof params?.slug === 'string' ? params.slug : '';
  const claimed = params?.outcome;
  const found = isOutcome(claimed) ? await server.findReturnPage(slug, claimed, query) : ({ notFound: true } as const);
  if ('redirectTo' in found) return { redirect: { destination: found.redirectTo, permanent: true } };
  if ('notFound' in found) {
    res.statusCode = 404;
    return { props: { ...common, found: false } };
  }
  return { props: { ...common, found: true, view: found.view } };
};

export default function ReturnPage(props: Props) {
  if (!props.found) return <PayNotFound {...props} />;
  const { view, ...common } = props;
  return (
    <CustomerPage {...common} title={{ key: 'titles.payment' }}>
      <ReturnView view={view} />
    </CustomerPage>
  );
}
