// Names shared by proxy.ts, the request config (i18n/request.ts) and the language switcher.

/** Set by proxy.ts on requests for the customers' pages (/pay), so they follow the visitor, not a signed-in merchant. */
export const AUDIENCE_HEADER = 'x-page-audience';
/** The language a visitor picked in the switcher. */
export const LOCALE_COOKIE = 'locale';
/** The IANA zone the visitor's browser reported (Intl.DateTimeFormat().resolvedOptions().timeZone). */
export const TIME_ZONE_COOKIE = 'tz';
/** `?lang=pt-BR` on any page: the switcher's links, which work without JavaScript (proxy.ts sets the cookie). */
export const LOCALE_QUERY = 'lang';
/** Set by proxy.ts: the requested path and query, for the switcher's links. */
export const PATH_HEADER = 'x-request-path';
