'use client';
import { useTranslations } from 'next-intl';
import { connectSecureAndPayAction, updateSecureAndPayAction } from '@/app/(dashboard)/settings/payment-gateways/actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { secureandpayConnectSchema, secureandpayUpdateSchema } from '@/lib/gateways/secureandpay/schema';

type Props = { mode: 'connect' } | { mode: 'update'; siteId: string; apiSecretLast4?: string };

/** Seed SP2–SP3: Site ID and API secret key (called "password" in Secure and Pay's email), then Save. */
export function SecureAndPayForm(props: Props) {
  const t = useTranslations('connect');
  const updating = props.mode === 'update';
  const { register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({
    schema: updating ? secureandpayUpdateSchema : secureandpayConnectSchema,
    action: updating ? updateSecureAndPayAction : connectSecureAndPayAction,
    defaultValues: { siteId: updating ? props.siteId : '', apiSecret: '' },
  });
  const hint = [t('secureandpay.apiSecretHint'), updating && props.apiSecretLast4 ? t('secureandpay.keepStoredSecret', { last4: props.apiSecretLast4 }) : null]
    .filter(Boolean)
    .join(' ');
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <TextField label={t('secureandpay.siteId')} autoComplete="off" spellCheck={false} registration={register('siteId')} error={fieldError('siteId')} />
      <TextField
        label={t('secureandpay.apiSecret')}
        type="password"
        autoComplete="off"
        hint={hint}
        registration={register('apiSecret')}
        error={fieldError('apiSecret')}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? t('saving') : t('save')}
        </Button>
      </div>
    </form>
  );
}
