'use client';
import { useTranslations } from 'next-intl';
import { saveConnectionAction } from '@/app/(dashboard)/settings/payment-gateways/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { mockpayConnectSchema, mockpayUpdateSchema } from '@/lib/gateways/mockpay/schema';

const connect = saveConnectionAction.bind(null, 'mockpay', 'connect');
const update = saveConnectionAction.bind(null, 'mockpay', 'update');

/** Mock Pay's one credential (docs/mockpay-api.md): the API key, then Save. */
export function MockPayCredentialsForm(props: { mode: 'connect' } | { mode: 'update'; apiKeyLast4?: string }) {
  const t = useTranslations('connect');
  const updating = props.mode === 'update';
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: updating ? mockpayUpdateSchema : mockpayConnectSchema,
    action: updating ? update : connect,
    defaultValues: { apiKey: '' },
  });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <TextField
        label={t('mockpay.apiKey')}
        type="password"
        autoComplete="off"
        hint={updating && props.apiKeyLast4 ? t('mockpay.keepStoredKey', { last4: props.apiKeyLast4 }) : t('mockpay.apiKeyHint')}
        registration={register('apiKey')}
        error={fieldError('apiKey')}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? t('saving') : t('save')}
        </Button>
      </div>
    </form>
  );
}
