// The frame of the customers' pages (pages/pay): the visitor's language (a switcher under the page), no dashboard,
// no framework in the browser. The pages render it on the server only (their `unstable_runtimeJS: false`), so what
// it takes stays on the server: the messages, the nonce.
import Head from 'next/head';
import { NextIntlClientProvider, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { LanguageLinks } from '@/components/i18n/language-links';
import type { CustomerPageProps } from '@/lib/i18n/customer-page';
import { FORMATS } from '@/lib/i18n/formats';

type Props = CustomerPageProps & {
  /** The page's own title, as text or as a message key; the site's name follows it, as on every page. */
  title: { text: string } | { key: string };
  /** The payment form's script (components/pay/island.ts), on the page that has the form. */
  withFormScript?: boolean;
  children: ReactNode;
};

export function CustomerPage({ locale, timeZone, messages, nonce, path, title, withFormScript = false, children }: Props) {
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={messages} formats={FORMATS}>
      <Frame nonce={nonce} path={path} locale={locale} title={title} withFormScript={withFormScript}>
        {children}
      </Frame>
    </NextIntlClientProvider>
  );
}

function Frame({ nonce, path, locale, title, withFormScript, children }: Pick<Props, 'nonce' | 'path' | 'locale' | 'title' | 'withFormScript' | 'children'>) {
  const t = useTranslations();
  const pageTitle = 'text' in title ? title.text : t(title.key);
  return (
    <>
      <Head>
        <title>{`${pageTitle} · ${t('app.name')}`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t('app.description')} />
        <meta name="robots" content="noindex, nofollow" />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/apple-icon.png" />
      </Head>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:p-2">
        {t('app.skipToContent')}
      </a>
      <div className="flex min-h-screen flex-col items-center gap-6 bg-slate-50 px-4 py-12">
        <main id="main" className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {children}
        </main>
        {/* Customers read the page in their browser's language (lib/i18n/visitor.ts) and may pick another here. */}
        <LanguageLinks locale={locale} path={path} />
      </div>
      {withFormScript ? <script src="/pay-island.js" nonce={nonce} defer /> : null}
    </>
  );
}
