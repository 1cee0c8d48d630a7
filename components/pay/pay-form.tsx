'use client';
// The customer's details on a payment page. Every field is required; a tax number (when the gateway asks, MP5) is
// checked with its country's rules, check digits included, here and again on the server, before any gateway call.
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { needsTaxId, paySchema, type PayRequirements } from '@/lib/checkout/schema';
import { taxIdTypesFor } from '@/lib/checkout/tax-id';
import type { FormState } from '@/lib/form-state';

type Props = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  requirements: PayRequirements;
  submissionKey: string;
  gatewayName: string;
  subscription: boolean;
};

export function PayForm({ action, requirements, submissionKey, gatewayName, subscription }: Props) {
  const t = useTranslations('pay');
  const schema = useMemo(() => paySchema(requirements), [requirements]);
  const taxTypes = needsTaxId(requirements) ? taxIdTypesFor(requirements.taxIdCountry) : [];
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema,
    action,
    defaultValues: {
      submissionKey,
      email: '',
      firstName: '',
      lastName: '',
      taxIdType: taxTypes.length === 1 ? taxTypes[0] : '',
      taxIdNumber: '',
    },
  });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-labelledby="pay-details-title">
      <div>
        <h2 id="pay-details-title" className="font-semibold">
          {t('detailsTitle')}
        </h2>
        <p className="text-sm text-slate-600">{t('requiredNote')}</p>
      </div>
      <FormMessage state={state} />
      {/* Without JavaScript a refused submit renders the page again: the same submission key (one order) comes back. */}
      <input type="hidden" {...register('submissionKey')} />
      <TextField label={t('email')} type="email" autoComplete="email" required registration={register('email')} error={fieldError('email')} />
      <TextField label={t('firstName')} autoComplete="given-name" required registration={register('firstName')} error={fieldError('firstName')} />
      <TextField label={t('lastName')} autoComplete="family-name" required registration={register('lastName')} error={fieldError('lastName')} />
      {needsTaxId(requirements) ? (
        <>
          <SelectField
            label={t('taxIdType')}
            required
            placeholder={taxTypes.length === 1 ? undefined : t('chooseTaxIdType')}
            options={taxTypes.map((type) => ({ value: type, label: t(`taxIdTypes.${type}`) }))}
            registration={register('taxIdType')}
            error={fieldError('taxIdType')}
          />
          <TextField
            label={t('taxIdNumber')}
            hint={t(`taxIdHint.${requirements.taxIdCountry}`)}
            autoComplete="off"
            required
            registration={register('taxIdNumber')}
            error={fieldError('taxIdNumber')}
          />
        </>
      ) : null}
      <p className="text-sm text-slate-600">{t('redirectNote', { gateway: gatewayName })}</p>
      <div>
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? t('submitting', { gateway: gatewayName }) : t(subscription ? 'submitSubscription' : 'submit')}
        </Button>
      </div>
    </form>
  );
}
