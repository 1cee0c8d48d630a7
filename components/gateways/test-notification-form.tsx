'use client';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { sendTestNotificationAction } from '@/app/(dashboard)/settings/payment-gateways/actions';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/form-state';

/** Sends the sample notification and says what became of it (the action waits up to 10 s for the outcome). */
export function TestNotificationForm({ gateway }: { gateway: string }) {
  const t = useTranslations('manage');
  const [state, action, pending] = useActionState(sendTestNotificationAction.bind(null, gateway), initialFormState);
  return (
    <form action={action} aria-busy={pending || undefined} className="flex flex-col gap-2">
      <p className="text-sm text-slate-700">{t('testIntro')}</p>
      {pending ? (
        <p role="status" className="text-sm text-slate-700">
          {t('testWaiting')}
        </p>
      ) : (
        <FormMessage state={state} />
      )}
      <div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? t('testSending') : t('sendTest')}
        </Button>
      </div>
    </form>
  );
}
