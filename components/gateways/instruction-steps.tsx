import { useTranslations } from 'next-intl';

type Props = {
  id: string;
  namespace: string;
  titleKey: string;
  stepKeys: readonly string[];
  /**
   * Folded under its title until opened (a native <details>: works without JavaScript): keeps a popup's form and
   * its Save on screen at 1280×800 (issue 15).
   */
  collapsible?: boolean;
  children?: React.ReactNode;
};

/** A titled, numbered list of steps from one message namespace (`titleKey`, then each of `stepKeys`). */
export function InstructionSteps({ id, namespace, titleKey, stepKeys, collapsible = false, children }: Props) {
  const t = useTranslations(namespace);
  const steps = (
    <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-800">
      {stepKeys.map((key) => (
        <li key={key}>{t(key)}</li>
      ))}
    </ol>
  );
  if (collapsible) {
    return (
      <details className="group rounded-md bg-slate-50 px-4 py-2">
        <summary className="cursor-pointer text-sm font-semibold marker:text-slate-500">
          <h3 id={id} className="inline">
            {t(titleKey)}
          </h3>
        </summary>
        <div className="pt-2 pb-1">
          {steps}
          {children}
        </div>
      </details>
    );
  }
  return (
    <section aria-labelledby={id} className="rounded-md bg-slate-50 p-4">
      <h3 id={id} className="mb-2 text-sm font-semibold">
        {t(titleKey)}
      </h3>
      {steps}
      {children}
    </section>
  );
}
