import { useTranslations } from 'next-intl';
import { LOCALES, LOCALE_NAMES, type Locale } from '@/core/locales';
import { LOCALE_QUERY } from '@/lib/i18n/request-keys';

/**
 * The visitor's language choice on the customers' pages and before sign-in: one link per language, each named in
 * its own language (and marked `lang`, so a screen reader says it right). Links, not a form, so it works without
 * JavaScript; proxy.ts keeps the choice in a cookie and comes back to `path` (the page it is on, with its query).
 */
export function LanguageLinks({ locale, path }: { locale: Locale; path: string }) {
  const t = useTranslations('language');
  const here = new URL(path, 'http://localhost');
  const hrefFor = (code: string) => {
    const target = new URL(here);
    target.searchParams.set(LOCALE_QUERY, code);
    return `${target.pathname}${target.search}`;
  };
  return (
    <nav aria-label={t('switcherLabel')} className="text-sm">
      <ul className="flex flex-wrap justify-center gap-x-3 gap-y-1">
        {LOCALES.map((code) => (
          <li key={code}>
            {code === locale ? (
              <span aria-current="true" lang={code} className="font-semibold text-slate-900">
                {LOCALE_NAMES[code]}
              </span>
            ) : (
              <a href={hrefFor(code)} lang={code} hrefLang={code} className="text-indigo-700 underline">
                {LOCALE_NAMES[code]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
