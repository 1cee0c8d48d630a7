// A payment as the API shows it: `GET /v1/payments/{id}` in the Node SDK's PaymentResponse shape (its refunds in
// the RefundResponse shape), the usual `status_detail` per status, and what the payment modules share: finding
// the caller's payment, changing its status, and notifying `payment.updated`.
import { HttpError } from '../http';
import { randomDigits } from '../random';
import type { SendOptions } from '../webhook-delivery';
import type { PaymentTypeId } from './countries';
import { notify } from './notifications';
import type { MercadoPagoContext, MercadoPagoSimAccount, SimPayment, SimRefund } from './state';
import { addDays, nowIso } from './time';

/** The usual `status_detail` for a status, as Mercado Pago reports it. */
export function defaultStatusDetail(status: string, paymentTypeId: PaymentTypeId): string {
  const cash = paymentTypeId === 'ticket' || paymentTypeId === 'bank_transfer';
  switch (status) {
    case 'approved':
      return 'accredited';
    case 'pending':
      return paymentTypeId === 'bank_transfer' ? 'pending_waiting_transfer' : cash ? 'pending_waiting_payment' : 'pending_contingency';
    case 'in_process':
      return 'pending_review_manual';
    case 'authorized':
      return 'pending_capture';
    case 'in_mediation':
      // The status tables list no detail under in_mediation; the simulator keeps "in_process" (a dispute under way).
      return 'in_process';
    case 'rejected':
      return cash ? 'rejected_by_bank' : 'cc_rejected_other_reason';
    case 'cancelled':
      return cash ? 'expired' : 'by_collector';
    case 'refunded':
      return 'refunded';
    case 'charged_back':
      // "charged_back | in_process | The payment is in process due to the payer disowning it", then settled or
      // reimbursed (https://www.mercadopago.com.br/developers/en/docs/checkout-api/response-handling/query-results).
      return 'in_process';
    default:
      return status;
  }
}

export function setPaymentStatus(payment: SimPayment, status: string, statusDetail?: string): void {
  payment.status = status;
  payment.statusDetail = statusDetail ?? defaultStatusDetail(status, payment.paymentTypeId);
  payment.dateLastUpdated = nowIso();
  if (status === 'approved' && !payment.dateApproved) payment.dateApproved = payment.dateLastUpdated;
}

/** In the currency's cents, so that 0.1 + 0.2 refunds add up to 0.3. */
export const roundAmount = (amount: number) => Math.round(amount * 100) / 100;

/**
 * `transaction_amount_refunded`: the sum of the refunds. A payment set to `refunded` through the control status route
 * (no refund recorded) counts as refunded in full, as that route stood in for refunds before they existed.
 */
export function refundedAmount(payment: SimPayment): number {
  const sum = roundAmount(payment.refunds.reduce((total, refund) => total + refund.amount, 0));
  return sum === 0 && payment.status === 'refunded' ? payment.amount : sum;
}

/** Another account's payment is as unknown as a missing one: Mercado Pago answers 404 (code 2000) for both. */
export function ownedPayment(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, id: string): SimPayment {
  const payment = /^\d{1,16}$/.test(id) ? ctx.payments.get(Number(id)) : undefined;
  if (!payment || payment.collectorId !== account.userId) {
    throw new HttpError(404, 'not_found', 'Payment not found', [{ code: 2000, description: 'Payment not found', data: null }]);
  }
  return payment;
}

/** For the control API: any account's payment, with its account, or a 404 in the simulator's shape. */
export function controlPayment(ctx: MercadoPagoContext, id: string | undefined): { payment: SimPayment; account: MercadoPagoSimAccount } {
  const payment = ctx.payments.get(Number(id));
  const account = payment && ctx.accountsById.get(payment.collectorId);
  if (!payment || !account) throw new HttpError(404, 'not_found', `no payment ${id ?? ''}`);
  return { payment, account };
}

