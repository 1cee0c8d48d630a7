// The customer's details on a payment page, rendered on the server: the page needs no framework in the browser (a
// phone on a slow network loads the form and a 4 KB script, components/pay/island.ts). Every field is required; a tax
// number (when the gateway asks, MP5) is checked with its country's rules, check digits included: in the browser
// before the form is sent (the island, checkPayForm) and on the server (paySchema) before any gateway call. Without
// JavaScript the form posts all the same, and the page comes back with the server's field errors and what was typed.
import { useTranslations } from 'next-intl';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { PayRequirements } from '@/lib/checkout/schema';
import { taxIdTypesFor } from '@/lib/checkout/tax-id';
import type { FormState } from '@/lib/form-state';
import { PAY_FIELDS, type PayField } from './check-pay-form';
import { islandConfig, ISLAND_CONFIG_ID, PAY_FORM_ATTRIBUTE, SUBMISSION_ERROR_ATTRIBUTE, type IslandConfig } from './island-config';

type Props = {
  requirements: PayRequirements;
  /** One key per page load: a double submit (or a retry after a gateway error) is the same order. */
  submissionKey: string;
  gatewayName: string;
  subscription: boolean;
  /** The server's answer to the last submit (idle on a fresh page). */
  state: FormState;
};

export function PayForm({ requirements, submissionKey, gatewayName, subscription, state }: Props) {
  const t = useTranslations('pay');
  const tError = useTranslations('errors');
  const taxTypes = requirements.taxIdCountry !== null ? taxIdTypesFor(requirements.taxIdCountry) : [];
  const initial: Record<PayField, string> = {
    submissionKey,
    email: '',
    firstName: '',
    lastName: '',
    taxIdType: taxTypes.length === 1 ? (taxTypes[0] ?? '') : '',
    taxIdNumber: '',
    ...state.values,
  };
  const error = (field: PayField) => {
    const key = state.fieldErrors?.[field]?.[0];
    return key ? tError(key) : undefined;
  };
  // What the island needs to check the form as the server will, in the page's language.
  const config: IslandConfig = islandConfig(requirements, (key) => tError(key), t('submitting', { gateway: gatewayName }));
  // The first field in error gets the focus when the page comes back with the server's errors (no script needed).
  const firstInError = PAY_FIELDS.find((field) => field !== 'submissionKey' && error(field));

  return (
    <form method="post" noValidate className="flex flex-col gap-4" aria-labelledby="pay-details-title" {...{ [PAY_FORM_ATTRIBUTE]: '' }}>
      <div>
        <h2 id="pay-details-title" className="font-semibold">
          {t('detailsTitle')}
        </h2>
        <p className="text-sm text-slate-600">{t('requiredNote')}</p>
      </div>
      <FormMessage state={state} />
      {/* A refused submit renders the page again: the same submission key (one order) comes back. */}
      <input type="hidden" name="submissionKey" defaultValue={initial.submissionKey} />
      <TextField label={t('email')} name="email" type="email" autoComplete="email" required defaultValue={initial.email} error={error('email')} autoFocus={firstInError === 'email'} />
      <TextField label={t('firstName')} name="firstName" autoComplete="given-name" required defaultValue={initial.firstName} error={error('firstName')} autoFocus={firstInError === 'firstName'} />
      <TextField label={t('lastName')} name="lastName" autoComplete="family-name" required defaultValue={initial.lastName} error={error('lastName')} autoFocus={firstInError === 'lastName'} />
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
            autoFocus={firstInError === 'taxIdType'}
          />
          <TextField
            label={t('taxIdNumber')}
            name="taxIdNumber"
            hint={t(`taxIdHint.${requirements.taxIdCountry}`)}
            autoComplete="off"
            required
            defaultValue={initial.taxIdNumber}
            error={error('taxIdNumber')}
            autoFocus={firstInError === 'taxIdNumber'}
          />
        </>
      ) : null}
      <p role="alert" className="text-sm text-red-700 empty:hidden" {...{ [SUBMISSION_ERROR_ATTRIBUTE]: '' }}>
        {error('submissionKey')}
      </p>
      <p className="text-sm text-slate-600">{t('redirectNote', { gateway: gatewayName })}</p>
      <div>
        <Button type="submit" className="w-full">
          {t(subscription ? 'submitSubscription' : 'submit')}
        </Button>
      </div>
      <script type="application/json" id={ISLAND_CONFIG_ID} dangerouslySetInnerHTML={{ __html: jsonForScript(config) }} />
    </form>
  );
}

/** JSON inside <script>: "<" escaped, so no text (a merchant's or a translation's) can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
