'use client';
// The frame every gateway's credentials form shares: the form element wired to useActionForm, the form-level
// message, then the gateway's own fields, then Save. When the new credentials open another account than the
// connected one (issue 15), the action answers a prompt instead of saving: the frame names both accounts and Save
// becomes "Switch account and save", usable once the merchant ticks the confirmation; Cancel saves nothing.
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import type { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';
import { ACCOUNT_SWITCH_FIELD, accountSwitchOf, type AccountSwitchPrompt, type GatewayAccountIdentity } from '@/lib/gateways/account-switch-prompt';

type ActionForm = Pick<ReturnType<typeof useActionForm>, 'state' | 'pending' | 'formRef' | 'formAction' | 'onSubmit'>;

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/**
 * The save action, followed by a refresh of the page behind the popup when the popup was closed while it saved.
 * Closing navigates back to the list, and Next drops a pending action's re-render for that navigation: the list would
 * go on showing the state from before the save ("Not connected"). The refresh runs after the form has gone, so the
 * list always shows what the server saved. Before hydration (and without JavaScript) the form posts to the server
 * action itself: a wrapper in the browser has no URL to post to.
 */
export function useRefreshingAction(action: Action): Action {
  const router = useRouter();
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const refreshing = useCallback(
    async (state: FormState, formData: FormData) => {
      const result = await action(state, formData);
      if (result.status === 'success' && !mounted.current) router.refresh();
      return result;
    },
    [action, router],
  );
  return hydrated ? refreshing : action;
}

export function CredentialsFormFrame({ formRef, formAction, onSubmit, state, pending, children }: ActionForm & { children: ReactNode }) {
  const t = useTranslations('connect');
  // The prompt stays while the merchant types what it asks for (the form shows the last answer only until a field
  // changes); a new answer from the server replaces it, Cancel hides it (nothing was saved).
  const [kept, setKept] = useState<{ answer: FormState; prompt: AccountSwitchPrompt | undefined }>({ answer: state, prompt: accountSwitchOf(state) });
  if (kept.answer !== state && state.status !== 'idle') setKept({ answer: state, prompt: accountSwitchOf(state) });
  const showPrompt = kept.prompt;
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  const isConfirmed = showPrompt !== undefined && confirmedFor === showPrompt.to.id;
  // Without JavaScript the button stays usable (the server refuses a switch without the ticked consent anyway).
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-busy={pending || undefined} className="flex flex-col gap-4">
      {showPrompt ? <AccountSwitchNotice prompt={showPrompt} /> : accountSwitchOf(state) ? null : <FormMessage state={state} />}
      {children}
      {showPrompt ? (
        <label className="flex items-start gap-2 text-sm font-medium text-slate-900">
          <input
            type="checkbox"
            name={ACCOUNT_SWITCH_FIELD}
            value={showPrompt.to.id}
            checked={isConfirmed}
            onChange={(event) => setConfirmedFor(event.target.checked ? showPrompt.to.id : null)}
            className="mt-0.5 h-4 w-4"
          />
          {t('accountSwitch.confirm', { account: label(showPrompt.to) })}
        </label>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending || (hydrated && showPrompt !== undefined && !isConfirmed)}>
          {pending ? t('saving') : showPrompt ? t('accountSwitch.save') : t('save')}
        </Button>
        {showPrompt ? (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => setKept({ answer: state, prompt: undefined })}>
            {t('accountSwitch.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

const noSubscription = () => () => {};

/** An account as its gateway names it: nickname (or name), then email, then id, whichever are known. */
function label(account: GatewayAccountIdentity): string {
  return [account.name, account.email, account.id].filter((part, index, parts) => part && parts.indexOf(part) === index).join(' · ');
}

function AccountSwitchNotice({ prompt }: { prompt: AccountSwitchPrompt }) {
  const t = useTranslations('connect.accountSwitch');
  return (
    <section role="alert" aria-labelledby="account-switch-title" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
      <h3 id="account-switch-title" className="font-semibold">
        {t('title')}
      </h3>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
        <dt>{t('from')}</dt>
        <dd className="break-all">{label(prompt.from)}</dd>
        <dt>{t('to')}</dt>
        <dd className="break-all font-medium">{label(prompt.to)}</dd>
      </dl>
      <p className="mt-2">{t('consequence')}</p>
      {prompt.needs.length > 0 ? <p className="mt-1 font-medium">{t('needs')}</p> : null}
    </section>
  );
}
