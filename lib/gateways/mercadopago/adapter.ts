// Mercado Pago behind the gateway contract (lib/gateways/adapter-types.ts): everything shared code may ask of it.
import 'server-only';
import type { GatewayAdapter } from '@/lib/gateways/adapter-types';
import { createInSimulator, postToSimulator } from '@/lib/gateways/simulator-control';
import { MERCADOPAGO_PRODUCTION_API_URL } from './api-url';
import { mercadopagoCatalog } from './catalog';
import { confirmMercadoPagoReturn, createMercadoPagoCheckout } from './checkout';
import { mercadopagoConnect } from './connect';
import { findCountryById } from './countries';
import { mercadopagoProcessors } from './process';
import { mercadopagoReconcile } from './reconcile';
import { mercadopagoWebhook } from './webhook';

export const mercadopagoAdapter: GatewayAdapter = {
  catalog: mercadopagoCatalog,
  defaultApiUrl: MERCADOPAGO_PRODUCTION_API_URL,
  connect: mercadopagoConnect,
  webhook: mercadopagoWebhook,
  processors: mercadopagoProcessors,
  checkout: { create: createMercadoPagoCheckout, confirmReturn: confirmMercadoPagoReturn },
  // GW-MP19: what a lost notification would have told (scheduled checks and Check now).
  reconcile: mercadopagoReconcile,
  // MP8: Mercado Pago retries and then cancels or pauses by itself.
  cancelUnpaidSubscription: null,
  testNotification: {
    // The simulator's sample: an approved card payment in the account's currency, notified to its webhook URL.
    send: async (control, access, webhookUrl) => {
      const userId = access.account.externalAccountId;
      if (!userId || !(await postToSimulator(`${control}/accounts/${userId}/webhook`, { url: webhookUrl }))) return null;
      // The payment's id is the notification's data.id, so its inbox row can be found (GATEWAYS.md "Webhook notifications").
      return createInSimulator(`${control}/payments`, {
        userId: Number(userId),
        status: 'approved',
        transaction_amount: 100,
        currency_id: findCountryById(access.account.country ?? '')?.currency,
        payment_type_id: 'credit_card',
        external_reference: 'test-notification',
        notify: true,
      });
    },
    realGatewayMessage: 'manage.testNotificationReal.mercadopago',
  },
  health: {
    // GATEWAYS.md "Credentials": payments made with test credentials send no webhook notifications.
    notifiesInTestMode: false,
    fixes: { silence: 'health.fix.mercadopago.silence', quiet: 'health.fix.mercadopago.quiet', verification: 'health.fix.mercadopago.verification' },
  },
};
