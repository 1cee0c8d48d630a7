'use client';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { initialFormState, type FormState } from '@/lib/form-state';

/** One button posting to a server action (mark read, mark all read), with its outcome announced beside it. */
export function AlertActionForm({
  action,
  label,
  accessibleLabel,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  label: string;
  accessibleLabel?: string;
}) {
  const t = useTranslations();
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <Button type="submit" variant="secondary" disabled={pending} aria-label={accessibleLabel} className="px-2 py-1 text-xs">
        {label}
      </Button>
      <span role="status" className="text-xs text-slate-600">
        {state.message ? t(state.message) : ''}
      </span>
    </form>
  );
}
