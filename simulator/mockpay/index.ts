// Simulated Mock Pay, under /mockpay: the test-only third gateway. Its contract is docs/mockpay-api.md (written once,
// for this module and the app's adapter in lib/gateways/mockpay/); change that file first, then this one.
// Accounts with one API key, checkouts with a hosted page (Pay / Decline), payments, and `payment.updated`
// notifications signed with the API key, retried by the shared sender.
// This file only wires the resource modules together: each adds its routes, and all of them share one context
// (state.ts: the in-memory store and the webhook sender).
import { Router } from '../http';
import { initialAvailability, type SimulatedGateway } from '../gateway-module';
import { WebhookSender, type DeliverySettings } from '../webhook-delivery';
import { addDeliveryControlRoutes } from '../webhook-delivery-routes';
import { addAccountControlRoutes, addAccountRoutes } from './accounts';
import { addHostedPageRoutes } from './hosted-pages';
import { MOCKPAY_DEFAULT_DELIVERY } from './notifications';
import { addPaymentControlRoutes, addPaymentRoutes } from './payments';
import { renderError } from './requests';
import { clearContext, createContext } from './state';

export { MOCKPAY_DEFAULT_DELIVERY, MOCKPAY_SIGNATURE_HEADER, signMockPayBody } from './notifications';
export type { MockPayAccount } from './state';

export type MockPaySimulatorOptions = { delivery?: Partial<DeliverySettings> };

export function createMockPaySimulator(options: MockPaySimulatorOptions = {}) {
  const availability = initialAvailability();
  const sender = new WebhookSender({ ...MOCKPAY_DEFAULT_DELIVERY, ...options.delivery });
  const ctx = createContext(sender);

  const api = new Router();
  addAccountRoutes(api, ctx);
  addPaymentRoutes(api, ctx);
  addHostedPageRoutes(api, ctx);

  const control = new Router();
  addAccountControlRoutes(control, ctx);
  addPaymentControlRoutes(control, ctx);
  addDeliveryControlRoutes(control, sender, { param: 'accountId', collection: 'accounts' });

  return {
    id: 'mockpay',
    api,
    control,
    availability,
    accounts: ctx.accounts,
    /** The webhook sender, for tests that wait for deliveries in-process (`await deliveries.idle()`). */
    deliveries: sender,
    renderError,
    reset() {
      clearContext(ctx);
      Object.assign(availability, initialAvailability());
    },
  } satisfies SimulatedGateway & Record<string, unknown>;
}
