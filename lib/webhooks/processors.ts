// Which code processes a stored notification: one processor per gateway and notification type, registered in the
// gateway's own folder (lib/gateways/<id>/process.ts). The worker (worker.ts) looks processors up here.
import 'server-only';
import type { GatewayId } from '@/lib/gateways/ids';
import { mercadopagoProcessors } from '@/lib/gateways/mercadopago/process';
import { secureandpayProcessors } from '@/lib/gateways/secureandpay/process';
import type { GatewayProcessors, WebhookProcessor } from './processor';

export type { GatewayProcessors, ProcessorContext, ProcessorOutcome, WebhookProcessor } from './processor';

export type ProcessorRegistry = Record<GatewayId, GatewayProcessors>;

export const processorRegistry: ProcessorRegistry = {
  mercadopago: mercadopagoProcessors,
  secureandpay: secureandpayProcessors,
};

export function findProcessor(registry: ProcessorRegistry, gateway: GatewayId, type: string): WebhookProcessor {
  const processors = registry[gateway];
  // A Map, not an object: `type` comes from the request, and must never reach `constructor` or `__proto__`.
  return processors.byType.get(type) ?? processors.otherwise;
}
