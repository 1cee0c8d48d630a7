'use client';
import { useTranslations } from 'next-intl';
import { saveConnectionAction } from '@/app/(dashboard)/settings/payment-gateways/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { CredentialsFormFrame, useRefreshingAction } from '../credentials-form-frame';
import { SelectField, TextField } from '@/components/ui/field';
import { accountSwitchOf } from '@/lib/gateways/account-switch-prompt';
import {
  MERCADOPAGO_COUNTRY_IDS,
  mercadopagoConnectSchema,
  mercadopagoUpdateSchema,
  type MercadoPagoCountryId,
} from '@/lib/gateways/mercadopago/schema';

type Props =
  | { mode: 'connect' }
  | { mode: 'update'; publicKey: string; country: MercadoPagoCountryId; accessTokenLast4?: string; webhookSecretLast4?: string };

const connect = saveConnectionAction.bind(null, 'mercadopago', 'connect');
const update = saveConnectionAction.bind(null, 'mercadopago', 'update');

/** MP1: API Public Key, Access Token, Country, then Save; plus the optional webhook secret signature. */
export function MercadoPagoCredentialsForm(props: Props) {
  const t = useTranslations('connect');
  const countries = useTranslations('countries');
  const updating = props.mode === 'update';
  const { form, register, fieldError, formRef, formAction, onSubmit, state, pending } = useActionForm({
    schema: updating ? mercadopagoUpdateSchema : mercadopagoConnectSchema,
    action: useRefreshingAction(updating ? update : connect),
    defaultValues: {
      publicKey: updating ? props.publicKey : '',
      accessToken: '',
      country: updating ? props.country : undefined,
      webhookSecret: '',
    },
  });
  // Another account's application signs with its own secret signature: the stored one cannot be kept (issue 15).
  const switchNeedsSecret = accountSwitchOf(state)?.needs.includes('webhookSecret') ?? false;
  const typedTest = [form.watch('publicKey'), form.watch('accessToken')].some((value) => value?.trim().startsWith('TEST-'));
  return (
    <CredentialsFormFrame formRef={formRef} formAction={formAction} onSubmit={onSubmit} state={state} pending={pending}>
      <TextField label={t('mercadopago.publicKey')} autoComplete="off" spellCheck={false} registration={register('publicKey')} error={fieldError('publicKey')} />
      <TextField
        label={t('mercadopago.accessToken')}
        type="password"
        autoComplete="off"
        spellCheck={false}
        hint={updating && props.accessTokenLast4 ? t('mercadopago.keepStoredToken', { last4: props.accessTokenLast4 }) : undefined}
        registration={register('accessToken')}
        error={fieldError('accessToken')}
      />
      <SelectField
        label={t('mercadopago.country')}
        hint={t('mercadopago.countryHint')}
        placeholder={t('mercadopago.chooseCountry')}
        options={MERCADOPAGO_COUNTRY_IDS.map((id) => ({ value: id, label: countries(id) }))}
        registration={register('country')}
        error={fieldError('country')}
      />
      <TextField
        label={t('mercadopago.webhookSecret')}
        type="password"
        autoComplete="off"
        spellCheck={false}
        aria-required={switchNeedsSecret || undefined}
        hint={
          switchNeedsSecret
            ? t('mercadopago.switchNeedsSecretHint')
            : updating && props.webhookSecretLast4
              ? t('mercadopago.keepStoredSecret', { last4: props.webhookSecretLast4 })
              : t('mercadopago.webhookSecretHint')
        }
        registration={register('webhookSecret')}
        error={fieldError('webhookSecret')}
      />
      {typedTest ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t('typedTestCredentials')}</p> : null}
    </CredentialsFormFrame>
  );
}
