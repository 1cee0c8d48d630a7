// What a notification processor is, and the two placeholders used until a type has a real processor. Kept apart
// from the registry (processors.ts) so the gateways' folders can import it without an import cycle.
import 'server-only';
import type { WebhookEvent } from '@/db/schema';

/**
 * What processing did. processed: its effects are applied; received: recorded, no processor acts on this type yet;
 * ignored: a type we acknowledge and do not process (or a resource the gateway does not have);
 * rejected: the resource belongs to another gateway account, so nothing was changed.
 * A processor that cannot finish throws: the worker retries.
 */
export type ProcessorOutcome = { status: 'processed' | 'received' | 'ignored' | 'rejected'; result: string };

export type ProcessorContext = {
  now: Date;
  /**
   * Tell the worker each time the gateway answers 429 (too many requests) for this event's account, with its
   * Retry-After when given, even when the client's own retry then gets through: the worker slows that account down
   * (lib/webhooks/account-limits.ts). Processors pass it to their gateway's HTTP client.
   */
  onRateLimited?: (retryAfterMs: number | undefined) => void;
};

/**
 * Thrown by a processor when the gateway still answers 429 after its client's retries: the worker puts the event
 * back for later without counting the attempt (it says nothing about the event), and slows the account down.
 */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/**
 * Processors must be idempotent: an event can be processed again after a worker died mid-way (its lease expires),
 * and an older event can arrive after a newer one.
 */
export type WebhookProcessor = (event: WebhookEvent, context: ProcessorContext) => Promise<ProcessorOutcome>;

export type GatewayProcessors = {
  /** Keyed by the stored `type` (Mercado Pago topic, Secure and Pay event type). */
  byType: ReadonlyMap<string, WebhookProcessor>;
  /** For every other type. */
  otherwise: WebhookProcessor;
};

/** Until a type has a real processor: the event is on record and visible; the processor that acts on it comes later. */
export const recordOnly =
  (what: string): WebhookProcessor =>
  async () => ({ status: 'received', result: `Recorded (${what}); not acted on yet.` });

export const acknowledgeOnly =
  (gatewayName: string): WebhookProcessor =>
  async (event) => ({ status: 'ignored', result: `${gatewayName} "${event.type}" notifications are recorded, not processed.` });
