'use client';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errorPage');
  return (
    <main id="main" className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-start justify-center gap-4 px-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-slate-700">{t('body')}</p>
      {error.digest ? <p className="font-mono text-sm text-slate-600">{t('reference', { digest: error.digest })}</p> : null}
      <Button onClick={reset}>{t('retry')}</Button>
    </main>
  );
}
