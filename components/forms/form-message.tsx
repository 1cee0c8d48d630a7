'use client';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/form-state';

/** The form-level outcome, announced by screen readers when it appears. */
export function FormMessage({ state }: { state: FormState }) {
  const t = useTranslations();
  const message = state.message ?? (state.fieldErrors ? 'errors.formHasErrors' : undefined);
  const tone = state.status === 'success' ? 'border-green-700 bg-green-50 text-green-900' : 'border-red-700 bg-red-50 text-red-900';
  return (
    <div role={state.status === 'error' ? 'alert' : 'status'} className="empty:hidden">
      {message && state.status !== 'idle' ? (
        <p className={`rounded-md border px-3 py-2 text-sm ${tone}`}>{t(message, state.messageValues)}</p>
      ) : null}
    </div>
  );
}
