'use client';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { reprocessNotificationAction } from '@/app/(dashboard)/settings/payment-gateways/[gateway]/notifications/actions';
import { initialFormState } from '@/lib/form-state';

/** Reprocess one notification: safe, since processing is idempotent. */
export function ReprocessButton({ eventId }: { eventId: string }) {
  const t = useTranslations();
  const [state, action, pending] = useActionState(reprocessNotificationAction.bind(null, eventId), initialFormState);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <button
        type="submit"
        disabled={pending}
        aria-label={t('notifications.reprocessLabel', { id: eventId.slice(0, 8) })}
        className="rounded border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50 disabled:text-slate-400"
      >
        {t('notifications.reprocess')}
      </button>
      <span role="status" className="text-xs text-slate-600">
        {state.message ? t(state.message) : ''}
      </span>
    </form>
  );
}
