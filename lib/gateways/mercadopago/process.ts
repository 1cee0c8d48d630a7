// Mercado Pago's notification processors, by topic. The topics we use (GATEWAYS.md): payment, and under
// "Plans and subscriptions" subscription_preapproval, subscription_authorized_payment, subscription_preapproval_plan.
// Others (topic_merchant_order_wh, topic_chargebacks_wh, merchant_order IPN…) are acknowledged and recorded only.
// Until payments and subscriptions exist in the platform, the used topics are recorded for their processor to come:
// no effect is faked. That processor fetches the resource with the merchant's access token (an unverified or IPN
// notification is only a hint) and checks it belongs to the account.
import 'server-only';
import { acknowledgeOnly, recordOnly, type GatewayProcessors } from '@/lib/webhooks/processor';

export const mercadopagoProcessors: GatewayProcessors = {
  byType: new Map([
    ['payment', recordOnly('payment')],
    ['subscription_preapproval', recordOnly('subscription')],
    ['subscription_authorized_payment', recordOnly('subscription charge')],
    ['subscription_preapproval_plan', recordOnly('subscription plan')],
  ]),
  otherwise: acknowledgeOnly('Mercado Pago'),
};
