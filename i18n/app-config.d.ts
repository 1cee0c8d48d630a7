// next-intl's types know our languages and named formats: getLocale() and useLocale() return a Locale
// (core/locales.ts), and format.dateTime(date, 'zoned') is checked against lib/i18n/formats.ts.
import type { Locale } from '@/core/locales';
import type { FORMATS } from '@/lib/i18n/formats';

declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Formats: typeof FORMATS;
  }
}
