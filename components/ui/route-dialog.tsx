'use client';
// A popup that is also a URL (an intercepted route): Radix traps focus inside and closes on Esc or the close
// button; closing navigates back to `closeHref` and puts focus back on the control that opened it.
import { useRouter } from 'next/navigation';
import { Dialog } from 'radix-ui';
import { useState, type ReactNode } from 'react';

type Props = { title: string; closeLabel: string; closeHref: string; returnFocusTo: string; children: ReactNode };

export function RouteDialog({ title, closeLabel, closeHref, returnFocusTo, children }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(true);
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (next) return;
        setOpen(false);
        router.push(closeHref, { scroll: false });
        // What the popup did (e.g. Secure and Pay's pending URL) shows on the page behind it.
        router.refresh();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50" />
        <Dialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            document.getElementById(returnFocusTo)?.focus();
          }}
          // Full screen on phones (a centred box leaves no room there); from sm up a centred box. Only the body
          // scrolls, so the title and Close stay on screen however long the content is.
          className="fixed inset-0 z-50 flex flex-col bg-white shadow-xl sm:inset-auto sm:top-1/2 sm:left-1/2 sm:max-h-[90vh] sm:w-[min(40rem,calc(100vw-2rem))] sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-lg"
        >
          <div className="flex shrink-0 items-start justify-between gap-4 border-b border-slate-200 px-4 py-3 sm:border-0 sm:px-6 sm:pt-6 sm:pb-4">
            <Dialog.Title className="min-w-0 text-lg font-semibold break-words">{title}</Dialog.Title>
            <Dialog.Close
              aria-label={closeLabel}
              className="-m-1 inline-flex h-10 w-10 shrink-0 items-center justify-center rounded text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <span aria-hidden="true">✕</span>
            </Dialog.Close>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-4 pt-4 pb-6 sm:px-6 sm:pt-0">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
