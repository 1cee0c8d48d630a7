import { useTranslations } from 'next-intl';

/** A titled, numbered list of steps from one message namespace (`titleKey`, then each of `stepKeys`). */
export function InstructionSteps({ id, namespace, titleKey, stepKeys, children }: { id: string; namespace: string; titleKey: string; stepKeys: readonly string[]; children?: React.ReactNode }) {
  const t = useTranslations(namespace);
  return (
    <section aria-labelledby={id} className="rounded-md bg-slate-50 p-4">
      <h3 id={id} className="mb-2 text-sm font-semibold">
        {t(titleKey)}
      </h3>
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-800">
        {stepKeys.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ol>
      {children}
    </section>
  );
}
