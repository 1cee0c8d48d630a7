'use client';
// Archiving asks once more, inline (no browser dialog), and says what stays: orders and payments. Once archived,
// the action leads back to the list, which confirms it (the price, and this button, leave the list).
import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { archivePriceAction } from '@/app/(dashboard)/prices/actions';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/form-state';

export function ArchivePriceButton({ priceId, name }: { priceId: string; name: string }) {
  const t = useTranslations('prices');
  const connect = useTranslations('connect');
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(archivePriceAction.bind(null, priceId), initialFormState);
  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        <span aria-hidden="true">{t('archive')}</span>
        <span className="sr-only">{t('archiveLabel', { name })}</span>
      </Button>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormMessage state={state} />
      <p className="text-sm">{t('archiveConfirm', { name })}</p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {t('archiveLabel', { name })}
        </Button>
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          {connect('close')}
        </Button>
      </div>
    </form>
  );
}
