'use client';
// Check now on a payment's page: asks the gateway at once about a payment that is not final and records what it
// says. The panel stays (with its result) after the payment became final, until the page is left.
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { checkPaymentNowAction } from '@/app/(dashboard)/payments/actions';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { initialFormState } from '@/lib/form-state';
import { CheckResultRegion, useCheckResultText } from './check-result';

export function CheckPaymentNowPanel({ paymentId, gatewayName, checkable }: { paymentId: string; gatewayName: string; checkable: boolean }) {
  const t = useTranslations('reconciliation');
  const text = useCheckResultText();
  const [state, action, pending] = useActionState(checkPaymentNowAction.bind(null, paymentId), initialFormState);
  if (!checkable && state.status === 'idle') return null;
  return (
    <Panel id="check-now" title={t('paymentTitle')}>
      <div className="flex flex-col items-start gap-3">
        {checkable ? (
          <>
            <p id="check-now-intro" className="text-sm text-slate-700">
              {t('paymentIntro', { gateway: gatewayName })}
            </p>
            <form action={action}>
              <Button type="submit" variant="secondary" disabled={pending} aria-describedby="check-now-intro">
                {pending ? t('checking') : t('checkNow')}
              </Button>
            </form>
          </>
        ) : null}
        <CheckResultRegion id="check-now-result" text={text(state)} tone={state.status} />
      </div>
    </Panel>
  );
}
