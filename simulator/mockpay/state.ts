// The simulated Mock Pay's in-memory store (accounts, checkouts, payments, Idempotency-Key answers) and the context
// every resource module receives (the store plus the webhook sender) instead of sharing one closure.
import type { SimResponse } from '../http';
import type { WebhookSender } from '../webhook-delivery';

/** docs/mockpay-api.md "Currency": yen only, whole amounts. */
export const CURRENCY = 'JPY';

export type MockPayAccount = {
  id: string;
  /** `mk_…`: authenticates calls and signs the account's notifications. */
  apiKey: string;
  /** Where notifications of payments without a `notification_url` go (control API); null until set. */
  webhookUrl: string | null;
  created: string;
};

export type MockPayPaymentStatus = 'pending' | 'paid' | 'failed';

export type MockPayPayment = {
  id: string;
  accountId: string;
  status: MockPayPaymentStatus;
  amount: number;
  reference: string | null;
  email: string | null;
  /** The checkout's `notification_url`; null for control-created payments (they use the account's URL). */
  notificationUrl: string | null;
  created: string;
  updated: string;
};

export type MockPayCheckout = { id: string; accountId: string; paymentId: string; returnUrl: string };

export type MockPayContext = {
  readonly accounts: Map<string, MockPayAccount>;
  readonly checkouts: Map<string, MockPayCheckout>;
  readonly payments: Map<string, MockPayPayment>;
  /** `<account id>:<Idempotency-Key>` → the first answer (kept only when it succeeded), replayed as is. */
  readonly idempotency: Map<string, Promise<SimResponse>>;
  readonly sender: WebhookSender;
};

export function createContext(sender: WebhookSender): MockPayContext {
  return { accounts: new Map(), checkouts: new Map(), payments: new Map(), idempotency: new Map(), sender };
}

/** Forgets every account and object, and cancels the sender's pending deliveries. */
export function clearContext(ctx: MockPayContext): void {
  ctx.accounts.clear();
  ctx.checkouts.clear();
  ctx.payments.clear();
  ctx.idempotency.clear();
  ctx.sender.reset();
}

/** ISO 8601 in UTC, to the second. */
export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
