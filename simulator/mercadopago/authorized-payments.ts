// Authorized payments: the charges (invoices) of a preapproval. `GET /authorized_payments/{id}` in the Java SDK's
// AuthorizedPayment shape (the Node SDK lacks it), one charge attempt with its retries, and the control route that
// charges a preapproval (no clock runs in the simulator: renewals and retries happen when the control API says so).
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomDigits } from '../random';
import { authenticate } from './accounts';
import { notify } from './notifications';
import { PAYMENT_TYPES, createPayment } from './payments';
import { nextPaymentDate } from './preapprovals';
import { badRequest, controlBody, controlError, notifyFields } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount, SimAuthorizedPayment, SimPayment, SimPreapproval } from './state';
import { DAY_MS, nowIso } from './time';

/** Subscription charges (MP8): three attempts; for boleto and pix, 7 days apart. */
const MAX_CHARGE_ATTEMPTS = 3;
/** Mercado Pago does not publish its card retry delay (MP8: "set by Mercado Pago"); the simulator uses this. */
const CARD_RETRY_DELAY_MS = 3 * DAY_MS;
const CASH_RETRY_DELAY_MS = 7 * DAY_MS;

export const controlChargeSchema = z.object({
  payment_status: z.enum(['approved', 'rejected', 'pending', 'in_process', 'cancelled']).default('approved'),
  status_detail: z.string().min(1).max(100).optional(),
  payment_type_id: z.enum(PAYMENT_TYPES).optional(),
  /** Retries this authorized payment (the same invoice) instead of opening a new one. */
  authorized_payment_id: z.number().int().positive().optional(),
  status: z.enum(['scheduled', 'processed', 'recycling', 'cancelled']).optional(),
  retry_attempt: z.number().int().min(1).max(10).optional(),
  next_retry_date: z.iso.datetime({ offset: true }).nullable().optional(),
  debit_date: z.iso.datetime({ offset: true }).optional(),
  ...notifyFields,
});

function ownedAuthorizedPayment(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, id: string): SimAuthorizedPayment {
  const invoice = /^\d{1,16}$/.test(id) ? ctx.authorizedPayments.get(Number(id)) : undefined;
  if (!invoice || invoice.collectorId !== account.userId) throw new HttpError(404, 'not_found', `Authorized payment ${id} not found`);
  return invoice;
}

function authorizedPaymentResource(ctx: MercadoPagoContext, invoice: SimAuthorizedPayment) {
  const preapproval = ctx.preapprovals.get(invoice.preapprovalId);
  const payment = ctx.payments.get(invoice.paymentId);
  return {
    id: invoice.id,
    type: 'scheduled',
    date_created: invoice.dateCreated,
    last_modified: invoice.lastModified,
    preapproval_id: invoice.preapprovalId,
    reason: preapproval?.reason ?? null,
    external_reference: preapproval?.externalReference ?? null,
    currency_id: preapproval?.autoRecurring.currency_id ?? payment?.currency ?? null,
    transaction_amount: preapproval?.autoRecurring.transaction_amount ?? payment?.amount ?? null,
    debit_date: invoice.debitDate,
    retry_attempt: invoice.retryAttempt,
    next_retry_date: invoice.nextRetryDate,
    status: invoice.status,
    summarized: payment?.status ?? null,
    payment: payment ? { id: payment.id, status: payment.status, status_detail: payment.statusDetail } : null,
    payment_method_id: invoice.paymentMethodId,
  };
}

export type Charge = { invoice: SimAuthorizedPayment; payment: SimPayment; created: boolean };

/**
 * One charge attempt of a subscription: a payment, and the authorized payment (invoice) that records it. A retry
 * keeps the invoice's id and counts `retry_attempt` up; after the third failed attempt the invoice is cancelled
 * (MP8: three attempts; boleto and pix 7 days apart).
 */
