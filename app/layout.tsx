import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { TimeZoneCookie } from '@/components/i18n/time-zone-cookie';
import { CUSTOMER_CLIENT_NAMESPACES, pickNamespaces } from '@/components/pay/client-messages';
import { StyleNonce } from '@/components/ui/style-nonce';
import { directionOf } from '@/core/locales';
import { AUDIENCE_HEADER } from '@/lib/i18n/request-keys';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('app');
  return { title: { template: `%s · ${t('name')}`, default: t('name') }, description: t('description') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next puts the nonce of the request's Content-Security-Policy (proxy.ts) on its
  // scripts, and a page prerendered at build time would have none, so its scripts would be blocked.
  await connection();
  const locale = await getLocale();
  const t = await getTranslations('app');
  // The customers' pages get only the messages their client components use; the dashboard's client components use
  // many namespaces, so it keeps them all (undefined: the provider passes every message of the locale).
  const customerPage = (await headers()).get(AUDIENCE_HEADER) === 'customer';
  const clientMessages = customerPage ? pickNamespaces(await getMessages(), CUSTOMER_CLIENT_NAMESPACES) : undefined;
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body>
        <StyleNonce />
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:p-2">
          {t('skipToContent')}
        </a>
        <NextIntlClientProvider messages={clientMessages}>
          <TimeZoneCookie />
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
