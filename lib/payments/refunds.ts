// Why a refund cannot be made through the platform, per gateway: one message key, shown beside the disabled Refund
// button and returned by refundPaymentAction, so the page and the server always say the same thing.
// Mercado Pago: not possible (seed MP7). Secure and Pay: our contract (docs/secureandpay-api.md §7) has no refund
// operation; the merchant refunds in Secure and Pay's back office and we record its refund.succeeded notification.
import type { GatewayId } from '@/lib/gateways/ids';

export const REFUND_REFUSAL: Record<GatewayId, 'refunds.mercadopago' | 'refunds.secureandpay'> = {
  mercadopago: 'refunds.mercadopago',
  secureandpay: 'refunds.secureandpay',
};
