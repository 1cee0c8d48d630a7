// "Send test notification" on Manage. Offline, the gateway is our simulator: we ask it (through its control API) to
// create a sample approved payment for this account and notify the account's webhook URL, signed exactly as the
// gateway would. With a real gateway configured there is no such API: the merchant uses the gateway's own tools.
import 'server-only';
import { getEnv } from '@/lib/env';
import type { FormState } from '@/lib/form-state';
import type { GatewayConnection } from '@/db/queries/gateway-accounts';
import { findCountryById } from './mercadopago/countries';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The simulator's control API for this gateway, when the configured API URL is the bundled simulator. */
export function simulatorControlUrl(apiUrl: string, gateway: GatewayConnection['gateway']): string | null {
  const url = new URL(apiUrl);
  if (!LOOPBACK.has(url.hostname) || !url.pathname.replace(/\/$/, '').endsWith(`/${gateway}`)) return null;
  return `${url.origin}/_sim/${gateway}`;
}

async function post(url: string, body: unknown): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

export async function sendTestNotification(connection: GatewayConnection): Promise<FormState> {
  const env = getEnv();
  const gateway = connection.gateway;
  const apiUrl = gateway === 'mercadopago' ? env.MERCADOPAGO_API_URL : env.SECUREANDPAY_API_URL;
  const control = simulatorControlUrl(apiUrl, gateway);
  if (!control) return { status: 'error', message: `manage.testNotificationReal.${gateway}` };
  const account = connection.externalAccountId;
  if (!account) return { status: 'error', message: 'errors.unexpected' };
  const sent =
    gateway === 'mercadopago'
      ? (await post(`${control}/accounts/${account}/webhook`, { url: connection.webhookUrl })) &&
        (await post(`${control}/payments`, {
          userId: Number(account),
          status: 'approved',
          transaction_amount: 100,
          currency_id: findCountryById(connection.country ?? '')?.currency,
          payment_type_id: 'credit_card',
          external_reference: 'test-notification',
          notify: true,
        }))
      : (await post(`${control}/sites/${account}/webhook`, { url: connection.webhookUrl })) &&
        (await post(`${control}/payments`, {
          siteId: account,
          status: 'succeeded',
          amount: 1000,
          currency: 'USD',
          reference: 'test-notification',
          customer: { email: 'test.customer@example.com', first_name: 'Test', last_name: 'Customer' },
          notify: true,
        }));
  return sent ? { status: 'success', message: 'manage.testNotificationSent' } : { status: 'error', message: 'manage.testNotificationFailed' };
}
