'use client';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { signOutEverywhereAction } from '@/app/(dashboard)/settings/profile/actions';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/form-state';

export function SignOutEverywhereForm() {
  const t = useTranslations('profile');
  const [state, action, pending] = useActionState(signOutEverywhereAction, initialFormState);
  return (
    <form action={action} className="flex flex-col gap-3">
      <FormMessage state={state} />
      <div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {t('signOutEverywhere')}
        </Button>
      </div>
    </form>
  );
}
