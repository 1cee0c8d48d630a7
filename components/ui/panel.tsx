import type { ReactNode } from 'react';

/** A titled card on a detail page; the heading names the region, which is how screen readers and tests find it. */
export function Panel({ id, title, className = '', children }: { id: string; title: ReactNode; className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className={`rounded-lg border border-slate-200 bg-white p-5 ${className}`}>
      <h2 id={`${id}-title`} className="mb-3 font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
