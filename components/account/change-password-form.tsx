'use client';
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { changePasswordAction } from '@/app/(dashboard)/settings/profile/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { changePasswordSchema } from '@/lib/auth/schemas';

export function ChangePasswordForm() {
  const t = useTranslations('profile');
  const { form, register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: changePasswordSchema,
    action: changePasswordAction,
    defaultValues: { currentPassword: '', newPassword: '' },
  });
  // A changed password is not left in the fields.
  useEffect(() => {
    if (state.status === 'success') form.reset({ currentPassword: '', newPassword: '' });
  }, [state, form]);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <TextField
        label={t('currentPassword')}
        type="password"
        autoComplete="current-password"
        registration={register('currentPassword')}
        error={fieldError('currentPassword')}
      />
      <TextField
        label={t('newPassword')}
        hint={t('newPasswordHint')}
        type="password"
        autoComplete="new-password"
        registration={register('newPassword')}
        error={fieldError('newPassword')}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {t('changePassword')}
        </Button>
      </div>
    </form>
  );
}
