import { headers } from 'next/headers';
import { getLocale } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale } from '@/core/locales';
import { PATH_HEADER } from '@/lib/i18n/request-keys';
import { LanguageLinks } from './language-links';

/** LanguageLinks in an App Router page: the request's language and address (proxy.ts passes the address on). */
export async function LanguageSwitcher() {
  const [locale, requestHeaders] = await Promise.all([getLocale(), headers()]);
  return <LanguageLinks locale={isLocale(locale) ? locale : DEFAULT_LOCALE} path={requestHeaders.get(PATH_HEADER) ?? '/'} />;
}
