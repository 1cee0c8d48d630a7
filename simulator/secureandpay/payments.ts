// Secure and Pay payments (docs/secureandpay-api.md §3): `POST /v1/payments` opens a hosted payment the customer
// completes on `checkout_url` (hosted-pages.ts), `GET /v1/payments/{id}`; and the control routes that create a
// payment in any state or refund one.
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomHex } from '../random';
import { notify, notifyPayment, paymentEventData } from './notifications';
import { authenticate, siteById } from './sites';
import { controlBody, controlCustomer, customerSchema, defaultCustomer, idempotent, notifyFields, parseCreate, returnUrl } from './requests';
import { CURRENCIES, FAILURE_REASONS, type SecureAndPayContext, type SecureAndPaySimSite, type SimPayment } from './state';
import { nowIso } from './time';

export const paymentBodySchema = z.object({
  amount: z.number().int().min(1).max(100_000_000),
  currency: z.string(),
  description: z.string().min(1).max(255),
  reference: z.string().min(1).max(100),
  customer: customerSchema,
  return_url: returnUrl,
  cancel_url: returnUrl.optional(),
  notification_url: returnUrl.optional(),
});

const controlPaymentSchema = z.object({
  siteId: z.string().min(1),
  status: z.enum(['pending', 'succeeded', 'failed']),
  amount: z.number().int().min(1),
  currency: z.enum(CURRENCIES),
  description: z.string().min(1).max(255).optional(),
  reference: z.string().min(1).max(100).optional(),
  customer: controlCustomer,
  failure_reason: z.enum(FAILURE_REASONS).optional(),
  notification_url: z.url().optional(),
  ...notifyFields,
});

const controlRefundSchema = z.object({ amount: z.number().int().min(1).optional(), ...notifyFields });

export function paymentResource(payment: SimPayment) {
  return {
    id: payment.id,
    site_id: payment.siteId,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    amount_refunded: payment.amountRefunded,
    description: payment.description,
    reference: payment.reference,
    subscription_id: payment.subscriptionId,
    customer: payment.customer,
    checkout_url: payment.checkoutUrl,
    failure_reason: payment.failureReason,
    created: payment.created,
    updated: payment.updated,
  };
}

export function newPayment(
  ctx: SecureAndPayContext,
  site: SecureAndPaySimSite,
  input: Omit<SimPayment, 'id' | 'siteId' | 'amountRefunded' | 'created' | 'updated' | 'checkoutUrl'> & { origin: string | null },
): SimPayment {
  const id = `pay_${randomHex(16)}`;
  const created = nowIso();
  const { origin, ...rest } = input;
  const payment: SimPayment = { ...rest, id, siteId: site.siteId, amountRefunded: 0, checkoutUrl: origin ? `${origin}/secureandpay/checkout/${id}` : null, created, updated: created };
  ctx.payments.set(id, payment);
  return payment;
}

function ownedPayment(ctx: SecureAndPayContext, site: SecureAndPaySimSite, id: string): SimPayment {
  const payment = ctx.payments.get(id);
  // Another site's object is as unknown as a missing one (§1: 404 for an id of another site).
  if (!payment || payment.siteId !== site.siteId) throw new HttpError(404, 'not_found', `no payment ${id}`);
  return payment;
}

export function addPaymentRoutes(api: Router, ctx: SecureAndPayContext): void {
  api
    .add('POST', '/v1/payments', async (request) => {
      const site = authenticate(ctx, request);
      return idempotent(ctx, site, request, (raw) => {
        const body = parseCreate(paymentBodySchema, raw);
        const payment = newPayment(ctx, site, {
          origin: request.origin,
          status: 'pending',
          amount: body.amount,
          currency: body.currency,
          description: body.description,
          reference: body.reference,
          subscriptionId: null,
          customer: body.customer,
          returnUrl: body.return_url,
          cancelUrl: body.cancel_url ?? body.return_url,
          notificationUrl: body.notification_url ?? null,
          failureReason: null,
        });
        return json(201, paymentResource(payment));
      });
    })
    .add('GET', '/v1/payments/:id', (request) => json(200, paymentResource(ownedPayment(ctx, authenticate(ctx, request), request.params.id ?? ''))));
}

export function addPaymentControlRoutes(control: Router, ctx: SecureAndPayContext): void {
  control
    .add('POST', '/payments', async (request) => {
      const input = await controlBody(request, controlPaymentSchema);
      const site = siteById(ctx, input.siteId);
      const payment = newPayment(ctx, site, {
        origin: request.origin,
        status: input.status,
        amount: input.amount,
        currency: input.currency,
        description: input.description ?? 'Simulated payment',
        reference: input.reference ?? `ref_${randomHex(8)}`,
        subscriptionId: null,
        customer: defaultCustomer(input.customer),
        returnUrl: null,
        cancelUrl: null,
        notificationUrl: input.notification_url ?? null,
        failureReason: input.status === 'failed' ? (input.failure_reason ?? 'card_declined') : null,
      });
      if (input.notify) notifyPayment(ctx, payment, { duplicates: input.duplicates });
      return json(201, paymentResource(payment));
    })
    .add('POST', '/payments/:id/refund', async (request) => {
      const input = await controlBody(request, controlRefundSchema);
      const payment = ctx.payments.get(request.params.id ?? '');
      if (!payment) throw new HttpError(404, 'not_found', `no payment ${request.params.id ?? ''}`);
      const amount = input.amount ?? payment.amount - payment.amountRefunded;
      if (payment.status !== 'succeeded' || amount > payment.amount - payment.amountRefunded) {
        throw new HttpError(409, 'conflict', 'only a succeeded payment can be refunded, up to what is left');
      }
      payment.amountRefunded += amount;
      if (payment.amountRefunded === payment.amount) payment.status = 'refunded';
      payment.updated = nowIso();
      notify(
        ctx,
        siteById(ctx, payment.siteId),
        'refund.succeeded',
        { ...paymentEventData(payment), refund_id: `re_${randomHex(16)}`, amount, status: 'succeeded', failure_reason: null },
        payment.notificationUrl,
        { duplicates: input.duplicates },
      );
      return json(200, paymentResource(payment));
    });
}
