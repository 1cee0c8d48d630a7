// The simulated Secure and Pay's in-memory store: sites, payments and subscriptions, and the context object every
// resource module receives (the store plus the webhook sender) instead of sharing one closure.
import type { WebhookSender } from '../webhook-delivery';

/** SP5: the only currencies Secure and Pay accepts. */
export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const FAILURE_REASONS = ['card_declined', 'insufficient_funds', 'expired_card', 'authentication_failed', 'processing_error', 'abandoned'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export type SecureAndPaySimSite = {
  siteId: string;
  /** The "password" in support's email (SP2), and the key that signs notifications. */
  apiSecret: string;
  name: string;
  createdAt: string;
  /** The URL the merchant sent to support (SP1); null until set. */
  webhookUrl: string | null;
};

export type Customer = { email: string; first_name: string; last_name: string };

export type SimPayment = {
  id: string;
  siteId: string;
  status: 'pending' | 'succeeded' | 'failed' | 'refunded';
  amount: number;
  currency: Currency;
  amountRefunded: number;
  description: string;
  reference: string;
  subscriptionId: string | null;
  customer: Customer;
  checkoutUrl: string | null;
  returnUrl: string | null;
  cancelUrl: string | null;
  notificationUrl: string | null;
  failureReason: FailureReason | null;
  created: string;
  updated: string;
};

export type SimSubscription = {
  id: string;
  siteId: string;
  status: 'pending' | 'active' | 'past_due' | 'cancelled';
  amount: number;
  currency: Currency;
  intervalDays: number;
  description: string;
  reference: string;
  customer: Customer;
  checkoutUrl: string;
  returnUrl: string;
  cancelUrl: string;
  notificationUrl: string | null;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  lastPaymentId: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  created: string;
  updated: string;
};

/** What the resource modules share, passed explicitly to each of them. */
export type SecureAndPayContext = {
  readonly sites: Map<string, SecureAndPaySimSite>;
  readonly payments: Map<string, SimPayment>;
  readonly subscriptions: Map<string, SimSubscription>;
  /** `Idempotency-Key` per site and route: the body's hash and the answer (§3). */
  readonly idempotency: Map<string, { bodyHash: string; status: number; body: unknown }>;
  readonly sender: WebhookSender;
};

export function createContext(sender: WebhookSender): SecureAndPayContext {
  return { sites: new Map(), payments: new Map(), subscriptions: new Map(), idempotency: new Map(), sender };
}

/** Forgets every site and object, and cancels the sender's pending deliveries. */
export function clearContext(ctx: SecureAndPayContext): void {
  ctx.sites.clear();
  ctx.payments.clear();
  ctx.subscriptions.clear();
  ctx.idempotency.clear();
  ctx.sender.reset();
}
