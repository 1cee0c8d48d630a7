// Previous / next links for a server-rendered list (plain links with ?page= in the URL: works without JavaScript).
import Link from 'next/link';

type Props = {
  label: string;
  summary: string;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  previousLabel: string;
  nextLabel: string;
};

export function Pagination({ label, summary, page, pageCount, hrefFor, previousLabel, nextLabel }: Props) {
  const linkClass = 'rounded-md border border-slate-300 px-3 py-1 font-medium text-indigo-700 hover:bg-slate-50';
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-3 text-sm">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} className={linkClass} rel="prev">
          {previousLabel}
        </Link>
      ) : null}
      <p aria-live="polite">{summary}</p>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} className={linkClass} rel="next">
          {nextLabel}
        </Link>
      ) : null}
    </nav>
  );
}
