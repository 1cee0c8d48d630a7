'use client';
// Shown when the root layout itself fails, so it cannot rely on the layout's translations provider: it loads the
// browser's language's texts itself (messages/<locale>.json "errorPage", a chunk fetched only when this shows).
import { createTranslator } from 'next-intl';
import { useEffect, useState } from 'react';
import { DEFAULT_LOCALE, negotiateLocale, type Locale } from '@/core/locales';

type ErrorTexts = { title: string; body: string; reference: string; retry: string };

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [texts, setTexts] = useState<{ locale: Locale; errorPage: ErrorTexts } | null>(null);
  useEffect(() => {
    const locale = negotiateLocale(navigator.languages.join(',')) ?? DEFAULT_LOCALE;
    import(`../messages/${locale}.json`).then((module: { default: { errorPage: ErrorTexts } }) => setTexts({ locale, errorPage: module.default.errorPage }));
  }, []);
  const t = texts ? createTranslator({ locale: texts.locale, messages: { errorPage: texts.errorPage }, namespace: 'errorPage' }) : null;
  return (
    <html lang={texts?.locale ?? DEFAULT_LOCALE}>
      <body style={{ fontFamily: 'system-ui', padding: '2rem' }}>
        {t ? (
          <main id="main">
            <h1>{t('title')}</h1>
            <p>{t('body')}</p>
            {error.digest ? <p>{t('reference', { digest: error.digest })}</p> : null}
            <button type="button" onClick={reset}>
              {t('retry')}
            </button>
          </main>
        ) : null}
      </body>
    </html>
  );
}