export function chargePreapproval(
  ctx: MercadoPagoContext,
  account: MercadoPagoSimAccount,
  preapproval: SimPreapproval,
  input: z.infer<typeof controlChargeSchema>,
): Charge {
  const existing = input.authorized_payment_id === undefined ? undefined : ownedAuthorizedPayment(ctx, account, String(input.authorized_payment_id));
  if (existing && existing.preapprovalId !== preapproval.id) throw badRequest('authorized_payment_id belongs to another preapproval');
  const paymentTypeId = input.payment_type_id ?? existing?.paymentTypeId ?? 'credit_card';
  const payment = createPayment(ctx, account, {
    status: input.payment_status,
    ...(input.status_detail ? { statusDetail: input.status_detail } : {}),
    amount: preapproval.autoRecurring.transaction_amount,
    paymentTypeId,
    externalReference: preapproval.externalReference,
    description: preapproval.reason,
    payer: { email: preapproval.payerEmail },
    notificationUrl: preapproval.notificationUrl,
    metadata: { preapproval_id: preapproval.id },
    operationType: 'recurring_payment',
  });
  const now = nowIso();
  const retryAttempt = input.retry_attempt ?? (existing ? existing.retryAttempt + 1 : 1);
  const debitDate = input.debit_date ?? now;
  const rejected = input.payment_status === 'rejected' || input.payment_status === 'cancelled';
  const lastAttempt = retryAttempt >= MAX_CHARGE_ATTEMPTS;
  const cash = paymentTypeId === 'ticket' || paymentTypeId === 'bank_transfer';
  const status =
    input.status ?? (input.payment_status === 'approved' ? 'processed' : rejected ? (lastAttempt ? 'cancelled' : 'recycling') : 'scheduled');
  const nextRetryDate =
    input.next_retry_date !== undefined
      ? input.next_retry_date
      : status === 'recycling'
        ? new Date(new Date(debitDate).getTime() + (cash ? CASH_RETRY_DELAY_MS : CARD_RETRY_DELAY_MS)).toISOString()
        : null;
  const invoice: SimAuthorizedPayment = existing ?? {
    id: Number(randomDigits(10)),
    preapprovalId: preapproval.id,
    collectorId: account.userId,
    status,
    retryAttempt,
    nextRetryDate,
    debitDate,
    paymentId: payment.id,
    paymentTypeId,
    paymentMethodId: payment.paymentMethodId,
    dateCreated: now,
    lastModified: now,
    version: 0,
  };
  Object.assign(invoice, { status, retryAttempt, nextRetryDate, debitDate, paymentId: payment.id, paymentTypeId, paymentMethodId: payment.paymentMethodId, lastModified: now });
  if (existing) invoice.version += 1;
  ctx.authorizedPayments.set(invoice.id, invoice);
  if (input.payment_status === 'approved') {
    preapproval.chargedQuantity += 1;
    preapproval.chargedAmount += payment.amount;
    preapproval.lastChargedDate = now;
    preapproval.lastChargedAmount = payment.amount;
    preapproval.nextPaymentDate = nextPaymentDate(preapproval, now);
    preapproval.lastModified = now;
  }
  return { invoice, payment, created: !existing };
}

export function notifyCharge(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, preapproval: SimPreapproval, charge: Charge, sendOptions: { duplicates?: number }) {
  notify(
    ctx,
    account,
    { topic: 'subscription_authorized_payment', action: charge.created ? 'created' : 'updated', resourceId: String(charge.invoice.id), notificationUrl: preapproval.notificationUrl, version: charge.invoice.version },
    sendOptions,
  );
  // A plain `payment` notification fires alongside every charge, as it does in real life.
  notify(ctx, account, { topic: 'payment', action: 'payment.created', resourceId: String(charge.payment.id), notificationUrl: preapproval.notificationUrl }, sendOptions);
}

export function addAuthorizedPaymentRoutes(api: Router, ctx: MercadoPagoContext): void {
  api.add('GET', '/authorized_payments/:id', (request) =>
    json(200, authorizedPaymentResource(ctx, ownedAuthorizedPayment(ctx, authenticate(ctx, request), request.params.id ?? ''))),
  );
}

export function addAuthorizedPaymentControlRoutes(control: Router, ctx: MercadoPagoContext): void {
  control.add('POST', '/preapprovals/:id/charges', async (request) => {
    const input = await controlBody(request, controlChargeSchema);
    const preapproval = ctx.preapprovals.get(request.params.id ?? '');
    const account = preapproval && ctx.accountsById.get(preapproval.collectorId);
    if (!preapproval || !account) throw new HttpError(404, 'not_found', `no preapproval ${request.params.id ?? ''}`);
    const charge = controlError(() => chargePreapproval(ctx, account, preapproval, input));
    if (input.notify) notifyCharge(ctx, account, preapproval, charge, { duplicates: input.duplicates });
    return json(201, authorizedPaymentResource(ctx, charge.invoice));
  });
}
