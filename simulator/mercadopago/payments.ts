// Mercado Pago payments: `GET /v1/payments/{id}` (its shape in payment-resource.ts), creating one, and the control
// routes that create a payment or change its status. Refunds are in refunds.ts, chargebacks and disputes in
// disputes.ts, search in payment-search.ts.
import { z } from 'zod';
import { json, type Router } from '../http';
import { randomDigits } from '../random';
import { authenticate, accountById } from './accounts';
import { COUNTRIES, checkAmount, country, type CountryId, type Method, type PaymentTypeId } from './countries';
import { notify } from './notifications';
import { controlPayment, defaultStatusDetail, notifyPaymentUpdated, ownedPayment, paymentResource, setPaymentStatus } from './payment-resource';
import { controlBody, controlError, httpUrl, notifyFields, sendOptionsOf } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount, Payer, SimPayment } from './state';
import { nowIso } from './time';

export const PAYMENT_STATUSES = ['pending', 'approved', 'authorized', 'in_process', 'in_mediation', 'rejected', 'cancelled', 'refunded', 'charged_back'] as const;
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
    refunds: [],
    chargebackId: null,
  };
  ctx.payments.set(payment.id, payment);
  return payment;
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
        notify(ctx, account, { topic: 'payment', action: 'payment.created', resourceId: String(payment.id), notificationUrl: payment.notificationUrl }, sendOptionsOf(input));
      }
      return json(201, paymentResource(ctx, payment));
    })
    .add('POST', '/payments/:id/status', async (request) => {
      const input = await controlBody(request, controlStatusSchema);
      const { payment, account } = controlPayment(ctx, request.params.id);
      setPaymentStatus(payment, input.status, input.status_detail);
      if (input.notify) notifyPaymentUpdated(ctx, account, payment, sendOptionsOf(input));
      return json(200, paymentResource(ctx, payment));
    });
}
