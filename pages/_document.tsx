// The document of the Pages Router's pages (pages/pay: the customers' payment pages): the page's language and
// direction on <html>, as the App Router's root layout sets them for every other page.
import { Head, Html, Main, NextScript, type DocumentProps } from 'next/document';
import { DEFAULT_LOCALE, directionOf, isLocale } from '@/core/locales';

export default function Document(props: DocumentProps) {
  const pageProps: unknown = props.__NEXT_DATA__.props?.pageProps;
  const locale = typeof pageProps === 'object' && pageProps !== null && 'locale' in pageProps && isLocale(pageProps.locale) ? pageProps.locale : DEFAULT_LOCALE;
  return (
    <Html lang={locale} dir={directionOf(locale)}>
      <Head />
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
