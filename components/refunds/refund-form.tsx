'use client';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { refundPaymentAction } from '@/app/(dashboard)/payments/[id]/actions';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/form-state';

/**
 * The Refund action where a refund would be offered, shown disabled with the reason beside it (seed MP7). It is
 * still a real form: the server refuses a refund request on its own, whatever posts it.
 */
export function RefundForm({ paymentId, reasonKey }: { paymentId: string; reasonKey: string }) {
  const t = useTranslations();
  const [state, action, pending] = useActionState(refundPaymentAction.bind(null, paymentId), initialFormState);
  return (
    <form action={action} className="flex flex-col items-start gap-2">
      <Button type="submit" variant="secondary" disabled aria-describedby="refund-reason" data-pending={pending || undefined}>
        {t('refunds.button')}
      </Button>
      <p id="refund-reason" className="text-sm text-slate-700">
        {t(reasonKey)}
      </p>
      <FormMessage state={state} />
    </form>
  );
}