export function notifyPaymentUpdated(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, payment: SimPayment, sendOptions: SendOptions = {}): void {
  notify(ctx, account, { topic: 'payment', action: 'payment.updated', resourceId: String(payment.id), notificationUrl: payment.notificationUrl }, sendOptions);
}

/**
 * A refund in the SDKs' shape: sdk-nodejs src/clients/paymentRefund/commonTypes.ts (RefundResponse) and sdk-php
 * PaymentRefund (labels, partition_details); values as in Mercado Pago's refund example (devsite-docs, "Reembolsos
 * de transações com Pix": refund_mode "standard", adjustment_amount 0, unique_sequence_number null, metadata {}).
 */
export function refundResource(refund: SimRefund) {
  return {
    id: refund.id,
    payment_id: refund.paymentId,
    amount: refund.amount,
    metadata: {},
    source: refund.source,
    date_created: refund.dateCreated,
    unique_sequence_number: null,
    refund_mode: 'standard',
    adjustment_amount: 0,
    status: 'approved',
    reason: refund.reason,
    labels: [],
    amount_refunded_to_payer: refund.amount,
    partition_details: [],
  };
}

/** `GET /v1/payments/{id}` (the Node SDK's PaymentResponse). */
export function paymentResource(ctx: MercadoPagoContext, payment: SimPayment) {
  const account = ctx.accountsById.get(payment.collectorId);
  const paid = ['approved', 'refunded', 'charged_back', 'in_mediation'].includes(payment.status);
  const ticket = payment.paymentTypeId === 'ticket' || payment.paymentTypeId === 'bank_transfer';
  const refunded = refundedAmount(payment);
  return {
    id: payment.id,
    date_created: payment.dateCreated,
    date_approved: payment.dateApproved,
    date_last_updated: payment.dateLastUpdated,
    date_of_expiration: ticket ? addDays(payment.dateCreated, 3) : null,
    money_release_date: payment.dateApproved ? addDays(payment.dateApproved, 14) : null,
    money_release_status: payment.dateApproved ? 'pending' : null,
    operation_type: payment.operationType,
    issuer_id: payment.paymentTypeId === 'credit_card' ? '24' : null,
    payment_method_id: payment.paymentMethodId,
    payment_type_id: payment.paymentTypeId,
    payment_method: { id: payment.paymentMethodId, type: payment.paymentTypeId },
    status: payment.status,
    status_detail: payment.statusDetail,
    currency_id: payment.currency,
    description: payment.description,
    live_mode: account?.mode === 'live',
    sponsor_id: null,
    authorization_code: payment.paymentTypeId === 'credit_card' && paid ? randomDigits(6) : null,
    collector_id: payment.collectorId,
    payer: {
      type: 'guest',
      id: null,
      email: payment.payer.email,
      first_name: payment.payer.first_name,
      last_name: payment.payer.last_name,
      identification: payment.payer.identification ?? { type: null, number: null },
      phone: { area_code: null, number: null, extension: null },
      entity_type: null,
    },
    metadata: payment.metadata,
    additional_info: {},
    order: {},
    external_reference: payment.externalReference,
    transaction_amount: payment.amount,
    transaction_amount_refunded: refunded,
    coupon_amount: 0,
    installments: 1,
    transaction_details: {
      net_received_amount: paid ? roundAmount((payment.amount - refunded) * 0.95) : 0,
      total_paid_amount: payment.amount,
      overpaid_amount: 0,
      installment_amount: payment.paymentTypeId === 'credit_card' ? payment.amount : 0,
      external_resource_url: ticket ? `https://www.mercadopago.com/sandbox/payments/${payment.id}/ticket` : null,
      financial_institution: null,
    },
    fee_details: [],
    captured: true,
    binary_mode: false,
    statement_descriptor: 'MERCADOPAGO',
    notification_url: payment.notificationUrl,
    refunds: payment.refunds.map(refundResource),
    processing_mode: 'aggregator',
    point_of_interaction: { type: 'UNSPECIFIED' },
  };
}
