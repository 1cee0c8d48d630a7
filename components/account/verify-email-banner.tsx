'use client';
// Shown at the top of every dashboard page until the merchant confirms their address (README "Accounts").
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { resendVerificationAction } from '@/app/(dashboard)/actions';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { initialFormState } from '@/lib/form-state';

export function VerifyEmailBanner({ email }: { email: string }) {
  const t = useTranslations('auth');
  const [state, action, pending] = useActionState(resendVerificationAction, initialFormState);
  return (
    <section aria-label={t('verifyBannerLabel')} className="border-b border-amber-300 bg-amber-50">
      <form action={action} className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-3 text-sm text-amber-950">
        <div className="flex flex-wrap items-center gap-3">
          <p className="min-w-0 flex-1 [overflow-wrap:anywhere]">{t('verifyBanner', { email })}</p>
          <Button type="submit" variant="secondary" disabled={pending}>
            {t('resend')}
          </Button>
        </div>
        <FormMessage state={state} />
      </form>
    </section>
  );
}
