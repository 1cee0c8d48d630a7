// Gateway connections as the rest of the app uses them: the data layer's records (db/queries/gateway-accounts.ts)
// with their webhook URL, secrets sealed on the way in, and the webhook route's account memory forgotten after
// every change, so a new secret or a disconnect counts from now.
import 'server-only';
import * as accounts from '@/db/queries/gateway-accounts';
import { getEnv } from '@/core/env';
import type { GatewayId } from '@/core/gateway-ids';
import { forgetAllAccounts } from '@/lib/webhooks/account-cache';
import { accountSecretSealer } from './secrets';

export { listAuditLog, newPublicId, type AuditEntry, type ConnectionInput } from '@/db/queries/gateway-accounts';
export { readActiveSecret } from './secrets';

/** What the settings UI may see of a connection: no secret, only the last 4 characters of each. */
export type GatewayConnection = accounts.ConnectionRecord & { webhookUrl: string };

export function webhookUrlFor(gateway: GatewayId, publicId: string): string {
  return new URL(`/api/webhooks/${gateway}/${publicId}`, getEnv().APP_URL).toString();
}

const withUrl = (record: accounts.ConnectionRecord): GatewayConnection => ({ ...record, webhookUrl: webhookUrlFor(record.gateway, record.publicId) });

export async function getConnection(merchantId: string, gateway: GatewayId): Promise<GatewayConnection | undefined> {
  const record = await accounts.getConnection(merchantId, gateway);
  return record && withUrl(record);
}

export async function listConnections(merchantId: string): Promise<GatewayConnection[]> {
  return (await accounts.listConnections(merchantId)).map(withUrl);
}

/** SP1: a gateway that shows its webhook URL before any credentials exist gets a pending account the first time. */
export async function getOrCreatePendingConnection(merchantId: string, gateway: GatewayId): Promise<GatewayConnection> {
  return withUrl(await accounts.getOrCreatePendingConnection(merchantId, gateway));
}

/** Connects (or updates) in one transaction; see db/queries/gateway-accounts.ts. */
export async function saveConnection(input: accounts.ConnectionInput): Promise<GatewayConnection> {
  const saved = await accounts.saveConnection(input, accountSecretSealer);
  forgetAllAccounts();
  return withUrl(saved);
}

/** Its webhook URL answers 410 from now on, in this instance at once (the route's account memory is forgotten). */
export async function disconnect(merchantId: string, gateway: GatewayId): Promise<boolean> {
  const disconnected = await accounts.disconnect(merchantId, gateway);
  forgetAllAccounts();
  return disconnected;
}
