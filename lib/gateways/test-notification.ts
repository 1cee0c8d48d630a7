// "Send test notification" on Manage. Offline, the gateway is our simulator: the gateway's adapter asks it (through
// its control API) for a sample approved payment notified to the account's webhook URL, signed exactly as the
// gateway would. With a real gateway configured there is no such API: the merchant uses the gateway's own tools.
//
// Issue 15: "Sent … appears in a moment" while Notifications showed "Wrong signature". The answer now waits (at most
// TEST_NOTIFICATION_WAIT_MS) for what became of that delivery: its row in the inbox (arrived; verified or not), a
// new refusal at the door (refused, and why), or neither (not received).
import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { getDb } from '@/db';
import { findNotificationAbout, getRefusalCounts } from '@/db/queries/gateway-health';
import type { WebhookRejectionReason } from '@/db/schema';
import type { FormState } from '@/lib/form-state';
import type { GatewayAdapter } from './adapter-types';
import { accountAccess, apiUrlOf } from './adapters';
import { getConnection } from './connections';
import { simulatorControlUrl } from './simulator-control';

/** How long the merchant waits for the outcome: the simulator sends at once; a slow first attempt is still seen. */
export const TEST_NOTIFICATION_WAIT_MS = 10_000;
const POLL_EVERY_MS = 250;

export type TestDeliveryOutcome =
  | { outcome: 'verified' }
  | { outcome: 'unverified' }
  | { outcome: 'refused'; reason: WebhookRejectionReason }
  | { outcome: 'not_received' };

/** Polls the inbox and the refusal counters of one account until the delivery about `resourceId` shows up. */
export async function waitForTestDelivery(
  accountId: string,
  resourceId: string,
  refusedBefore: Map<WebhookRejectionReason, number>,
  waitMs = TEST_NOTIFICATION_WAIT_MS,
): Promise<TestDeliveryOutcome> {
  const db = await getDb();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const arrived = await findNotificationAbout(db, accountId, resourceId);
    if (arrived) return { outcome: arrived.verification };
    // A refused request leaves no body to match: a refusal counted since we sent is taken to be ours.
    for (const [reason, count] of await getRefusalCounts(db, accountId)) {
      if (count > (refusedBefore.get(reason) ?? 0)) return { outcome: 'refused', reason };
    }
    if (Date.now() >= deadline) return { outcome: 'not_received' };
    await sleep(POLL_EVERY_MS);
  }
}

export async function sendTestNotification(merchantId: string, adapter: GatewayAdapter): Promise<FormState> {
  const gateway = adapter.catalog.id;
  const connection = await getConnection(merchantId, gateway);
  if (connection?.status !== 'connected') return { status: 'error', message: 'manage.notConnectedShort' };
  const control = simulatorControlUrl(apiUrlOf(adapter), gateway);
  if (!control) return { status: 'error', message: adapter.testNotification.realGatewayMessage };
  if (!connection.externalAccountId) return { status: 'error', message: 'errors.unexpected' };
  const access = accountAccess({ ...connection, merchantId });
  const refusedBefore = await getRefusalCounts(await getDb(), connection.id);
  const resourceId = await adapter.testNotification.send(control, access, connection.webhookUrl);
  if (!resourceId) return { status: 'error', message: 'manage.testNotificationFailed' };
  const delivery = await waitForTestDelivery(connection.id, resourceId, refusedBefore);
  switch (delivery.outcome) {
    case 'verified':
      return { status: 'success', message: 'manage.testOutcome.verified' };
    case 'unverified':
      return { status: 'success', message: 'manage.testOutcome.unverified' };
    case 'refused':
      return { status: 'error', message: 'manage.testOutcome.refused', messageValues: { reason: delivery.reason } };
    case 'not_received':
      return { status: 'error', message: 'manage.testOutcome.notReceived', messageValues: { seconds: String(TEST_NOTIFICATION_WAIT_MS / 1000) } };
  }
}
