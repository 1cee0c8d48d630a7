'use client';
import { useTranslations } from 'next-intl';
import { saveConnectionAction } from '@/app/(dashboard)/settings/payment-gateways/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { CredentialsFormFrame, useRefreshingAction } from '../credentials-form-frame';
import { TextField } from '@/components/ui/field';
import { mockpayConnectSchema, mockpayUpdateSchema } from '@/lib/gateways/mockpay/schema';

const connect = saveConnectionAction.bind(null, 'mockpay', 'connect');
const update = saveConnectionAction.bind(null, 'mockpay', 'update');

/** Mock Pay's one credential (docs/mockpay-api.md): the API key, then Save. */
export function MockPayCredentialsForm(props: { mode: 'connect' } | { mode: 'update'; apiKeyLast4?: string }) {
  const t = useTranslations('connect');
  const updating = props.mode === 'update';
  const { register, fieldError, formRef, formAction, onSubmit, state, pending } = useActionForm({
    schema: updating ? mockpayUpdateSchema : mockpayConnectSchema,
    action: useRefreshingAction(updating ? update : connect),
    defaultValues: { apiKey: '' },
  });
  return (
    <CredentialsFormFrame formRef={formRef} formAction={formAction} onSubmit={onSubmit} state={state} pending={pending}>
      <TextField
        label={t('mockpay.apiKey')}
        type="password"
        autoComplete="off"
        hint={updating && props.apiKeyLast4 ? t('mockpay.keepStoredKey', { last4: props.apiKeyLast4 }) : t('mockpay.apiKeyHint')}
        registration={register('apiKey')}
        error={fieldError('apiKey')}
      />
    </CredentialsFormFrame>
  );
}
