// The server half of the gateway contract: everything shared code may ask of a gateway that talks to the gateway,
// reads its secrets or records what it said. Shared code looks a gateway up in lib/gateways/adapters.ts and calls
// this; it never branches on a gateway id. A piece a gateway lacks is a typed absence (null, `supported: false`),
// never a method that throws "not implemented". The client-safe half is lib/gateways/catalog-types.ts.
import 'server-only';
import type { z } from 'zod';
import type { GatewayId } from '@/core/gateway-ids';
import type { CheckoutRequest, GatewayCheckoutResult, GatewayFailureReason, ReturnOutcome } from '@/lib/checkout/types';
import type { FieldErrors, FormState } from '@/lib/form-state';
import type { CredentialsFormState, GatewayAccountIdentity } from './account-switch-prompt';
import { confirmAccountSwitch } from './account-switch';
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

export type { GatewayAccountIdentity } from './account-switch-prompt';

/**
 * What checking a form's credentials with the gateway found, before anything is saved: a refusal to show, or the
 * account they open and how to save them. Shared code (./account-switch.ts) compares `account` with the connected
 * account's id: another account is saved only after the merchant confirmed it (issue 15: a token of another Mercado
 * Pago account was accepted, and the old account's webhook secret then failed every notification).
 */
export type VerifiedCredentials =
  | { ok: false; state: FormState }
  | {
      ok: true;
      /** Whose account the credentials open, as the gateway names it; null: the gateway has no account identity ("same"). */
      account: GatewayAccountIdentity | null;
      /**
       * What a switch to that account needs that the form left empty, as field errors (Mercado Pago: the webhook
       * secret signature is per application, so the stored one cannot be kept for another account's).
       */
      switchNeeds: FieldErrors;
      /** Names the connected account (the gateway asked with the stored credentials); null when it cannot say. */
      describeConnected: (externalAccountId: string) => Promise<GatewayAccountIdentity | null>;
      /** Saves the credentials: called only when they open the same account, or the switch was confirmed. */
      save: () => Promise<FormState>;
    };

/** A form's schema and what checking its validated data with the gateway finds, typed together. */
export type ConnectStep<S extends z.ZodType> = { schema: S; verify: (merchantId: string, data: z.output<S>) => Promise<VerifiedCredentials> };

/**
 * What the app's server action runs: the form's schema, and a save that verifies, asks for confirmation when the
 * credentials open another account than the connected one (`consent`: the account id the merchant agreed to), and
 * only then saves.
 */
export type ConnectForm<S extends z.ZodType> = {
  schema: S;
  save: (merchantId: string, data: z.output<S>, consent?: string) => Promise<CredentialsFormState>;
};

export type GatewayConnect = {
  /** The form's fields whose values are never echoed back (the gateway's secrets). */
  secretFields: readonly string[];
  /**
   * Hands the mode's schema and save to `apply` (the app's server action wraps them in merchantAction). A callback
   * rather than a field, so each gateway's schema keeps its own data type all the way to its save.
   */
  withMode<R>(mode: ConnectMode, apply: <S extends z.ZodType>(form: ConnectForm<S>) => R): R;
};

const asForm = <S extends z.ZodType>(gateway: GatewayId, step: ConnectStep<S>): ConnectForm<S> => ({
  schema: step.schema,
  save: async (merchantId, data, consent) => {
    const verified = await step.verify(merchantId, data);
    if (!verified.ok) return verified.state;
    const prompt = await confirmAccountSwitch({ merchantId, gateway, verified, consent });
    return prompt ?? verified.save();
  },
});

/** Builds a gateway's GatewayConnect from its two forms (Connect popup, Manage → Update credentials). */
export function defineConnect<C extends z.ZodType, U extends z.ZodType>(spec: {
  gateway: GatewayId;
  secretFields: readonly string[];
  connect: ConnectStep<C>;
  update: ConnectStep<U>;
}): GatewayConnect {
  const connect = asForm(spec.gateway, spec.connect);
  const update = asForm(spec.gateway, spec.update);
  return {
    secretFields: spec.secretFields,
    withMode: (mode, apply) => (mode === 'connect' ? apply(connect) : apply(update)),
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
    /** The gateway's id of the sample payment (the notification's resource id in the inbox), or null when not sent. */
    send(controlUrl: string, access: AccountAccess, webhookUrl: string): Promise<string | null>;
    realGatewayMessage: string;
  };
  /** Gateway health (lib/gateways/health.ts): what to expect of the gateway's notifications, and how to fix each problem. */
  health: {
    /** False when the gateway sends no notifications for test credentials: silence is then expected, not a problem. */
    notifiesInTestMode: boolean;
    /** Message keys: each problem's fix in one sentence, in the gateway's terms (where the URL goes, which secret signs). */
    fixes: { silence: string; quiet: string; verification: string };
  };
};
