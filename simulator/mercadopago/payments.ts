// Mercado Pago payments: `GET /v1/payments/{id}` in the SDK's PaymentResponse shape, the usual `status_detail` per
// status, and the control routes that create a payment or change its status.
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomDigits } from '../random';
import { authenticate, accountById } from './accounts';
import { COUNTRIES, checkAmount, country, type CountryId, type Method, type PaymentTypeId } from './countries';
import { notify } from './notifications';
import { controlBody, controlError, httpUrl, notifyFields } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount, Payer, SimPayment } from './state';
import { addDays, nowIso } from './time';

const PAYMENT_STATUSES = ['pending', 'approved', 'authorized', 'in_process', 'in_mediation', 'rejected', 'cancelled', 'refunded', 'charged_back'] as const;
export const PAYMENT_TYPES = ['credit_card', 'debit_card', 'ticket', 'bank_transfer', 'account_money'] as const;

const identificationSchema = z.object({ type: z.string().min(1).max(20), number: z.string().min(1).max(30) });
const controlPayerSchema = z.object({
  email: z.email().optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  identification: identificationSchema.optional(),
});

const controlPaymentSchema = z.object({
  userId: z.number().int().positive(),
  status: z.enum(PAYMENT_STATUSES),
  status_detail: z.string().min(1).max(100).optional(),
  transaction_amount: z.number().positive(),
  currency_id: z.string().optional(),
  payment_type_id: z.enum(PAYMENT_TYPES).default('credit_card'),
  payment_method_id: z.string().min(1).max(40).optional(),
  external_reference: z.string().max(256).optional(),
  description: z.string().max(256).optional(),
  payer: controlPayerSchema.optional(),
  notification_url: httpUrl.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  ...notifyFields,
});

const controlStatusSchema = z.object({ status: z.enum(PAYMENT_STATUSES), status_detail: z.string().min(1).max(100).optional(), ...notifyFields });

/** The usual `status_detail` for a status, as Mercado Pago reports it. */
function defaultStatusDetail(status: string, paymentTypeId: PaymentTypeId): string {
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
      return 'in_process';
    case 'rejected':
      return cash ? 'rejected_by_bank' : 'cc_rejected_other_reason';
    case 'cancelled':
      return cash ? 'expired' : 'by_collector';
    case 'refunded':
      return 'refunded';
    case 'charged_back':
      return 'settled';
    default:
      return status;
  }
}

function defaultMethodId(countryId: CountryId, paymentTypeId: PaymentTypeId): string {
  const method = COUNTRIES[countryId].methods.find((candidate: Method) => candidate.paymentTypeId === paymentTypeId);
  if (method) return method.paymentMethodId;
  return paymentTypeId === 'debit_card' ? 'debmaster' : paymentTypeId === 'account_money' ? 'account_money' : 'master';
}

export function createPayment(
  ctx: MercadoPagoContext,
  account: MercadoPagoSimAccount,
  input: {
    status: string;
    statusDetail?: string;
    amount: number;
    paymentTypeId: PaymentTypeId;
    paymentMethodId?: string;
    externalReference?: string | null;
    description?: string | null;
    payer?: Partial<Payer>;
    notificationUrl?: string | null;
    metadata?: Record<string, unknown>;
    operationType?: SimPayment['operationType'];
  },
): SimPayment {
  const created = nowIso();
  const payment: SimPayment = {
    id: Number(randomDigits(11)),
    collectorId: account.userId,
    status: input.status,
    statusDetail: input.statusDetail ?? defaultStatusDetail(input.status, input.paymentTypeId),
    amount: input.amount,
    currency: country(account).currency,
    paymentTypeId: input.paymentTypeId,
    paymentMethodId: input.paymentMethodId ?? defaultMethodId(account.countryId, input.paymentTypeId),
    externalReference: input.externalReference ?? null,
    description: input.description ?? null,
    payer: {
      email: input.payer?.email ?? `test_user_${randomDigits(8)}@testuser.com`,
      first_name: input.payer?.first_name ?? null,
      last_name: input.payer?.last_name ?? null,
      identification: input.payer?.identification ?? null,
    },
    notificationUrl: input.notificationUrl ?? null,
    metadata: input.metadata ?? {},
    operationType: input.operationType ?? 'regular_payment',
    dateCreated: created,
    dateApproved: input.status === 'approved' ? created : null,
    dateLastUpdated: created,
  };
  ctx.payments.set(payment.id, payment);
  return payment;
}

