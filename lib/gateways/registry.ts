// The only place a gateway is listed: adding one means a new folder under lib/gateways and one line here.
import 'server-only';
import type { GatewayId } from './ids';
import { mercadopagoDefinition } from './mercadopago/definition';
import { secureandpayDefinition } from './secureandpay/definition';

export type GatewayModule = {
  id: GatewayId;
  name: string;
  logo: string;
};

export const gatewayRegistry: Record<GatewayId, GatewayModule> = {
  mercadopago: { ...mercadopagoDefinition },
  secureandpay: { ...secureandpayDefinition },
};

export const listGateways = (): GatewayModule[] => Object.values(gatewayRegistry);
