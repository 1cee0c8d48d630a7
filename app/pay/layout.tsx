// The public payment pages' own frame: no dashboard shell, no session (proxy.ts lets /pay through), the visitor's
// language.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { LanguageSwitcher } from '@/components/i18n/language-switcher';

export const metadata: Metadata = { robots: { index: false, follow: false } };

export default function PayLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center gap-6 bg-slate-50 px-4 py-12">
      <main id="main" className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {children}
      </main>
      {/* Customers read the page in their browser's language (i18n/request.ts) and may pick another here. */}
      <LanguageSwitcher />
    </div>
  );
}
