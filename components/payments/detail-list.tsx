import type { ReactNode } from 'react';

/** A definition list of a record's fields; rows whose value is missing are left out. */
export function DetailList({ rows }: { rows: [label: string, value: ReactNode | null | undefined][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      {rows
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
    </dl>
  );
}
