// Authorized payments: the charges (invoices) of a preapproval. `GET /authorized_payments/{id}` in the Java SDK's
// Invoice shape (sdk-java resources/invoice/Invoice.java, sdk-nodejs src/clients/invoice), one charge attempt with its
// retries, and the control route that charges a preapproval (no clock runs in the simulator: renewals and retries
// happen when the control API says so).
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomDigits } from '../random';
import type { SendOptions } from '../webhook-delivery';
import { authenticate } from './accounts';
import { notify } from './notifications';
import { PAYMENT_TYPES, createPayment } from './payments';
import { nextPaymentDate, notifyPreapprovalUpdated, setPreapprovalStatus } from './preapprovals';
import { badRequest, controlBody, controlError, notifyFields, sendOptionsOf } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount, SimAuthorizedPayment, SimPayment, SimPreapproval } from './state';
import { addDays, nowIso } from './time';

/**
 * Mercado Pago's collection retries (devsite-docs guides/subscriptions/
 * subscription-no-associated-plan-authorized-payments.en.md, "Collection reattempt logic"): a declined installment
 * stays `recycling` and "enters a reattempt scheme with a maximum of 4 possibilities … within ten days"; "in the case
 * that the installment cannot be collected on the fourth reattempt, it will automatically remain in `processed`
 * status, associated with a declined payment"; "after 3 installments with rejected payments, the subscription is
 * automatically canceled". The same for every payment method: the "three attempts, boleto and pix 7 days apart" of
 * the platform's help text is not Mercado Pago's rule (../shared/GATEWAYS.md).
 *
 * `retry_attempt` counts the collection attempts, the first one included: the first charge is 1, the fourth
 * reattempt 5. Source: the subscriptions API reference, GET /authorized_payments/{id}: `retry_attempt` "How many
 * times we try to collect the invoice" (pt "Quantidade de vezes que tentamos cobrar a fatura"; devsite-docs
 * reference/api-json/subscriptions.json). The SDKs only paraphrase it (sdk-nodejs src/clients/invoice/commonTypes.ts
 * "Number of retry attempts made to collect this invoice"; sdk-java resources/invoice/Invoice.java "Current retry
 * attempt number") and none has a fixture of a first attempt (sdk-java's invoice_base.json shows 4).
 */
export const MAX_REATTEMPTS = 4;
/**
 * Days from one attempt to the next reattempt: the four add up to the documented ten-day window. Mercado Pago does
 * not publish the offsets ("adding 1 of the 4 possibilities within ten days … to the last available date").
 */
const REATTEMPT_GAPS_DAYS = [1, 2, 3, 4] as const;
export const REJECTED_INSTALLMENTS_BEFORE_CANCELLING = 3;

export const controlChargeSchema = z.object({
  payment_status: z.enum(['approved', 'rejected', 'pending', 'in_process', 'cancelled']).default('approved'),
  status_detail: z.string().min(1).max(100).optional(),
  payment_type_id: z.enum(PAYMENT_TYPES).optional(),
  /** Retries this authorized payment (the same invoice) instead of opening a new one. */
  authorized_payment_id: z.number().int().positive().optional(),
  status: z.enum(['scheduled', 'processed', 'recycling', 'cancelled']).optional(),
  retry_attempt: z.number().int().min(1).max(MAX_REATTEMPTS + 1).optional(),
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
    // "Summarization status of the invoice result in the subscription": pending, or done once processed.
    summarized: invoice.status === 'processed' ? 'done' : 'pending',
    payment: payment ? { id: payment.id, status: payment.status, status_detail: payment.statusDetail } : null,
    payment_method_id: invoice.paymentMethodId,
  };
}

export type Charge = { invoice: SimAuthorizedPayment; payment: SimPayment; created: boolean; cancelledPreapproval: boolean };

const declined = (status: string | undefined) => status === 'rejected' || status === 'cancelled';

