// Chargebacks and disputes (mediations), driven by control routes, and `GET /v1/chargebacks/{id}`.
// A chargeback makes the payment `charged_back` with `status_detail` `in_process`, then `settled` ("the money was
// retained after a chargeback process") or `reimbursed` ("the money was reimbursed after a chargeback process")
// (https://www.mercadopago.com.br/developers/en/docs/checkout-api/response-handling/query-results); each step
// notifies `payment.updated` and `topic_chargebacks_wh`. A dispute makes it `in_mediation` ("users have initiated a
// dispute", payments API reference), resolved for the seller (back to `approved` / `accredited`) or for the buyer
// (`refunded` with a full refund from the buyer protection program, `status_detail` `bpp_refunded`: a detail seen
// on Mercado Pago payments refunded by the program, not listed in the status tables).
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomDigits } from '../random';
import { authenticate } from './accounts';
import { controlPayment, notifyPaymentUpdated, paymentResource, setPaymentStatus } from './payment-resource';
import { refundPayment } from './refunds';
import { controlBody, controlError, notifyFields, sendOptionsOf } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount, RefundSource, SimChargeback, SimPayment } from './state';
import { chargebackNotice, sendTopic } from './topics';
import { addDays, nowIso } from './time';

const chargebackSchema = z.object({ status_detail: z.enum(['in_process', 'settled', 'reimbursed']).default('in_process'), ...notifyFields });
const disputeSchema = z.object(notifyFields);
const resolveSchema = z.object({ for: z.enum(['seller', 'buyer']), ...notifyFields });

/**
 * The buyer protection program's refunds. The SDKs type `source.type` as free text ("e.g. collector, admin") and
 * Mercado Pago publishes no value for these; the simulator names them after the payment's `bpp_refunded`.
 */
const BUYER_PROTECTION: RefundSource = { id: 'bpp', name: 'Mercado Pago buyer protection program', type: 'bpp' };

const conflict = (payment: SimPayment, what: string) => new HttpError(409, 'conflict', `payment ${payment.id} is ${payment.status}/${payment.statusDetail}: ${what}`);

/**
 * `GET /v1/chargebacks/{id}`, as the chargebacks API reference's example: `payments` (ids), `coverage_applied`
 * (true when decided for the seller, who is reimbursed; false when the money is retained; null while in process:
 * devsite-docs guides/additional-content/chargebacks/how-to-manage.en.md) and the misspelt `coverage_elegible`.
 */
function chargebackResource(ctx: MercadoPagoContext, chargeback: SimChargeback) {
  return {
    id: chargeback.id,
    payments: [chargeback.paymentId],
    currency: chargeback.currency,
    amount: chargeback.amount,
    reason: 'general',
    coverage_applied: chargeback.outcome === 'in_process' ? null : chargeback.outcome === 'reimbursed',
    coverage_elegible: true,
    documentation_required: false,
    documentation_status: 'not_supplied',
    documentation: [],
    date_documentation_deadline: addDays(chargeback.dateCreated, 10),
    date_created: chargeback.dateCreated,
    date_last_updated: chargeback.dateLastUpdated,
    live_mode: ctx.accountsById.get(chargeback.collectorId)?.mode === 'live',
  };
}

/** Opens a chargeback on an approved payment, or records its outcome on a charged-back one. */
function chargeBack(ctx: MercadoPagoContext, payment: SimPayment, outcome: SimChargeback['outcome']): SimChargeback {
  const now = nowIso();
  const existing = payment.chargebackId ? ctx.chargebacks.get(payment.chargebackId) : undefined;
  if (!existing && payment.status !== 'approved') throw conflict(payment, 'only an approved payment can be charged back');
  const chargeback: SimChargeback = existing ?? {
    id: randomDigits(18),
    paymentId: payment.id,
    collectorId: payment.collectorId,
    amount: payment.amount,
    currency: payment.currency,
    outcome,
    dateCreated: now,
    dateLastUpdated: now,
    notices: 0,
  };
  Object.assign(chargeback, { outcome, dateLastUpdated: now });
  ctx.chargebacks.set(chargeback.id, chargeback);
  payment.chargebackId = chargeback.id;
  setPaymentStatus(payment, 'charged_back', outcome);
  return chargeback;
}

function notifyAll(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, payment: SimPayment, input: z.infer<typeof disputeSchema>, chargeback?: SimChargeback) {
  if (!input.notify) return;
  notifyPaymentUpdated(ctx, account, payment, sendOptionsOf(input));
  if (chargeback) {
    sendTopic(ctx, account, chargebackNotice(account, chargeback, chargeback.notices === 0), sendOptionsOf(input));
    chargeback.notices += 1;
  }
}

export function addDisputeRoutes(api: Router, ctx: MercadoPagoContext): void {
  api.add('GET', '/v1/chargebacks/:id', (request) => {
    const account = authenticate(ctx, request);
    const chargeback = ctx.chargebacks.get(request.params.id ?? '');
    if (!chargeback || chargeback.collectorId !== account.userId) {
      throw new HttpError(404, 'not_found', 'Chargeback not found', [{ code: 404, description: 'Chargeback not found', data: null }]);
    }
    return json(200, chargebackResource(ctx, chargeback));
  });
}

export function addDisputeControlRoutes(control: Router, ctx: MercadoPagoContext): void {
  control
    .add('POST', '/payments/:id/chargeback', async (request) => {
      const input = await controlBody(request, chargebackSchema);
      const { payment, account } = controlPayment(ctx, request.params.id);
      const chargeback = chargeBack(ctx, payment, input.status_detail);
      notifyAll(ctx, account, payment, input, chargeback);
      return json(200, { payment: paymentResource(ctx, payment), chargeback: chargebackResource(ctx, chargeback) });
    })
    .add('POST', '/payments/:id/dispute', async (request) => {
      const input = await controlBody(request, disputeSchema);
      const { payment, account } = controlPayment(ctx, request.params.id);
      if (payment.status !== 'approved') throw conflict(payment, 'only an approved payment can be disputed');
      setPaymentStatus(payment, 'in_mediation');
      notifyAll(ctx, account, payment, input);
      return json(200, paymentResource(ctx, payment));
    })
    .add('POST', '/payments/:id/dispute/resolve', async (request) => {
      const input = await controlBody(request, resolveSchema);
      const { payment, account } = controlPayment(ctx, request.params.id);
      if (payment.status !== 'in_mediation') throw conflict(payment, 'no dispute to resolve');
      // Back to where it was before the dispute, then (for the buyer) the program refunds what is left.
      setPaymentStatus(payment, 'approved', payment.refunds.length > 0 ? 'partially_refunded' : 'accredited');
      if (input.for === 'buyer') {
        controlError(() => refundPayment(payment, undefined, BUYER_PROTECTION, { statusDetail: 'bpp_refunded' }));
      }
      notifyAll(ctx, account, payment, input);
      return json(200, paymentResource(ctx, payment));
    });
}
