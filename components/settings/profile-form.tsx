'use client';
import { useTranslations } from 'next-intl';
import { updateProfileAction } from '@/app/(dashboard)/settings/profile/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { LOCALES, LOCALE_NAMES, type Locale } from '@/core/locales';
import { profileSchema } from '@/lib/merchants/profile-schema';

type Props = { name: string; email: string; locale: Locale; timeZone: string; timeZones: { value: string; label: string }[] };

export function ProfileForm({ name, email, locale, timeZone, timeZones }: Props) {
  const t = useTranslations('profile');
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: profileSchema,
    action: updateProfileAction,
    defaultValues: { name, locale, timeZone },
  });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <TextField label={t('name')} autoComplete="name" registration={register('name')} error={fieldError('name')} />
      <TextField label={t('email')} type="email" value={email} readOnly />
      <SelectField
        label={t('language')}
        hint={t('languageHint')}
        options={LOCALES.map((code) => ({ value: code, label: LOCALE_NAMES[code], lang: code }))}
        registration={register('locale')}
        error={fieldError('locale')}
      />
      <SelectField label={t('timeZone')} hint={t('timeZoneHint')} options={timeZones} registration={register('timeZone')} error={fieldError('timeZone')} />
      <div>
        <Button type="submit" disabled={pending}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
