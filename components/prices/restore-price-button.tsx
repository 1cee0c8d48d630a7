'use client';
// Restore puts an archived price back on sale in one step: nothing is lost by it, so it asks nothing first.
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { restorePriceAction } from '@/app/(dashboard)/prices/actions';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/form-state';

export function RestorePriceButton({ priceId, name }: { priceId: string; name: string }) {
  const t = useTranslations('prices');
  const [state, formAction, pending] = useActionState(restorePriceAction.bind(null, priceId), initialFormState);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormMessage state={state} />
      <Button type="submit" variant="secondary" disabled={pending}>
        <span aria-hidden="true">{t('restore')}</span>
        <span className="sr-only">{t('restoreLabel', { name })}</span>
      </Button>
    </form>
  );
}
