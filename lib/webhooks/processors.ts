// Which code processes a stored notification: one processor per gateway and notification type, from the gateway's
// adapter (lib/gateways/<id>/process.ts). The worker (worker.ts) looks processors up here; tests pass their own.
import 'server-only';
import { GATEWAY_IDS, type GatewayId } from '@/core/gateway-ids';
import { gatewayOf } from '@/lib/gateways/adapters';
import type { GatewayProcessors, WebhookProcessor } from './processor';

export type { GatewayProcessors, ProcessorContext, ProcessorOutcome, WebhookProcessor } from './processor';
export { RateLimitedError } from './processor';

export type ProcessorRegistry = Record<GatewayId, GatewayProcessors>;

export const processorRegistry = Object.fromEntries(GATEWAY_IDS.map((id) => [id, gatewayOf(id).processors])) as ProcessorRegistry;

export function findProcessor(registry: ProcessorRegistry, gateway: GatewayId, type: string): WebhookProcessor {
  const processors = registry[gateway];
  // A Map, not an object: `type` comes from the request, and must never reach `constructor` or `__proto__`.
  return processors.byType.get(type) ?? processors.otherwise;
}
