// The server half of the gateway contract: everything shared code may ask of a gateway that talks to the gateway,
// reads its secrets or records what it said. Shared code looks a gateway up in lib/gateways/adapters.ts and calls
// this; it never branches on a gateway id. A piece a gateway lacks is a typed absence (null, `supported: false`),
// never a method that throws "not implemented". The client-safe half is lib/gateways/catalog-types.ts.
import 'server-only';
import type { z } from 'zod';
import type { GatewayId } from '@/core/gateway-ids';
import type { CheckoutRequest, GatewayCheckoutResult, GatewayFailureReason, ReturnOutcome } from '@/lib/checkout/types';
import type { FormState } from '@/lib/form-state';
import type { GatewayWebhook } from '@/lib/webhooks/types';
import type { GatewayProcessors } from '@/lib/webhooks/processor';
import type { GatewayCatalogEntry } from './catalog-types';

/** A gateway account as the gateway code sees it: never a secret, only a way to read one. */
export type AccountAccess = {
  account: {
    id: string;
    merchantId: string;
    gateway: GatewayId;
    /** The gateway's own id for the account (a user id, a site id), once connected. */
    externalAccountId: string | null;
    country: string | null;
  };
  /** The gateway's API base URL (lib/gateways/api-url.ts: the real gateway, or the simulator offline). */
  apiUrl: string;
  /** Reads and decrypts one of the account's stored secrets (lib/gateways/secrets.ts). */
  secret(name: string): Promise<string | undefined>;
};

export type ConnectMode = 'connect' | 'update';

/** A form's schema and what saving its validated data does (verify with the gateway, then save), typed together. */
export type ConnectStep<S extends z.ZodType> = { schema: S; save: (merchantId: string, data: z.output<S>) => Promise<FormState> };

export type GatewayConnect = {
  /** The form's fields whose values are never echoed back (the gateway's secrets). */
  secretFields: readonly string[];
  /**
   * Hands the mode's schema and save to `apply` (the app's server action wraps them in merchantAction). A callback
   * rather than a field, so each gateway's schema keeps its own data type all the way to its save.
   */
  withMode<R>(mode: ConnectMode, apply: <S extends z.ZodType>(step: ConnectStep<S>) => R): R;
};

/** Builds a gateway's GatewayConnect from its two forms (Connect popup, Manage → Update credentials). */
export function defineConnect<C extends z.ZodType, U extends z.ZodType>(spec: {
  secretFields: readonly string[];
  connect: ConnectStep<C>;
  update: ConnectStep<U>;
}): GatewayConnect {
  return {
    secretFields: spec.secretFields,
    withMode: (mode, apply) => (mode === 'connect' ? apply(spec.connect) : apply(spec.update)),
  };
}

/** What a subscription cancellation by the platform (failures.pastDue) got from the gateway. */
export type CancelAtGateway =
  | { ok: true; gatewayUpdatedAt: Date | null }
  | { ok: false; reason: 'no_credentials' | 'not_found' | 'unauthorized' | 'unreachable' | 'rejected' | 'unexpected' };

/** Who asks the gateway: reconciliation's scheduled check, or the merchant's Check now (a history entry's source). */
export type ReconcileBy = { eventId: null; source: 'reconciliation' | 'check_now' };

/** One of our orders whose checkout was created, as reconciliation asks the gateway about it. */
export type ReconcileOrder = {
  id: string;
  kind: 'one_time' | 'subscription';
  /** What the order is for: a payment of another amount or currency found for it is a mismatch. */
  amountMinor: number;
  currency: string;
  /** The gateway's id of the checkout created for the order (a preference, a preapproval, a hosted payment…). */
  checkoutId: string | null;
};

/** A payment we hold that is not final yet (Check now on its page), with what it must still be. */
export type ReconcilePayment = { gatewayPaymentId: string; amountMinor: number; currency: string };

/** A record reconciliation wrote (or found already as the gateway has it): our row, the gateway's id, what changed. */
export type ReconciledRecord = {
  kind: 'payment' | 'subscription';
  id: string;
  resourceId: string;
  change: 'created' | 'moved' | 'detail' | 'unchanged';
  status: string;
};

/**
 * What asking the gateway gave:
 * - `found`: the gateway has payments or subscriptions for it, recorded exactly as their notifications would have
 *   been (`records` says what changed; `unchanged` ones we already knew);
 * - `nothing_yet`: nothing beyond the checkout itself (the customer has not paid, or not finished);
 * - `mismatch`: something names the order but belongs to another account, or is for another amount or currency:
 *   NOTHING was recorded (the caller raises `reconciliation_mismatch`);
 * - `failed`: the gateway could not answer (or has no such object, or refused the credentials): nothing changed,
 *   the next round asks again.
 */
export type ReconcileOutcome =
  | { outcome: 'found'; records: ReconciledRecord[] }
  | { outcome: 'nothing_yet' }
  | { outcome: 'mismatch'; kind: 'payment' | 'subscription'; resourceId: string; problem: 'account' | 'amount' | 'currency' }
  | { outcome: 'failed'; reason: GatewayFailureReason | 'no_credentials' };

/**
 * Reconciliation (issue 12): asking the gateway what a lost notification would have told. `order` finds what the
 * gateway has for one of our orders (null when its API cannot tell: no search by our reference, no way to read the
 * checkout); `payment` reads one payment we hold (null when it cannot be read). Each records exactly as the
 * gateway's notification processor would, with `by` in the history.
 */
export type GatewayReconcile = {
  order: ((access: AccountAccess, order: ReconcileOrder, by: ReconcileBy) => Promise<ReconcileOutcome>) | null;
  payment: ((access: AccountAccess, payment: ReconcilePayment, by: ReconcileBy) => Promise<ReconcileOutcome>) | null;
};

export type GatewayAdapter = {
  catalog: GatewayCatalogEntry;
  /** The API's production base URL; `<ID>_API_URL` overrides it (the simulator offline). */
  defaultApiUrl: string;
  connect: GatewayConnect;
  webhook: GatewayWebhook;
  processors: GatewayProcessors;
  checkout: {
    /** Creates the hosted checkout the customer is sent to (a one-time payment or a subscription). */
    create(access: AccountAccess, request: CheckoutRequest): Promise<GatewayCheckoutResult>;
    /**
     * What the gateway itself says of the payment the customer came back with (query parameters it added to our
     * return URL), or null when the return names none or the gateway cannot tell right now.
     */
    confirmReturn(access: AccountAccess, orderId: string, query: URLSearchParams): Promise<ReturnOutcome | null>;
  };
  /** Asking the gateway what a lost notification would have told (scheduled checks, Check now). */
  reconcile: GatewayReconcile;
  /** The platform's own cancellation after the past-due window (catalog.failures.pastDue); null when it has none. */
  cancelUnpaidSubscription: ((access: AccountAccess, gatewaySubscriptionId: string) => Promise<CancelAtGateway>) | null;
  /**
   * "Send test notification": asks the simulator (its control API at `controlUrl`) for a sample approved payment
   * notified to the account's webhook URL. With a real gateway there is no such API; `realGatewayMessage` says
   * what to use instead.
   */
  testNotification: {
    send(controlUrl: string, access: AccountAccess, webhookUrl: string): Promise<boolean>;
    realGatewayMessage: string;
  };
};
