// A visitor's language and time zone, before any account says otherwise (i18n/request.ts for pages; sign-up for
// the new account's defaults; the payment pages, pages/pay): the switcher's choice (a cookie), else Accept-Language,
// else English; the zone their browser reported (a cookie), else UTC.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, isLocale, isTimeZone, negotiateLocale, type Locale } from '@/core/locales';
import { LOCALE_COOKIE, TIME_ZONE_COOKIE } from './request-keys';

export type VisitorLanguage = { locale: Locale; timeZone: string };

/** From the request's cookies and Accept-Language, however the caller reads them. */
export function visitorLanguageFrom(cookie: (name: string) => string | undefined, acceptLanguage: string | null | undefined): VisitorLanguage {
  const chosen = cookie(LOCALE_COOKIE);
  const zone = cookie(TIME_ZONE_COOKIE);
  return {
    locale: isLocale(chosen) ? chosen : (negotiateLocale(acceptLanguage) ?? DEFAULT_LOCALE),
    timeZone: isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE,
  };
}

/** In an App Router page or server action: the current request's visitor. */
export async function visitorLanguage(): Promise<VisitorLanguage> {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  return visitorLanguageFrom((name) => cookieStore.get(name)?.value, requestHeaders.get('accept-language'));
}
