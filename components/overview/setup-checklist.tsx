import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { SETUP_STEPS, type SetupProgress } from '@/lib/overview/summary';

/** The new merchant's checklist: each step ticks itself from what they did (db/queries/overview.ts getSetupProgress). */
export function SetupChecklist({ progress }: { progress: SetupProgress }) {
  const t = useTranslations('dashboard.setup');
  const done = SETUP_STEPS.filter((step) => progress[step.id]).length;
  return (
    <section aria-labelledby="setup-title" className="rounded-lg border border-indigo-200 bg-white p-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="setup-title" className="text-lg font-semibold">
          {t('title')}
        </h2>
        <p className="text-sm text-slate-700">{t('progress', { done, total: SETUP_STEPS.length })}</p>
      </div>
      <p className="mb-3 text-sm text-slate-700">{t('intro')}</p>
      <ol className="flex flex-col gap-2">
        {SETUP_STEPS.map((step, index) => {
          const ticked = progress[step.id];
          return (
            <li key={step.id} className={`flex gap-3 rounded-md border p-3 ${ticked ? 'border-green-200 bg-green-50' : 'border-slate-200'}`}>
              <span
                aria-hidden="true"
                className={`flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${ticked ? 'bg-green-700 text-white' : 'border border-slate-400 text-slate-700'}`}
              >
                {ticked ? '✓' : index + 1}
              </span>
              <div className="flex min-w-0 flex-1 flex-col gap-1">
                <p className="font-medium">
                  {t(`steps.${step.id}.title`)}{' '}
                  <span className={`ms-1 rounded px-1.5 py-0.5 text-xs font-medium ${ticked ? 'bg-green-100 text-green-900' : 'bg-slate-100 text-slate-800'}`}>
                    {ticked ? t('done') : t('todo')}
                  </span>
                </p>
                <p className="text-sm text-slate-700">{t(`steps.${step.id}.hint`)}</p>
                {ticked ? null : (
                  <p>
                    <Link href={step.href} className="text-sm font-medium text-indigo-700 underline">
                      {t(`steps.${step.id}.action`)}
                    </Link>
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
