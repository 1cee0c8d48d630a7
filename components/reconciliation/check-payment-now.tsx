// Check now on a payment's page (issue 12), when its gateway can read a payment again: the panel for a payment that
// is not final (pending, in process, authorized, in mediation). Always rendered for such a gateway, so the result of
// a check that made the payment final stays on screen.
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { canCheckPayment, canReadPayments } from '@/lib/reconciliation/reconcile';
import type { GatewayId } from '@/core/gateway-ids';
import { CheckPaymentNowPanel } from './check-payment-now-panel';

export function CheckPaymentNow({ paymentId, gateway, status }: { paymentId: string; gateway: GatewayId; status: string }) {
  if (!canReadPayments(gateway)) return null;
  return <CheckPaymentNowPanel paymentId={paymentId} gatewayName={GATEWAY_CATALOG[gateway].name} checkable={canCheckPayment(gateway, status)} />;
}
