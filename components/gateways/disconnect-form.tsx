'use client';
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef, useState } from 'react';
import { disconnectGatewayAction } from '@/app/(dashboard)/settings/payment-gateways/actions';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/form-state';

/** Disconnect asks once more before it acts; the confirmation takes focus, Cancel gives it back. */
export function DisconnectForm({ gateway, gatewayName }: { gateway: string; gatewayName: string }) {
  const t = useTranslations('manage');
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(disconnectGatewayAction.bind(null, gateway), initialFormState);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) startButton.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);
  if (!confirming) {
    return (
      <div className="flex flex-col gap-2">
        <FormMessage state={state} />
        <p className="text-sm text-slate-700">{t('disconnectIntro', { gateway: gatewayName })}</p>
        <div>
          {/* Red from the first step: it stops the gateway's payments from reaching the dashboard. */}
          <Button ref={startButton} variant="danger" onClick={() => setConfirming(true)}>
            {t('disconnect')}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-3 rounded-md border border-red-200 bg-red-50 p-4">
      <p className="text-sm text-red-900">{t('confirmQuestion', { gateway: gatewayName })}</p>
      <div className="flex gap-2">
        <Button ref={confirmButton} type="submit" variant="danger" disabled={pending}>
          {t('confirmDisconnect', { gateway: gatewayName })}
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
