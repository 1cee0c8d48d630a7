import type { Metadata } from 'next';
import { connection } from 'next/server';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { TimeZoneCookie } from '@/components/i18n/time-zone-cookie';
import { StyleNonce } from '@/components/ui/style-nonce';
import { directionOf } from '@/core/locales';
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
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body>
        <StyleNonce />
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:p-2">
          {t('skipToContent')}
        </a>
        <NextIntlClientProvider>
          <TimeZoneCookie />
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