function setPaymentStatus(payment: SimPayment, status: string, statusDetail?: string): void {
  payment.status = status;
  payment.statusDetail = statusDetail ?? defaultStatusDetail(status, payment.paymentTypeId);
  payment.dateLastUpdated = nowIso();
  if (status === 'approved' && !payment.dateApproved) payment.dateApproved = payment.dateLastUpdated;
}

function ownedPayment(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, id: string): SimPayment {
  const payment = /^\d{1,16}$/.test(id) ? ctx.payments.get(Number(id)) : undefined;
  // Another account's payment is as unknown as a missing one: Mercado Pago answers 404 (code 2000) for both.
  if (!payment || payment.collectorId !== account.userId) {
    throw new HttpError(404, 'not_found', 'Payment not found', [{ code: 2000, description: 'Payment not found', data: null }]);
  }
  return payment;
}

/** `GET /v1/payments/{id}` (the Node SDK's PaymentResponse). */
function paymentResource(ctx: MercadoPagoContext, payment: SimPayment) {
  const account = ctx.accountsById.get(payment.collectorId);
  const paid = ['approved', 'refunded', 'charged_back'].includes(payment.status);
  const ticket = payment.paymentTypeId === 'ticket' || payment.paymentTypeId === 'bank_transfer';
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
    transaction_amount_refunded: payment.status === 'refunded' ? payment.amount : 0,
    coupon_amount: 0,
    installments: 1,
    transaction_details: {
      net_received_amount: paid ? Math.round(payment.amount * 0.95 * 100) / 100 : 0,
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
    refunds: [],
    processing_mode: 'aggregator',
    point_of_interaction: { type: 'UNSPECIFIED' },
  };
}

export function addPaymentRoutes(api: Router, ctx: MercadoPagoContext): void {
  api.add('GET', '/v1/payments/:id', (request) => {
    const account = authenticate(ctx, request);
    return json(200, paymentResource(ctx, ownedPayment(ctx, account, request.params.id ?? '')));
  });
}

export function addPaymentControlRoutes(control: Router, ctx: MercadoPagoContext): void {
  control
    .add('POST', '/payments', async (request) => {
      const input = await controlBody(request, controlPaymentSchema);
      const account = accountById(ctx, input.userId);
      controlError(() => checkAmount(account, input.transaction_amount, input.currency_id, 'transaction_amount'));
      const payment = createPayment(ctx, account, {
        status: input.status,
        ...(input.status_detail ? { statusDetail: input.status_detail } : {}),
        amount: input.transaction_amount,
        paymentTypeId: input.payment_type_id,
        ...(input.payment_method_id ? { paymentMethodId: input.payment_method_id } : {}),
        externalReference: input.external_reference ?? null,
        description: input.description ?? null,
        ...(input.payer ? { payer: input.payer } : {}),
        notificationUrl: input.notification_url ?? null,
        ...(input.metadata ? { metadata: input.metadata } : {}),
      });
      if (input.notify) {
        notify(ctx, account, { topic: 'payment', action: 'payment.created', resourceId: String(payment.id), notificationUrl: payment.notificationUrl }, { duplicates: input.duplicates });
      }
      return json(201, paymentResource(ctx, payment));
    })
    .add('POST', '/payments/:id/status', async (request) => {
      const input = await controlBody(request, controlStatusSchema);
      const payment = ctx.payments.get(Number(request.params.id));
      const account = payment && ctx.accountsById.get(payment.collectorId);
      if (!payment || !account) throw new HttpError(404, 'not_found', `no payment ${request.params.id ?? ''}`);
      setPaymentStatus(payment, input.status, input.status_detail);
      if (input.notify) {
        notify(ctx, account, { topic: 'payment', action: 'payment.updated', resourceId: String(payment.id), notificationUrl: payment.notificationUrl }, { duplicates: input.duplicates });
      }
      return json(200, paymentResource(ctx, payment));
    });
}
