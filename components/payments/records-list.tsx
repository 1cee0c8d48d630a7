// The frame shared by the Payments and Subscriptions lists: heading, filters, the table (or an empty state) and
// pagination. Each page supplies its columns and rows.
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Pagination } from '@/components/ui/pagination';
import type { CappedCount, PageLinks } from '@/db/queries/keyset';
import { listHref } from '@/lib/payments/list-params';
import { ListFilters } from './list-filters';

type Props = {
  title: string;
  intro: string;
  path: string;
  statuses: readonly string[];
  filters: { gateway?: string; status?: string; query?: string };
  list: { count: CappedCount; links: PageLinks; rows: unknown[] };
  /** The search box's label: what the list's search looks in. */
  searchLabel: string;
  empty: string;
  caption: string;
  columns: string[];
  /** Shown between the heading and the filters (the Payments page's orders awaiting payment). */
  top?: ReactNode;
  children: ReactNode;
};

export async function RecordsList({ title, intro, path, statuses, filters, list, searchLabel, empty, caption, columns, top, children }: Props) {
  const t = await getTranslations('payments');
  return (
    <main id="main" className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-sm text-slate-600">{intro}</p>
      </div>
      {top}
      <ListFilters action={path} statuses={statuses} values={filters} searchLabel={searchLabel} />
      {list.rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-600">{empty}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          {/* On phones each row stacks with its column names (globals.css): the pages give each cell its data-label. */}
          <table className="stack-table w-full text-left text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col" className="px-3 py-2 font-medium">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
      <Pagination
        label={t('pagination')}
        summary={t('countInAll', { count: list.count.value, capped: String(list.count.capped) })}
        newerHref={list.links.newer ? listHref(path, filters, { direction: 'before', id: list.links.newer }) : undefined}
        olderHref={list.links.older ? listHref(path, filters, { direction: 'after', id: list.links.older }) : undefined}
        newerLabel={t('previous')}
        olderLabel={t('next')}
      />
    </main>
  );
}
