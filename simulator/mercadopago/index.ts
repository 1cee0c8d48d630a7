// Simulated Mercado Pago under /mercadopago: accounts with realistic credentials, payments (search, refunds,
// chargebacks, disputes), preapprovals (subscriptions) and their authorized payments (charges, with Mercado Pago's
// reattempts), Checkout Pro preferences, the hosted checkout pages, and signed webhooks sent to the account's URL
// with Mercado Pago's retries (and, on request, notifications of the topics the app does not process).
// Shapes follow Mercado Pago's public API (https://www.mercadopago.com/developers/en/reference) and the official
// Node SDK's response types (npm `mercadopago` 3.x: PaymentResponse, PreApprovalResponse, PreferenceResponse; the
// authorized payment from the Java SDK's AuthorizedPayment, which the Node SDK lacks).
// This file only wires the resource modules together: each adds its routes, and all of them share one context
// (state.ts: the in-memory store and the webhook sender).
import { Router } from '../http';
import { initialAvailability, type SimulatedGateway } from '../gateway-module';
import { WebhookSender, type DeliverySettings } from '../webhook-delivery';
import { addDeliveryControlRoutes } from '../webhook-delivery-routes';
import { addAccountControlRoutes, addAccountRoutes } from './accounts';
import { addAuthorizedPaymentControlRoutes, addAuthorizedPaymentRoutes } from './authorized-payments';
import { addDisputeControlRoutes, addDisputeRoutes } from './disputes';
import { addFaultControlRoutes, FaultingRouter, Faults } from './faults';
import { addHostedPageRoutes } from './hosted-pages';
import { MERCADOPAGO_DEFAULT_DELIVERY } from './notifications';
import { addPaymentSearchRoutes } from './payment-search';
import { addPaymentControlRoutes, addPaymentRoutes } from './payments';
import { addPreapprovalControlRoutes, addPreapprovalRoutes } from './preapprovals';
import { addPreferenceRoutes } from './preferences';
import { addRateLimitControlRoutes, rateLimitGate, RateLimits } from './rate-limits';
import { addRefundControlRoutes, addRefundRoutes } from './refunds';
import { renderError } from './requests';
import { clearContext, createContext } from './state';
import { addTopicControlRoutes } from './topics';

export { MERCADOPAGO_DEFAULT_DELIVERY } from './notifications';
export type { MercadoPagoSimAccount } from './state';

export type MercadoPagoSimulatorOptions = { delivery?: Partial<DeliverySettings> };

export function createMercadoPagoSimulator(options: MercadoPagoSimulatorOptions = {}) {
  const availability = initialAvailability();
  const sender = new WebhookSender({ ...MERCADOPAGO_DEFAULT_DELIVERY, ...options.delivery });
  const ctx = createContext(sender);
  // Injected failures (faults.ts) answer in place of any API route; the control routes are never faulted.
  const faults = new Faults();
  // A per-account rate limit (429 with Retry-After), off until a test or the bench sets one (rate-limits.ts).
  const rateLimits = new RateLimits();

  const api = new FaultingRouter(faults, rateLimitGate(ctx, rateLimits));
  addAccountRoutes(api, ctx);
  // Search first: `/v1/payments/:id` would take `search` for an id.
  addPaymentSearchRoutes(api, ctx);
  addPaymentRoutes(api, ctx);
  addRefundRoutes(api, ctx);
  addDisputeRoutes(api, ctx);
  addPreferenceRoutes(api, ctx);
  addPreapprovalRoutes(api, ctx);
  addAuthorizedPaymentRoutes(api, ctx);
  addHostedPageRoutes(api, ctx);

  const control = new Router();
  addAccountControlRoutes(control, ctx);
  addPaymentControlRoutes(control, ctx);
  addRefundControlRoutes(control, ctx);
  addDisputeControlRoutes(control, ctx);
  addPreapprovalControlRoutes(control, ctx);
  addAuthorizedPaymentControlRoutes(control, ctx);
  addTopicControlRoutes(control, ctx);
  addDeliveryControlRoutes(control, sender, { param: 'userId', collection: 'accounts' });
  addFaultControlRoutes(control, faults);
  addRateLimitControlRoutes(control, ctx, rateLimits);

  return {
    id: 'mercadopago',
    api,
    control,
    availability,
    accounts: ctx.accounts,
    /** The webhook sender, for tests that wait for deliveries in-process (`await deliveries.idle()`). */
    deliveries: sender,
    renderError,
    reset() {
      clearContext(ctx);
      faults.clear();
      rateLimits.clear();
      Object.assign(availability, initialAvailability());
    },
  } satisfies SimulatedGateway & Record<string, unknown>;
}
