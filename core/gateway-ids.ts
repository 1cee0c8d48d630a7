// The one list of gateway ids: folder name = id = URL segment = webhook path segment. Each registry
// (lib/gateways/catalog.ts, lib/gateways/adapters.ts, components/gateways/ui.ts) is a Record over these ids, so the
// compiler names any gateway a registry misses. Neutral: the data layer types its columns with it.
export const GATEWAY_IDS = ['mercadopago', 'secureandpay', 'mockpay'] as const;
export type GatewayId = (typeof GATEWAY_IDS)[number];

export function isGatewayId(value: string): value is GatewayId {
  return (GATEWAY_IDS as readonly string[]).includes(value);
}
