import Link from 'next/link';
import { StatusBadge } from './status-badge';

/** The top of a payment's or subscription's page: the way back to its list, its title and its status. */
export function RecordHeader({ back, title, status }: { back: { href: string; label: string }; title: string; status: string }) {
  return (
    <>
      <Link href={back.href} className="text-sm text-indigo-700 underline">
        {back.label}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <StatusBadge status={status} />
      </div>
    </>
  );
}
