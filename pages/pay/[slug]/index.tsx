// The public payment page of a price: the merchant's name, the price, and the fields its gateway needs, all required
// (Mercado Pago: email, names and tax number, MP5; Secure and Pay: email and names, SP4). The form posts back here:
// valid, the customer goes on to the gateway's checkout (303); refused, the page comes back with every error and what
// was typed.
//
// A Pages Router page without Next's runtime in the browser (`unstable_runtimeJS: false`), where an App Router page
// loads React and Next's client (444 KB of JavaScript) before any code of ours: customers open it on phones, over
// mobile networks. Its one script is the form's check (components/pay/island.ts, 4 KB). README "Performance".
import { randomBytes } from 'node:crypto';
import type { GetServerSideProps, PageConfig } from 'next';
import { useTranslations } from 'next-intl';
import { CustomerPage } from '@/components/pay/customer-page';
import { PayForm } from '@/components/pay/pay-form';
import { PayNotFound } from '@/components/pay/pay-not-found';
import { PriceSummary } from '@/components/pay/price-summary';
import { customerPages } from '@/lib/checkout/customer-pages-handle';
import type { PayPageView } from '@/lib/checkout/payment-pages';
import type { CustomerPageProps } from '@/lib/i18n/customer-page';
import { initialFormState, type FormState } from '@/lib/form-state';

export const config: PageConfig = { unstable_runtimeJS: false };

type Props = CustomerPageProps & ({ found: false } | { found: true; view: PayPageView; submissionKey: string; state: FormState });

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res, params, resolvedUrl }) => {
  const server = customerPages();
  const slug = typeof params?.slug === 'string' ? params.slug : '';
  const common = await server.pageProps(req, resolvedUrl);
  const answer = (status: number) => {
    res.statusCode = status;
    res.end();
    return { props: { ...common, found: false as const } };
  };
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
    res.setHeader('Allow', 'GET, HEAD, POST');
    return answer(405);
  }
  let state: FormState = initialFormState;
  if (req.method === 'POST') {
    const posted = await server.postPayForm(req, slug, common.locale);
    if ('refused' in posted) return answer(posted.refused);
    // 303: the browser follows with a GET (a 307 would post the form to the gateway).
    if ('checkoutUrl' in posted) return { redirect: { destination: posted.checkoutUrl, statusCode: 303 } };
    // A refused form's answer carries what was sent (its `values`), the submission key too: the form keeps it.
    state = posted.state;
  }
  const found = await server.findPayPage(slug);
  if ('redirectTo' in found) return { redirect: { destination: found.redirectTo, permanent: true } };
  if ('notFound' in found) {
    res.statusCode = 404;
    return { props: { ...common, found: false } };
  }
  // One key per page load: a double submit (or a retry after a gateway error) is the same order.
  return { props: { ...common, found: true, view: found.view, submissionKey: randomBytes(18).toString('base64url'), state } };
};

export default function PayPage(props: Props) {
  return props.found ? <PricePage {...props} /> : <PayNotFound {...props} />;
}

function PricePage({ view, submissionKey, state, ...common }: Extract<Props, { found: true }>) {
  const { price, closed } = view;
  return (
    <CustomerPage {...common} title={{ text: `${price.name} · ${price.merchantName}` }} withFormScript={closed === null}>
      <div className="flex flex-col gap-6">
        <PriceSummary price={price} />
        {closed ? (
          <ClosedNotice closed={closed} merchant={price.merchantName} />
        ) : (
          <PayForm requirements={view.requirements} submissionKey={submissionKey} gatewayName={view.gatewayName} subscription={price.kind === 'subscription'} state={state} />
        )}
      </div>
    </CustomerPage>
  );
}

/** The price is archived, or its gateway not connected: no form, and why. */
function ClosedNotice({ closed, merchant }: { closed: 'archived' | 'paused'; merchant: string }) {
  const t = useTranslations('pay');
  return (
    <div role="status" className="rounded-md border border-amber-700 bg-amber-50 px-3 py-2 text-amber-950">
      <h2 className="font-semibold">{t(closed === 'archived' ? 'archivedTitle' : 'pausedTitle')}</h2>
      <p className="text-sm">{t(closed === 'archived' ? 'archivedBody' : 'pausedBody', { merchant })}</p>
    </div>
  );
}
