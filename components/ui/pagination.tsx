// Newer / Older links for a server-rendered list, newest first (plain links with a cursor in the URL: works without
// JavaScript). A cursor names a row, so a page stays put while new rows arrive on top; there are no page numbers,
// which would cost a count of everything before the page.
import Link from 'next/link';

type Props = {
  label: string;
  summary: string;
  /** Absent on the first page. */
  newerHref?: string;
  /** Absent on the last page. */
  olderHref?: string;
  newerLabel: string;
  olderLabel: string;
};

export function Pagination({ label, summary, newerHref, olderHref, newerLabel, olderLabel }: Props) {
  const linkClass = 'rounded-md border border-slate-300 px-3 py-1 font-medium text-indigo-700 hover:bg-slate-50';
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-3 text-sm">
      {newerHref ? (
        <Link href={newerHref} className={linkClass} rel="prev">
          {newerLabel}
        </Link>
      ) : null}
      <p aria-live="polite">{summary}</p>
      {olderHref ? (
        <Link href={olderHref} className={linkClass} rel="next">
          {olderLabel}
        </Link>
      ) : null}
    </nav>
  );
}