/** Installments that ended `processed` with a declined payment, i.e. every reattempt failed. */
function rejectedInstallments(ctx: MercadoPagoContext, preapprovalId: string): number {
  return [...ctx.authorizedPayments.values()].filter(
    (invoice) => invoice.preapprovalId === preapprovalId && invoice.status === 'processed' && declined(ctx.payments.get(invoice.paymentId)?.status),
  ).length;
}

/**
 * One charge attempt of a subscription: a payment, and the authorized payment (invoice) that records it. A retry
 * keeps the invoice's id, counts `retry_attempt` up and happens on the invoice's `next_retry_date` unless the body
 * gives `debit_date`. A declined attempt leaves the invoice `recycling` with the next reattempt's date, or
 * `processed` after the fourth reattempt; the third such installment cancels the preapproval.
 */
export function chargePreapproval(
  ctx: MercadoPagoContext,
  account: MercadoPagoSimAccount,
  preapproval: SimPreapproval,
  input: z.infer<typeof controlChargeSchema>,
): Charge {
  const existing = input.authorized_payment_id === undefined ? undefined : ownedAuthorizedPayment(ctx, account, String(input.authorized_payment_id));
  if (existing && existing.preapprovalId !== preapproval.id) throw badRequest('authorized_payment_id belongs to another preapproval');
  if (existing && existing.status !== 'recycling' && existing.status !== 'scheduled' && input.status === undefined) {
    throw new HttpError(409, 'conflict', `authorized payment ${existing.id} is ${existing.status} after ${existing.retryAttempt} attempts: no further attempt`);
  }
  if (!existing && preapproval.status === 'cancelled') throw new HttpError(409, 'conflict', `preapproval ${preapproval.id} is cancelled: nothing more is charged`);
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
  const debitDate = input.debit_date ?? existing?.nextRetryDate ?? now;
  const reattemptsDone = retryAttempt - 1;
  const status =
    input.status ??
    (input.payment_status === 'approved' ? 'processed' : declined(input.payment_status) ? (reattemptsDone >= MAX_REATTEMPTS ? 'processed' : 'recycling') : 'scheduled');
  const gap = REATTEMPT_GAPS_DAYS[Math.min(reattemptsDone, MAX_REATTEMPTS - 1)] ?? 1;
  const nextRetryDate = input.next_retry_date !== undefined ? input.next_retry_date : status === 'recycling' ? addDays(debitDate, gap) : null;
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
  const cancelledPreapproval =
    preapproval.status !== 'cancelled' && status === 'processed' && declined(input.payment_status) && rejectedInstallments(ctx, preapproval.id) >= REJECTED_INSTALLMENTS_BEFORE_CANCELLING;
  if (cancelledPreapproval) setPreapprovalStatus(preapproval, 'cancelled');
  return { invoice, payment, created: !existing, cancelledPreapproval };
}

export function notifyCharge(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, preapproval: SimPreapproval, charge: Charge, sendOptions: SendOptions) {
  notify(
    ctx,
    account,
    { topic: 'subscription_authorized_payment', action: charge.created ? 'created' : 'updated', resourceId: String(charge.invoice.id), notificationUrl: preapproval.notificationUrl, version: charge.invoice.version },
    sendOptions,
  );
  // A plain `payment` notification fires alongside every charge, as it does in real life.
  notify(ctx, account, { topic: 'payment', action: 'payment.created', resourceId: String(charge.payment.id), notificationUrl: preapproval.notificationUrl }, sendOptions);
  // The cancellation the third rejected installment causes is a change of the preapproval like any other (the docs
  // also say the seller is told by e-mail).
  if (charge.cancelledPreapproval) notifyPreapprovalUpdated(ctx, account, preapproval, sendOptions);
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
    if (input.notify) notifyCharge(ctx, account, preapproval, charge, sendOptionsOf(input));
    return json(201, authorizedPaymentResource(ctx, charge.invoice));
  });
}
