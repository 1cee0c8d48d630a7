'use server';
// The Payment gateways popups' server actions: thin — session (merchantAction / merchantCommand) → gateway's
// adapter → revalidate. Which account is touched comes from the session and the gateway id, never from the form.
import { revalidatePath } from 'next/cache';
import { merchantAction, merchantCommand } from '@/lib/actions';
import type { FormState } from '@/lib/form-state';
import { ACCOUNT_SWITCH_FIELD, accountSwitchConsentSchema } from '@/lib/gateways/account-switch-prompt';
import { sendTestNotification } from '@/lib/gateways/test-notification';
import { findGateway } from '@/lib/gateways/adapters';
import { disconnect } from '@/lib/gateways/connections';

const GATEWAYS_PATH = '/settings/payment-gateways';

/**
 * Connect or update a gateway's credentials: one action for every gateway, bound by its form to the gateway's id and
 * the mode. merchantAction checks the session and validates with the gateway's form schema (the one its form uses
 * in the browser); the gateway's save verifies the credentials with the gateway and saves them.
 */
export async function saveConnectionAction(gateway: string, mode: 'connect' | 'update', prev: FormState, formData: FormData): Promise<FormState> {
  const adapter = findGateway(gateway);
  if (!adapter || (mode !== 'connect' && mode !== 'update')) return { status: 'error', message: 'errors.unexpected' };
  const { secretFields } = adapter.connect;
  // An unverified address cannot connect a gateway (README "Accounts"); the Connect view says so before the form.
  // The consent to switch accounts (lib/gateways/account-switch.ts) is the same for every gateway's form: an account id.
  const consent = accountSwitchConsentSchema.safeParse(formData.get(ACCOUNT_SWITCH_FIELD) ?? undefined);
  const action = adapter.connect.withMode(mode, ({ schema, save }) =>
    merchantAction(
      schema,
      async (data, merchant) =>
        merchant.emailVerified ? save(merchant.id, data, consent.success ? consent.data : undefined) : { status: 'error', message: 'errors.verifyEmailFirst' },
      { secretFields },
    ),
  );
  const state = await action(prev, formData);
  if (state.status === 'success') revalidatePath(GATEWAYS_PATH, 'layout');
  return state;
}

/** Bound to a gateway id by the Manage view; disconnects only the signed-in merchant's own account. */
export const disconnectGatewayAction = merchantCommand(async (merchant, gateway: string): Promise<FormState> => {
  const adapter = findGateway(gateway);
  if (!adapter) return { status: 'error', message: 'errors.unexpected' };
  const disconnected = await disconnect(merchant.id, adapter.catalog.id);
  revalidatePath(GATEWAYS_PATH, 'layout');
  return disconnected ? { status: 'success', message: 'manage.disconnected' } : { status: 'error', message: 'manage.notConnected' };
});

/**
 * Manage → "Send test notification": a sample payment notified to the merchant's own webhook URL (simulator only);
 * answers once the outcome is known (lib/gateways/test-notification.ts waits up to 10 s).
 */
export const sendTestNotificationAction = merchantCommand(async (merchant, gateway: string): Promise<FormState> => {
  const adapter = findGateway(gateway);
  if (!adapter) return { status: 'error', message: 'errors.unexpected' };
  const outcome = await sendTestNotification(merchant.id, adapter);
  // What arrived (or was refused) changes the account's health, shown in Manage and on the list.
  revalidatePath(GATEWAYS_PATH, 'layout');
  return outcome;
});
