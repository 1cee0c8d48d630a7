// The shapes shared by the checkout orchestration and each gateway's checkout module.
import type { TaxIdType } from './tax-id';

export type CheckoutRequest = {
  order: {
    id: string;
    amountMinor: number;
    currency: string;
    email: string;
    firstName: string;
    lastName: string;
    taxId: { type: TaxIdType | string; number: string } | null;
  };
  price: {
    id: string;
    name: string;
    kind: 'one_time' | 'subscription';
    intervalUnit: 'days' | 'months' | null;
    intervalCount: number | null;
  };
  urls: { success: string; pending: string; failure: string; notification: string };
  /** The same order with the same details gives the same key, so a retried create makes one checkout. */
  idempotencyKey: string;
};

export type GatewayFailureReason = 'unauthorized' | 'not_found' | 'unreachable' | 'rejected' | 'unexpected';

export type GatewayCheckoutResult =
  | { ok: true; id: string; url: string }
  | { ok: false; reason: GatewayFailureReason; /** For the order's lastError (support), never shown to customers. */ detail: string };

/** What a customer's return from the gateway means, once the gateway confirms it. */
export type ReturnOutcome = 'success' | 'pending' | 'failure';
