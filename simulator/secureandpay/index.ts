// Simulated Secure and Pay, under /secureandpay. Its API is not public: this module implements the contract we
// assume in docs/secureandpay-api.md (the one place it is written); change that file first, then this one.
// Sites, hosted payments and subscriptions, the hosted checkout page, and signed notifications with retries.
// No retries of failed subscription charges (SP7): a failed charge leaves the subscription past due until the
// next period's charge, which the control API makes.
// This file only wires the resource modules together: each adds its routes, and all of them share one context
// (state.ts: the in-memory store and the webhook sender).
import { Router } from '../http';
import { initialAvailability, type SimulatedGateway } from '../gateway-module';
import { WebhookSender, type DeliverySettings } from '../webhook-delivery';
import { addDeliveryControlRoutes } from '../webhook-delivery-routes';
import { addHostedPageRoutes } from './hosted-pages';
import { SECUREANDPAY_DEFAULT_DELIVERY } from './notifications';
import { addPaymentControlRoutes, addPaymentRoutes } from './payments';
import { renderError } from './requests';
import { addSiteControlRoutes, addSiteRoutes } from './sites';
import { clearContext, createContext } from './state';
import { addSubscriptionControlRoutes, addSubscriptionRoutes } from './subscriptions';

export { SECUREANDPAY_DEFAULT_DELIVERY, SECUREANDPAY_SIGNATURE_HEADER } from './notifications';
export type { SecureAndPaySimSite } from './state';

export type SecureAndPaySimulatorOptions = { delivery?: Partial<DeliverySettings> };

export function createSecureAndPaySimulator(options: SecureAndPaySimulatorOptions = {}) {
  const availability = initialAvailability();
  const sender = new WebhookSender({ ...SECUREANDPAY_DEFAULT_DELIVERY, ...options.delivery });
  const ctx = createContext(sender);

  const api = new Router();
  addSiteRoutes(api, ctx);
  addPaymentRoutes(api, ctx);
  addSubscriptionRoutes(api, ctx);
  addHostedPageRoutes(api, ctx);

  const control = new Router();
  addSiteControlRoutes(control, ctx);
  addPaymentControlRoutes(control, ctx);
  addSubscriptionControlRoutes(control, ctx);
  addDeliveryControlRoutes(control, sender, { param: 'siteId', collection: 'sites' });

  return {
    id: 'secureandpay',
    api,
    control,
    availability,
    sites: ctx.sites,
    /** The webhook sender, for tests that wait for deliveries in-process (`await deliveries.idle()`). */
    deliveries: sender,
    renderError,
    reset() {
      clearContext(ctx);
      Object.assign(availability, initialAvailability());
    },
  } satisfies SimulatedGateway & Record<string, unknown>;
}
