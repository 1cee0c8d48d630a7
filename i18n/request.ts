import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, isLocale, isTimeZone, negotiateLocale, type Locale } from '@/core/locales';
import { FORMATS } from '@/lib/i18n/formats';
import { messagesFor } from '@/lib/i18n/messages';
import { AUDIENCE_HEADER, LOCALE_COOKIE, TIME_ZONE_COOKIE } from '@/lib/i18n/request-keys';
import { getCurrentMerchant } from '@/lib/session';

/**
 * Whose language a page is in (issue 14):
 * - the dashboard follows the signed-in merchant's choice in Profile, language and time zone;
 * - the customers' pages (/pay, marked by proxy.ts) and the pages before sign-in follow the visitor: the language
 *   they picked in the switcher (a cookie), else their browser's Accept-Language, else English; times in the zone
 *   their browser reported (a cookie the pages set), else UTC, named.
 */
export default getRequestConfig(async () => {
  const requestHeaders = await headers();
  if (requestHeaders.get(AUDIENCE_HEADER) !== 'customer') {
    const merchant = await getCurrentMerchant();
    if (merchant) return config(merchant.locale, merchant.timeZone);
  }
  const cookieStore = await cookies();
  const chosen = cookieStore.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : (negotiateLocale(requestHeaders.get('accept-language')) ?? DEFAULT_LOCALE);
  const zone = cookieStore.get(TIME_ZONE_COOKIE)?.value;
  return config(locale, isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE);
});

async function config(locale: Locale, timeZone: string) {
  return { locale, timeZone, formats: FORMATS, messages: await messagesFor(locale) };
}
