'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/**
 * The settings menu (seed N1): a row above the page on phones, a column at the left from md up. The current section
 * has aria-current for screen readers and, for the eye, a bar at its start with bolder text (not colour alone).
 */
export function SettingsNav({ label, items }: { label: string; items: { href: string; label: string }[] }) {
  // Typed nullable because the app also has a pages/ folder (the webhook route); in the App Router it is a string.
  const pathname = usePathname() ?? '';
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {items.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded-md border-s-4 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
                  current ? 'border-indigo-700 bg-indigo-50 font-semibold text-indigo-900' : 'border-transparent text-slate-700 hover:bg-slate-100'
                }`}
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
