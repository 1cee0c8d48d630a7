'use client';
// The frame every gateway's credentials form shares: the form element wired to useActionForm, the form-level
// message, then the gateway's own fields, then Save.
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import type { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';

type ActionForm = Pick<ReturnType<typeof useActionForm>, 'state' | 'pending' | 'formRef' | 'formAction' | 'onSubmit'>;

export function CredentialsFormFrame({ formRef, formAction, onSubmit, state, pending, children }: ActionForm & { children: ReactNode }) {
  const t = useTranslations('connect');
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      {children}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? t('saving') : t('save')}
        </Button>
      </div>
    </form>
  );
}
