'use client';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { sendTestNotificationAction } from '@/app/(dashboard)/settings/payment-gateways/actions';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/form-state';

export function TestNotificationForm({ gateway }: { gateway: string }) {
  const t = useTranslations('manage');
  const [state, action, pending] = useActionState(sendTestNotificationAction.bind(null, gateway), initialFormState);
  return (
    <form action={action} className="flex flex-col gap-2">
      <p className="text-sm text-slate-700">{t('testIntro')}</p>
      <FormMessage state={state} />
      <div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {t('sendTest')}
        </Button>
      </div>
    </form>
  );
}
