// Each gateway's verifier, by id. A new gateway adds its lib/gateways/<id>/webhook.ts and one line here.
import 'server-only';
import type { GatewayId } from '@/lib/gateways/ids';
import { mercadopagoWebhook } from '@/lib/gateways/mercadopago/webhook';
import { secureandpayWebhook } from '@/lib/gateways/secureandpay/webhook';
import type { GatewayWebhook } from './types';

export const gatewayWebhooks: Record<GatewayId, GatewayWebhook> = {
  mercadopago: mercadopagoWebhook,
  secureandpay: secureandpayWebhook,
};
