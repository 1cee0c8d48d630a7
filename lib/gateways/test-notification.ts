// "Send test notification" on Manage. Offline, the gateway is our simulator: the gateway's adapter asks it (through
// its control API) for a sample approved payment notified to the account's webhook URL, signed exactly as the
// gateway would. With a real gateway configured there is no such API: the merchant uses the gateway's own tools.
import 'server-only';
import type { FormState } from '@/lib/form-state';
import type { GatewayAdapter } from './adapter-types';
import { accountAccess, apiUrlOf } from './adapters';
import { getConnection } from './connections';
import { simulatorControlUrl } from './simulator-control';

export async function sendTestNotification(merchantId: string, adapter: GatewayAdapter): Promise<FormState> {
  const gateway = adapter.catalog.id;
  const connection = await getConnection(merchantId, gateway);
  if (connection?.status !== 'connected') return { status: 'error', message: 'manage.notConnectedShort' };
  const control = simulatorControlUrl(apiUrlOf(adapter), gateway);
  if (!control) return { status: 'error', message: adapter.testNotification.realGatewayMessage };
  if (!connection.externalAccountId) return { status: 'error', message: 'errors.unexpected' };
  const access = accountAccess({ ...connection, merchantId });
  const sent = await adapter.testNotification.send(control, access, connection.webhookUrl);
  return sent ? { status: 'success', message: 'manage.testNotificationSent' } : { status: 'error', message: 'manage.testNotificationFailed' };
}
