// The server registry: each gateway's adapter (lib/gateways/adapter-types.ts), one line per gateway; the Record
// type makes a missing gateway a compile error. Shared code reaches gateway behaviour only through here.
import 'server-only';
import { gatewayApiUrl, getEnv } from '@/core/env';
import type { Database } from '@/db';
import { isGatewayId, type GatewayId } from '@/core/gateway-ids';
import type { AccountAccess, GatewayAdapter } from './adapter-types';
import { mercadopagoAdapter } from './mercadopago/adapter';
import { mockpayAdapter } from './mockpay/adapter';
import { readAccountSecret } from './secrets';
import { secureandpayAdapter } from './secureandpay/adapter';

const GATEWAY_ADAPTERS: Record<GatewayId, GatewayAdapter> = {
  mercadopago: mercadopagoAdapter,
  secureandpay: secureandpayAdapter,
  mockpay: mockpayAdapter,
};

const offered = (adapter: GatewayAdapter) => adapter.catalog.availability === 'always' || getEnv().ENABLE_TEST_GATEWAYS;

/** The adapter of a gateway a URL or form names, or undefined when it is not one we offer (a 404). */
export function findGateway(id: string): GatewayAdapter | undefined {
  if (!isGatewayId(id)) return undefined;
  const adapter = GATEWAY_ADAPTERS[id];
  return offered(adapter) ? adapter : undefined;
}

/** The adapter of a gateway named by stored data (an account, a payment): always there, offered or not. */
export const gatewayOf = (id: GatewayId): GatewayAdapter => GATEWAY_ADAPTERS[id];

/** The gateways merchants may connect, in the registry's order. */
export const listGateways = (): GatewayAdapter[] => Object.values(GATEWAY_ADAPTERS).filter(offered);

/** The gateway's API base URL in this deployment (the real one, or the simulator offline). */
export const apiUrlOf = (adapter: GatewayAdapter): string => gatewayApiUrl(adapter.catalog.id, adapter.defaultApiUrl);

/**
 * What a gateway's code gets to act for one account: the account, its API URL, and a reader of its secrets.
 * `connectedOnly`: public pages act only for connected accounts. `db`: secrets are read through this transaction.
 */
export function accountAccess(account: AccountAccess['account'], options: { connectedOnly?: boolean; db?: Database } = {}): AccountAccess {
  return {
    account,
    apiUrl: apiUrlOf(gatewayOf(account.gateway)),
    secret: (name) => readAccountSecret(account.id, name, options),
  };
}
