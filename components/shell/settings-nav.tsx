'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The left settings menu (seed N1); the current section is marked with aria-current for screen readers. */
export function SettingsNav({ label, items }: { label: string; items: { href: string; label: string }[] }) {
  // Typed nullable because the app also has a pages/ folder (the webhook route); in the App Router it is a string.
  const pathname = usePathname() ?? '';
  return (
    <nav aria-label={label}>
      <ul className="flex flex-col gap-1">
        {items.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded-md px-3 py-2 text-sm ${current ? 'bg-indigo-50 font-medium text-indigo-900' : 'text-slate-700 hover:bg-slate-100'}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
