'use client';
import { useTranslations } from 'next-intl';
import { saveConnectionAction } from '@/app/(dashboard)/settings/payment-gateways/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { CredentialsFormFrame, useRefreshingAction } from '../credentials-form-frame';
import { TextField } from '@/components/ui/field';
import { secureandpayConnectSchema, secureandpayUpdateSchema } from '@/lib/gateways/secureandpay/schema';

type Props = { mode: 'connect' } | { mode: 'update'; siteId: string; apiSecretLast4?: string };

const connect = saveConnectionAction.bind(null, 'secureandpay', 'connect');
const update = saveConnectionAction.bind(null, 'secureandpay', 'update');

/** SP2–SP3: Site ID and API secret key (called "password" in Secure and Pay's email), then Save. */
export function SecureAndPayCredentialsForm(props: Props) {
  const t = useTranslations('connect');
  const updating = props.mode === 'update';
  const { register, fieldError, formRef, formAction, onSubmit, state, pending } = useActionForm({
    schema: updating ? secureandpayUpdateSchema : secureandpayConnectSchema,
    action: useRefreshingAction(updating ? update : connect),
    defaultValues: { siteId: updating ? props.siteId : '', apiSecret: '' },
  });
  const hint = [t('secureandpay.apiSecretHint'), updating && props.apiSecretLast4 ? t('secureandpay.keepStoredSecret', { last4: props.apiSecretLast4 }) : null]
    .filter(Boolean)
    .join(' ');
  return (
    <CredentialsFormFrame formRef={formRef} formAction={formAction} onSubmit={onSubmit} state={state} pending={pending}>
      <TextField label={t('secureandpay.siteId')} autoComplete="off" spellCheck={false} registration={register('siteId')} error={fieldError('siteId')} />
      <TextField
        label={t('secureandpay.apiSecret')}
        type="password"
        autoComplete="off"
        hint={hint}
        registration={register('apiSecret')}
        error={fieldError('apiSecret')}
      />
    </CredentialsFormFrame>
  );
}
