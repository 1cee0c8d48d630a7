'use client';
import { useTranslations } from 'next-intl';
import { signInAction } from '@/app/(auth)/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { signInSchema } from '@/lib/auth/schemas';

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations('auth');
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: signInSchema,
    action: signInAction,
    defaultValues: { email: '', password: '' },
  });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField label={t('email')} type="email" autoComplete="email" registration={register('email')} error={fieldError('email')} />
      <TextField
        label={t('password')}
        type="password"
        autoComplete="current-password"
        registration={register('password')}
        error={fieldError('password')}
      />
      <Button type="submit" disabled={pending}>
        {t('signIn')}
      </Button>
    </form>
  );
}
