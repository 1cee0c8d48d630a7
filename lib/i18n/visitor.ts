// A visitor's language and time zone, before any account says otherwise (i18n/request.ts for pages; sign-up for
// the new account's defaults): the switcher's choice (a cookie), else Accept-Language, else English; the zone their
// browser reported (a cookie), else UTC.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, isLocale, isTimeZone, negotiateLocale, type Locale } from '@/core/locales';
import { LOCALE_COOKIE, TIME_ZONE_COOKIE } from './request-keys';

export async function visitorLanguage(): Promise<{ locale: Locale; timeZone: string }> {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  const chosen = cookieStore.get(LOCALE_COOKIE)?.value;
  const zone = cookieStore.get(TIME_ZONE_COOKIE)?.value;
  return {
    locale: isLocale(chosen) ? chosen : (negotiateLocale(requestHeaders.get('accept-language')) ?? DEFAULT_LOCALE),
    timeZone: isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE,
  };
}
