'use client';
import { useTranslations } from 'next-intl';
import { updateProfileAction } from '@/app/(dashboard)/settings/profile/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { profileSchema } from '@/lib/merchants/profile-schema';

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const t = useTranslations('profile');
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: profileSchema,
    action: updateProfileAction,
    defaultValues: { name },
  });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <TextField label={t('name')} autoComplete="name" registration={register('name')} error={fieldError('name')} />
      <TextField label={t('email')} type="email" value={email} readOnly />
      <div>
        <Button type="submit" disabled={pending}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
