'use client';
// The dashboard's main menu. From md up its links sit in the top bar; below that they would push the page wider
// than a phone, so a Menu button opens them in a sheet. The sheet is a Radix Dialog: the button carries
// aria-expanded and aria-controls, focus moves into the sheet and stays there, Esc or Close closes it and focus
// returns to the button. Both mark the current page with aria-current and a visible bar.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Dialog } from 'radix-ui';
import { useEffect, useRef, useState } from 'react';

export type NavItem = { href: string; label: string };

/** Home is current only on itself; a section is current on its own pages too (/payments/<id> is under Payments). */
export function isCurrentPath(pathname: string, href: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}

function useCurrent() {
  // Typed nullable because the app also has a pages/ folder (the webhook route); in the App Router it is a string.
  const pathname = usePathname() ?? '';
  return (href: string) => isCurrentPath(pathname, href);
}

const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

/** The links in the top bar, from md up (hidden below, where MainMenuButton offers them). */
export function MainNav({ label, items }: { label: string; items: NavItem[] }) {
  const isCurrent = useCurrent();
  return (
    <nav aria-label={label} className="hidden self-stretch md:flex">
      <ul className="flex items-stretch gap-5 text-sm">
        {items.map((item) => {
          const current = isCurrent(item.href);
          return (
            <li key={item.href} className="flex">
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                // The bar under the current item is its visible mark; colour and weight change with it.
                className={`flex items-center border-b-2 pt-0.5 ${focusRing} ${
                  current ? 'border-indigo-700 font-semibold text-indigo-900' : 'border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-950'
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

/** Below md: the Menu button and the sheet it opens, with the same links. */
export function MainMenuButton({ label, items }: { label: string; items: NavItem[] }) {
  const t = useTranslations('nav');
  const isCurrent = useCurrent();
  const [open, setOpen] = useState(false);
  const firstLink = useRef<HTMLAnchorElement>(null);
  const currentLink = useRef<HTMLAnchorElement>(null);
  // The sheet is hidden from md up: if the window widens while it is open (a tablet turned), close it, or its focus
  // trap and the page it hides from screen readers would stay behind an invisible dialog.
  useEffect(() => {
    const wide = window.matchMedia('(min-width: 48rem)');
    const closeWhenWide = () => {
      if (wide.matches) setOpen(false);
    };
    wide.addEventListener('change', closeWhenWide);
    return () => wide.removeEventListener('change', closeWhenWide);
  }, []);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger
        aria-label={t('menu')}
        className={`-ms-2 inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 md:hidden ${focusRing}`}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M4 6h16M4 12h16M4 18h16" />
        </svg>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50 md:hidden" />
        <Dialog.Content
          aria-describedby={undefined}
          // Focus lands on the page the merchant is on (else the first link), not on Close.
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            (currentLink.current ?? firstLink.current)?.focus();
          }}
          className="fixed inset-y-0 start-0 z-50 flex w-[min(20rem,85vw)] flex-col overflow-y-auto bg-white shadow-xl md:hidden"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
            <Dialog.Title className="text-base font-semibold">{t('menu')}</Dialog.Title>
            <Dialog.Close aria-label={t('close')} className={`inline-flex h-10 w-10 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 ${focusRing}`}>
              <span aria-hidden="true">✕</span>
            </Dialog.Close>
          </div>
          <nav aria-label={label} className="p-2">
            <ul className="flex flex-col gap-1">
              {items.map((item, index) => {
                const current = isCurrent(item.href);
                return (
                  <li key={item.href}>
                    <Link
                      ref={current ? currentLink : index === 0 ? firstLink : undefined}
                      href={item.href}
                      aria-current={current ? 'page' : undefined}
                      // Following a link closes the sheet; Radix then returns focus to the Menu button.
                      onClick={() => setOpen(false)}
                      className={`block rounded-md border-s-4 px-3 py-3 text-base ${focusRing} ${
                        current ? 'border-indigo-700 bg-indigo-50 font-semibold text-indigo-900' : 'border-transparent text-slate-800 hover:bg-slate-100'
                      }`}
                    >
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
