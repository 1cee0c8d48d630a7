'use server';
// The Payment gateways popups' server actions: thin — session (merchantAction) → schema → gateway code →
// revalidate. Which account is touched comes from the session and the gateway id, never from the form.
import { revalidatePath } from 'next/cache';
import { disconnect, getConnection } from '@/db/queries/gateway-accounts';
import { merchantAction } from '@/lib/actions';
import type { FormState } from '@/lib/form-state';
import { isGatewayId } from '@/lib/gateways/ids';
import { saveMercadoPagoConnection } from '@/lib/gateways/mercadopago/connect';
import { mercadopagoConnectSchema, mercadopagoUpdateSchema } from '@/lib/gateways/mercadopago/schema';
import { saveSecureAndPayConnection } from '@/lib/gateways/secureandpay/connect';
import { secureandpayConnectSchema, secureandpayUpdateSchema } from '@/lib/gateways/secureandpay/schema';
import { sendTestNotification } from '@/lib/gateways/test-notification';
import { getCurrentMerchant } from '@/lib/session';

const GATEWAYS_PATH = '/settings/payment-gateways';

function revalidatingOnSuccess(state: FormState): FormState {
  if (state.status === 'success') revalidatePath(GATEWAYS_PATH, 'layout');
  return state;
}

const mercadopagoSecrets = { secretFields: ['accessToken', 'webhookSecret'] } as const;
const secureandpaySecrets = { secretFields: ['apiSecret'] } as const;

export const connectMercadoPagoAction = merchantAction(
  mercadopagoConnectSchema,
  async (data, merchant) => revalidatingOnSuccess(await saveMercadoPagoConnection(merchant.id, data)),
  mercadopagoSecrets,
);

export const updateMercadoPagoAction = merchantAction(
  mercadopagoUpdateSchema,
  async (data, merchant) => revalidatingOnSuccess(await saveMercadoPagoConnection(merchant.id, data)),
  mercadopagoSecrets,
);

export const connectSecureAndPayAction = merchantAction(
  secureandpayConnectSchema,
  async (data, merchant) => revalidatingOnSuccess(await saveSecureAndPayConnection(merchant.id, data)),
  secureandpaySecrets,
);

export const updateSecureAndPayAction = merchantAction(
  secureandpayUpdateSchema,
  async (data, merchant) => revalidatingOnSuccess(await saveSecureAndPayConnection(merchant.id, data)),
  secureandpaySecrets,
);

/** Bound to a gateway id by the Manage view; disconnects only the signed-in merchant's own account. */
export async function disconnectGatewayAction(gateway: string, _prev: FormState, _form: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  if (!isGatewayId(gateway)) return { status: 'error', message: 'errors.unexpected' };
  const disconnected = await disconnect(merchant.id, gateway);
  revalidatePath(GATEWAYS_PATH, 'layout');
  return disconnected ? { status: 'success', message: 'manage.disconnected' } : { status: 'error', message: 'manage.notConnected' };
}

/** Manage → "Send test notification": a sample payment notified to the merchant's own webhook URL (simulator only). */
export async function sendTestNotificationAction(gateway: string, _prev: FormState, _form: FormData): Promise<FormState> {
  const merchant = await getCurrentMerchant();
  if (!merchant) return { status: 'error', message: 'errors.signedOut' };
  if (!isGatewayId(gateway)) return { status: 'error', message: 'errors.unexpected' };
  const connection = await getConnection(merchant.id, gateway);
  if (connection?.status !== 'connected') return { status: 'error', message: 'manage.notConnectedShort' };
  return sendTestNotification(connection);
}
