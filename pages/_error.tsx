// A payment page that failed on the server (the database unreachable, say): the customer reads what happened in their
// language, with a reference that the server logged beside the error, and a way to try again. Like the payment pages,
// rendered without Next's runtime in the browser. (The dashboard's errors are app/error.tsx.)
import type { NextPageContext, PageConfig } from 'next';
import { useTranslations } from 'next-intl';
import { CustomerPage } from '@/components/pay/customer-page';
import { PayNotFound } from '@/components/pay/pay-not-found';
import { buttonClasses } from '@/components/ui/button';
import { customerPages } from '@/lib/checkout/customer-pages-handle';
import type { CustomerPageProps } from '@/lib/i18n/customer-page';

export const config: PageConfig = { unstable_runtimeJS: false };

type Props = CustomerPageProps & { notFound: boolean; reference: string | null };

function CustomerErrorPage(props: Props) {
  const { reference, notFound, ...common } = props;
  if (notFound) return <PayNotFound {...common} />;
  return (
    <CustomerPage {...common} title={{ key: 'errorPage.title' }}>
      <ErrorText reference={reference} path={common.path} />
    </CustomerPage>
  );
}

function ErrorText({ reference, path }: { reference: string | null; path: string }) {
  const t = useTranslations('errorPage');
  return (
    <div className="flex flex-col items-start gap-4">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <p className="text-slate-700">{t('body')}</p>
      {reference ? <p className="font-mono text-sm text-slate-600">{t('reference', { digest: reference })}</p> : null}
      <a href={path} className={buttonClasses()}>
        {t('retry')}
      </a>
    </div>
  );
}

CustomerErrorPage.getInitialProps = async ({ req, res, err, asPath }: NextPageContext): Promise<Props> => {
  const path = asPath ?? '/';
  const server = customerPages();
  if (!req) throw new Error('rendered on the server only');
  const common = await server.pageProps(req, path);
  // An address no page answers: the customers' "not available", not an error.
  if (res?.statusCode === 404) return { ...common, notFound: true, reference: null };
  return { ...common, notFound: false, reference: server.reportPageError(err ?? 'unknown error', path) };
};

export default CustomerErrorPage;
