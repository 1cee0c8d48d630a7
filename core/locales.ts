// The languages people read the app in. Adding one: its messages/<locale>.json (and one in each gateway folder's
// messages/), then its code here (README "Add a language").
export const LOCALES = ['en', 'pt-BR', 'es', 'fr', 'nb', 'hi'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's own name for itself, for the switchers (never translated: a reader finds their language by it). */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  'pt-BR': 'Português (Brasil)',
  es: 'Español (Latinoamérica)',
  fr: 'Français',
  nb: 'Norsk bokmål',
  hi: 'हिन्दी',
};

/** Right-to-left languages; none yet, but `<html dir>` asks here so adding one is the one line above. */
const RIGHT_TO_LEFT = new Set<string>(['ar', 'fa', 'he', 'ur']);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(languageOf(locale)) ? 'rtl' : 'ltr';
}

/** "pt-BR" → "pt". */
function languageOf(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

/**
 * The best of our languages for an Accept-Language header (RFC 9110 §12.5.4: by q, then order): an exact tag first,
 * then the same language in another region ("pt-PT" reads pt-BR, "es-MX" and "es-CO" read es, "no"/"nn" read nb).
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((range) => range.tag && range.tag !== '*' && Number.isFinite(range.q) && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    const exact = LOCALES.find((locale) => locale.toLowerCase() === tag);
    if (exact) return exact;
    const primary = languageOf(tag);
    const language = LANGUAGE_ALIASES[primary] ?? primary;
    const sameLanguage = LOCALES.find((locale) => languageOf(locale) === language);
    if (sameLanguage) return sameLanguage;
  }
  return null;
}

/** Norwegian: "no" is the macrolanguage and "nn" is Nynorsk; Bokmål is what both readers get. */
const LANGUAGE_ALIASES: Record<string, string> = { no: 'nb', nn: 'nb' };

/** IANA time zones this runtime knows, for the Profile choice and to validate what a browser reports. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const DEFAULT_TIME_ZONE = 'UTC';
