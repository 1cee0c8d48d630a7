// Secure and Pay behind the gateway contract (lib/gateways/adapter-types.ts): everything shared code may ask of it.
import 'server-only';
import type { CancelAtGateway, GatewayAdapter } from '@/lib/gateways/adapter-types';
import { createInSimulator, postToSimulator } from '@/lib/gateways/simulator-control';
import { cancelSubscription } from './api';
import { SECUREANDPAY_PRODUCTION_API_URL } from './api-url';
import { secureandpayCatalog } from './catalog';
import { callOptions, confirmSecureAndPayReturn, createSecureAndPayCheckout } from './checkout';
import { secureandpayConnect } from './connect';
import { secureandpayProcessors } from './process';
import { secureandpayReconcile } from './reconcile';
import { secureandpayWebhook } from './webhook';

/** SP7: the platform's cancellation after 30 days without a payment (docs/secureandpay-api.md §6). */
async function cancelUnpaid(access: Parameters<typeof callOptions>[0], gatewaySubscriptionId: string): Promise<CancelAtGateway> {
  const options = await callOptions(access);
  if (!options) return { ok: false, reason: 'no_credentials' };
  const answer = await cancelSubscription(options, gatewaySubscriptionId, 'non_payment');
  return answer.ok ? { ok: true, gatewayUpdatedAt: new Date(answer.subscription.updated) } : { ok: false, reason: answer.reason };
}

export const secureandpayAdapter: GatewayAdapter = {
  catalog: secureandpayCatalog,
  defaultApiUrl: SECUREANDPAY_PRODUCTION_API_URL,
  connect: secureandpayConnect,
  webhook: secureandpayWebhook,
  processors: secureandpayProcessors,
  checkout: { create: createSecureAndPayCheckout, confirmReturn: confirmSecureAndPayReturn },
  // GW-SP4: the order's hosted payment or subscription, read through the status lookups (scheduled checks, Check now).
  reconcile: secureandpayReconcile,
  cancelUnpaidSubscription: cancelUnpaid,
  testNotification: {
    // The simulator's sample: a succeeded USD payment, notified to the site's webhook URL.
    send: async (control, access, webhookUrl) => {
      const siteId = access.account.externalAccountId;
      if (!siteId || !(await postToSimulator(`${control}/sites/${siteId}/webhook`, { url: webhookUrl }))) return null;
      return createInSimulator(`${control}/payments`, {
        siteId,
        status: 'succeeded',
        amount: 1000,
        currency: 'USD',
        reference: 'test-notification',
        customer: { email: 'test.customer@example.com', first_name: 'Test', last_name: 'Customer' },
        notify: true,
      });
    },
    realGatewayMessage: 'manage.testNotificationReal.secureandpay',
  },
  health: {
    notifiesInTestMode: true,
    fixes: { silence: 'health.fix.secureandpay.silence', quiet: 'health.fix.secureandpay.quiet', verification: 'health.fix.secureandpay.verification' },
  },
};
