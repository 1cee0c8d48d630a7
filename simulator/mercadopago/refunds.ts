// Refunds: `GET /v1/payments/{id}/refunds` (the payment's refunds, oldest first) and `POST /v1/payments/{id}/refunds`
// (`{amount?}`; no amount refunds what is left), as sdk-nodejs src/clients/paymentRefund calls them, and the control
// route that does the same without a token. A partial refund keeps the payment `approved` with `status_detail`
// `partially_refunded`; once the refunds add up to the amount it is `refunded` / `refunded`
// (https://www.mercadopago.com.br/developers/en/docs/checkout-api/response-handling/query-results). Each refund
// updates `date_last_updated` and notifies `payment.updated`.
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomDigits } from '../random';
import type { SendOptions } from '../webhook-delivery';
import { authenticate } from './accounts';
import { country } from './countries';
import { controlPayment, notifyPaymentUpdated, ownedPayment, refundedAmount, refundResource, roundAmount, setPaymentStatus } from './payment-resource';
import { controlBody, controlError, idempotent, notifyFields, sendOptionsOf } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount, RefundSource, SimPayment, SimRefund } from './state';
import { nowIso } from './time';

// Unknown fields are ignored, as Mercado Pago does; `amount` is checked below so its errors carry the API's codes.
const refundBodySchema = z.looseObject({ amount: z.unknown().optional() }).optional();

const controlRefundSchema = z.object({ amount: z.number().positive().optional(), ...notifyFields });

/** The refund API's 400s (API reference "Create refund": 2063, 4040, 4041). */
const refusal = (code: number, message: string) => new HttpError(400, 'bad_request', message, [{ code, description: message, data: null }]);

/**
 * Records one refund of `amount` (default: what is left) and moves the payment's status. Refuses, in Mercado Pago's
 * error shape: a payment that is not approved (2063, "The action requested is not valid for the current payment
 * state"), an amount that is not a positive number (4040/4041), and an amount over what is left to refund (the
 * reference lists no code of its own for that; the simulator answers 400 with 2063 and says how much is left).
 */
export function refundPayment(payment: SimPayment, amount: unknown, source: RefundSource, options: { statusDetail?: string } = {}): SimRefund {
  if (payment.status !== 'approved') throw refusal(2063, 'The action requested is not valid for the current payment state');
  if (amount !== undefined && amount !== null && typeof amount !== 'number') throw refusal(4041, 'amount attribute must be numeric');
  if (typeof amount === 'number' && !(amount > 0)) throw refusal(4040, 'amount attribute must be positive');
  const left = roundAmount(payment.amount - refundedAmount(payment));
  const value = typeof amount === 'number' ? roundAmount(amount) : left;
  if (value > left) throw refusal(2063, `Invalid refund amount: ${value} is more than the ${left} left to refund`);
  const refund: SimRefund = { id: Number(randomDigits(10)), paymentId: payment.id, amount: value, source, dateCreated: nowIso(), reason: null };
  payment.refunds.push(refund);
  const whole = roundAmount(refundedAmount(payment)) >= payment.amount;
  setPaymentStatus(payment, whole ? 'refunded' : 'approved', whole ? (options.statusDetail ?? 'refunded') : 'partially_refunded');
  return refund;
}

/** A refund the merchant makes: its source is the collector (sdk-nodejs paymentRefund `Source`: "e.g. collector"). */
export const collectorSource = (account: MercadoPagoSimAccount): RefundSource => ({ id: String(account.userId), name: `${account.firstName} ${account.lastName}`, type: 'collector' });

function checkDecimals(account: MercadoPagoSimAccount, amount: unknown): void {
  if (typeof amount !== 'number') return;
  const scaled = amount * 10 ** country(account).currencyDigits;
  if (Math.abs(scaled - Math.round(scaled)) > 1e-6) throw refusal(4041, `amount attribute must be numeric with ${country(account).currencyDigits} decimal places`);
}

function refundAndNotify(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, payment: SimPayment, amount: unknown, notifyOptions: { notify: boolean } & SendOptions) {
  checkDecimals(account, amount);
  const refund = refundPayment(payment, amount, collectorSource(account));
  if (notifyOptions.notify) notifyPaymentUpdated(ctx, account, payment, notifyOptions);
  return refund;
}

export function addRefundRoutes(api: Router, ctx: MercadoPagoContext): void {
  api
    .add('GET', '/v1/payments/:id/refunds', (request) => {
      const payment = ownedPayment(ctx, authenticate(ctx, request), request.params.id ?? '');
      return json(200, payment.refunds.map(refundResource));
    })
    .add('POST', '/v1/payments/:id/refunds', async (request) => {
      const account = authenticate(ctx, request);
      const payment = ownedPayment(ctx, account, request.params.id ?? '');
      return idempotent(ctx, account, request, async () => {
        const parsed = refundBodySchema.safeParse(await request.json());
        if (!parsed.success) throw refusal(4041, 'amount attribute must be numeric');
        return json(201, refundResource(refundAndNotify(ctx, account, payment, parsed.data?.amount, { notify: true })));
      });
    });
}

export function addRefundControlRoutes(control: Router, ctx: MercadoPagoContext): void {
  control.add('POST', '/payments/:id/refunds', async (request) => {
    const input = await controlBody(request, controlRefundSchema);
    const { payment, account } = controlPayment(ctx, request.params.id);
    const refund = controlError(() => refundAndNotify(ctx, account, payment, input.amount, { notify: input.notify, ...sendOptionsOf(input) }));
    return json(201, refundResource(refund));
  });
}
