import { headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import type { Locale } from '@/core/locales';
import { FORMATS } from '@/lib/i18n/formats';
import { messagesFor } from '@/lib/i18n/messages';
import { AUDIENCE_HEADER } from '@/lib/i18n/request-keys';
import { visitorLanguage } from '@/lib/i18n/visitor';
import { getCurrentMerchant } from '@/lib/session';

/**
 * Whose language a page is in (issue 14):
 * - the dashboard follows the signed-in merchant's choice in Profile, language and time zone;
 * - the customers' pages (/pay, marked by proxy.ts) and the pages before sign-in follow the visitor: the language
 *   they picked in the switcher (a cookie), else their browser's Accept-Language, else English; times in the zone
 *   their browser reported (a cookie the pages set), else UTC, named (lib/i18n/visitor.ts).
 */
export default getRequestConfig(async () => {
  if ((await headers()).get(AUDIENCE_HEADER) !== 'customer') {
    const merchant = await getCurrentMerchant();
    if (merchant) return config(merchant.locale, merchant.timeZone);
  }
  const visitor = await visitorLanguage();
  return config(visitor.locale, visitor.timeZone);
});

async function config(locale: Locale, timeZone: string) {
  return { locale, timeZone, formats: FORMATS, messages: await messagesFor(locale) };
}
