// The client-safe registry: what each gateway is and its rules (lib/gateways/catalog-types.ts). One line per
// gateway; the Record type makes a missing gateway a compile error. Client components may import this.
import type { GatewayId } from '@/core/gateway-ids';
import type { GatewayCatalogEntry } from './catalog-types';
import { mercadopagoCatalog } from './mercadopago/catalog';
import { mockpayCatalog } from './mockpay/catalog';
import { secureandpayCatalog } from './secureandpay/catalog';

export const GATEWAY_CATALOG: Record<GatewayId, GatewayCatalogEntry> = {
  mercadopago: mercadopagoCatalog,
  secureandpay: secureandpayCatalog,
  mockpay: mockpayCatalog,
};

/** Minor-unit digits of a currency as the gateways that take it count them (COP: 0 at Mercado Pago); else 2. */
export function currencyDigits(currency: string): number {
  for (const entry of Object.values(GATEWAY_CATALOG)) {
    const found = entry.prices.knownCurrencies.find((known) => known.code === currency);
    if (found) return found.digits;
  }
  return 2;
}

/** Each gateway's display name, as plain data (a client component may take it as a prop). */
export const gatewayNames = (): Record<GatewayId, string> =>
  Object.fromEntries(Object.values(GATEWAY_CATALOG).map((entry) => [entry.id, entry.name])) as Record<GatewayId, string>;
