'use client';
import { useTranslations } from 'next-intl';
import { forgotPasswordAction } from '@/app/(auth)/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { forgotPasswordSchema } from '@/lib/auth/schemas';

export function ForgotPasswordForm() {
  const t = useTranslations('auth');
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: forgotPasswordSchema,
    action: forgotPasswordAction,
    defaultValues: { email: '' },
  });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <TextField label={t('email')} type="email" autoComplete="email" registration={register('email')} error={fieldError('email')} />
      <Button type="submit" disabled={pending}>
        {t('sendResetLink')}
      </Button>
    </form>
  );
}
