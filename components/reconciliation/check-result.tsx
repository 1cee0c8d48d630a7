'use client';
// A check's result in words, for the Check now buttons' live region (role=status): found and recorded, nothing
// yet, a mismatch, or the gateway unreachable. The status a result names is put in words as the badges do.
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/form-state';

export function useCheckResultText(): (state: FormState) => string | null {
  const t = useTranslations();
  return (state) => {
    if (state.status === 'idle' || !state.message) return null;
    const values = { ...state.messageValues };
    const status = values.status;
    if (status !== undefined) values.status = t.has(`payments.status.${status}`) ? t(`payments.status.${status}`) : status;
    return t(state.message, values);
  };
}

/** The result line; always rendered (empty until a check ends), so screen readers announce the result. */
export function CheckResultRegion({ id, text, tone }: { id: string; text: string | null; tone: FormState['status'] }) {
  const colours = tone === 'error' ? 'border-amber-700 bg-amber-50 text-amber-950' : 'border-green-700 bg-green-50 text-green-950';
  return (
    <div id={id} role="status" className="empty:hidden">
      {text ? <p className={`rounded-md border px-3 py-2 text-sm ${colours}`}>{text}</p> : null}
    </div>
  );
}
