'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { resetPasswordAction } from '@/app/(auth)/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { resetPasswordSchema } from '@/lib/auth/schemas';

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations('auth');
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: resetPasswordSchema,
    action: resetPasswordAction,
    defaultValues: { token, password: '' },
  });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      {state.message === 'auth.resetLinkInvalid' ? (
        <p className="text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-700 underline">
            {t('askAgain')}
          </Link>
        </p>
      ) : null}
      <input type="hidden" {...register('token')} />
      <TextField
        label={t('newPassword')}
        hint={t('passwordHint')}
        type="password"
        autoComplete="new-password"
        registration={register('password')}
        error={fieldError('password')}
      />
      <Button type="submit" disabled={pending}>
        {t('setNewPassword')}
      </Button>
    </form>
  );
}
