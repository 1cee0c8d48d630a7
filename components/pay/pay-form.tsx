'use client';
// The customer's details on a payment page: the page's one client island. Every field is required; a tax number
// (when the gateway asks, MP5) is checked with its country's rules, check digits included, here (checkPayForm) and
// again on the server (paySchema), before any gateway call. No form library: the public page carries only React,
// Next's runtime and this file. Without JavaScript the form posts to the same action, which answers with the
// server's field errors and the values typed.
import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { PayRequirements } from '@/lib/checkout/schema';
import { taxIdTypesFor } from '@/lib/checkout/tax-id';
import { initialFormState, type FormState } from '@/lib/form-state';
import { checkPayForm, PAY_FIELDS, type PayField, type PayFieldErrors } from './check-pay-form';

type Props = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  requirements: PayRequirements;
  submissionKey: string;
  gatewayName: string;
  subscription: boolean;
};

/** The server's first message per field (its answer to a submit). */
function serverErrors(state: FormState): PayFieldErrors {
  const errors: PayFieldErrors = {};
  for (const field of PAY_FIELDS) {
    const message = state.fieldErrors?.[field]?.[0];
    if (message) errors[field] = message;
  }
  return errors;
}

/** Focus on the first field in error, in the form's order. */
function focusFirst(form: HTMLFormElement | null, errors: PayFieldErrors): void {
  const first = PAY_FIELDS.find((field) => errors[field]);
  if (first) form?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
}

export function PayForm({ action, requirements, submissionKey, gatewayName, subscription }: Props) {
  const t = useTranslations('pay');
  const tError = useTranslations('errors');
  const [state, formAction, pending] = useActionState(action, initialFormState);
  // The browser's own check, and the server answer it was made against: a newer answer replaces it.
  const [checked, setChecked] = useState<{ errors: PayFieldErrors; against: FormState } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const taxTypes = requirements.taxIdCountry !== null ? taxIdTypesFor(requirements.taxIdCountry) : [];
  const errors = checked && checked.against === state ? checked.errors : serverErrors(state);
  const initial: Record<PayField, string> = {
    submissionKey,
    email: '',
    firstName: '',
    lastName: '',
    taxIdType: taxTypes.length === 1 ? (taxTypes[0] ?? '') : '',
    taxIdNumber: '',
    ...state.values,
  };

  const check = (form: HTMLFormElement) => {
    const data = new FormData(form);
    return checkPayForm(requirements, (field) => {
      const value = data.get(field);
      return typeof value === 'string' ? value : '';
    });
  };
  // The server's field errors (a submit it refused): focus goes to the first, as after the browser's check.
  useEffect(() => {
    if (state.fieldErrors) focusFirst(formRef.current, serverErrors(state));
  }, [state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // Sent by hand inside a transition, so React does not reset the fields after the answer (the details are kept).
    event.preventDefault();
    const form = event.currentTarget;
    const found = check(form);
    setChecked({ errors: found, against: state });
    if (Object.keys(found).length > 0) return focusFirst(form, found);
    startTransition(() => formAction(new FormData(form)));
  };
  // Once shown (the browser's or the server's), the errors follow what is typed: a corrected field loses its message.
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    if (checked || state.fieldErrors) setChecked({ errors: check(event.currentTarget), against: state });
  };
  const error = (field: PayField) => {
    const key = errors[field];
    return key ? tError(key) : undefined;
  };

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} onChange={onChange} noValidate className="flex flex-col gap-4" aria-labelledby="pay-details-title">
      <div>
        <h2 id="pay-details-title" className="font-semibold">
          {t('detailsTitle')}
        </h2>
        <p className="text-sm text-slate-600">{t('requiredNote')}</p>
      </div>
      <FormMessage state={state} />
      {/* Without JavaScript a refused submit renders the page again: the same submission key (one order) comes back. */}
      <input type="hidden" name="submissionKey" defaultValue={initial.submissionKey} />
      <TextField label={t('email')} name="email" type="email" autoComplete="email" required defaultValue={initial.email} error={error('email')} />
      <TextField label={t('firstName')} name="firstName" autoComplete="given-name" required defaultValue={initial.firstName} error={error('firstName')} />
      <TextField label={t('lastName')} name="lastName" autoComplete="family-name" required defaultValue={initial.lastName} error={error('lastName')} />
      {requirements.taxIdCountry !== null ? (
        <>
          <SelectField
            label={t('taxIdType')}
            name="taxIdType"
            required
            defaultValue={initial.taxIdType}
            placeholder={taxTypes.length === 1 ? undefined : t('chooseTaxIdType')}
            options={taxTypes.map((type) => ({ value: type, label: t(`taxIdTypes.${type}`) }))}
            error={error('taxIdType')}
          />
          <TextField
            label={t('taxIdNumber')}
            name="taxIdNumber"
            hint={t(`taxIdHint.${requirements.taxIdCountry}`)}
            autoComplete="off"
            required
            defaultValue={initial.taxIdNumber}
            error={error('taxIdNumber')}
          />
        </>
      ) : null}
      {errors.submissionKey ? (
        <p role="alert" className="text-sm text-red-700">
          {error('submissionKey')}
        </p>
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
