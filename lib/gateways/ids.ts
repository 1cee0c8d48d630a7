// The one list of gateway ids: folder name = id = URL segment = webhook path segment.
export const GATEWAY_IDS = ['mercadopago', 'secureandpay'] as const;
export type GatewayId = (typeof GATEWAY_IDS)[number];

export function isGatewayId(value: string): value is GatewayId {
  return (GATEWAY_IDS as readonly string[]).includes(value);
}
