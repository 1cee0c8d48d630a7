'use client';
import { useTranslations } from 'next-intl';
import { signUpAction } from '@/app/(auth)/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { signUpSchema } from '@/lib/auth/schemas';

export function SignUpForm() {
  const t = useTranslations('auth');
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: signUpSchema,
    action: signUpAction,
    defaultValues: { name: '', email: '', password: '' },
  });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <TextField label={t('name')} autoComplete="name" registration={register('name')} error={fieldError('name')} />
      <TextField label={t('email')} type="email" autoComplete="email" registration={register('email')} error={fieldError('email')} />
      <TextField
        label={t('password')}
        hint={t('passwordHint')}
        type="password"
        autoComplete="new-password"
        registration={register('password')}
        error={fieldError('password')}
      />
      <Button type="submit" disabled={pending}>
        {t('signUp')}
      </Button>
    </form>
  );
}
