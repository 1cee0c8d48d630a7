// Gateway names for the price and payment pages (plain data, so client components can take it as a prop).
import type { GatewayId } from '@/lib/gateways/ids';
import { mercadopagoDefinition } from '@/lib/gateways/mercadopago/definition';
import { secureandpayDefinition } from '@/lib/gateways/secureandpay/definition';

export const gatewayNames = (): Record<GatewayId, string> => ({
  mercadopago: mercadopagoDefinition.name,
  secureandpay: secureandpayDefinition.name,
});
