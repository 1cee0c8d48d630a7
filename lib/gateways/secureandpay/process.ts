// Secure and Pay's notification processors, by event type (docs/secureandpay-api.md, section 8). Other types are
// acknowledged and recorded only. Until payments and subscriptions exist in the platform, the known types are
// recorded for their processor to come: no effect is faked.
import 'server-only';
import { acknowledgeOnly, recordOnly, type GatewayProcessors } from '@/lib/webhooks/processor';

export const secureandpayProcessors: GatewayProcessors = {
  byType: new Map([
    ['payment.succeeded', recordOnly('payment succeeded')],
    ['payment.failed', recordOnly('payment failed')],
    ['refund.succeeded', recordOnly('refund')],
    ['subscription.cancelled', recordOnly('subscription cancelled')],
  ]),
  otherwise: acknowledgeOnly('Secure and Pay'),
};
