import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('notFound');
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-lg flex-col items-start justify-center gap-4 px-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-slate-700">{t('body')}</p>
      <Link href="/" className="font-medium text-indigo-700 underline">
        {t('home')}
      </Link>
    </main>
  );
}
