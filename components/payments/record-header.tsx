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
        {/* A gateway's id can be one long word (a Mercado Pago preapproval id is 32 characters): let it wrap on phones. */}
        <h1 className="min-w-0 text-2xl font-semibold [overflow-wrap:anywhere]">{title}</h1>
        <StatusBadge status={status} />
      </div>
    </>
  );
}
