// Secure and Pay subscriptions (docs/secureandpay-api.md §4, §7): `POST /v1/subscriptions` (started by the customer
// on `checkout_url`, hosted-pages.ts), read and cancel; one charge per period; and the control routes that create,
// charge and cancel one. No retries of failed subscription charges (SP7): a failed charge leaves the subscription
// past due until the next period's charge, which the control API makes.
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomHex } from '../random';
import { notify, notifyPayment } from './notifications';
import { newPayment, paymentBodySchema, paymentResource } from './payments';
import { authenticate, siteById } from './sites';
import { controlBody, controlCustomer, defaultCustomer, idempotent, notifyFields, parseCreate, validationFailed } from './requests';
import { CURRENCIES, FAILURE_REASONS, type FailureReason, type SecureAndPayContext, type SecureAndPaySimSite, type SimPayment, type SimSubscription } from './state';
import { addDays, nowIso } from './time';

const subscriptionBodySchema = paymentBodySchema.extend({ interval_days: z.number().int().min(1).max(365) });

const cancelBodySchema = z.object({ reason: z.enum(['non_payment', 'merchant_request', 'customer_request']).optional() });

const controlSubscriptionSchema = z.object({
  siteId: z.string().min(1),
  status: z.enum(['pending', 'active']).default('active'),
  amount: z.number().int().min(1),
  currency: z.enum(CURRENCIES),
  interval_days: z.number().int().min(1).max(365).default(30),
  description: z.string().min(1).max(255).optional(),
  reference: z.string().min(1).max(100).optional(),
  customer: controlCustomer,
  notification_url: z.url().optional(),
});

const controlChargeSchema = z.object({
  status: z.enum(['succeeded', 'failed']),
  failure_reason: z.enum(FAILURE_REASONS).optional(),
  ...notifyFields,
});

const controlCancelSchema = z.object({ reason: z.enum(['non_payment', 'merchant_request', 'customer_request']).optional(), ...notifyFields });

function subscriptionResource(subscription: SimSubscription) {
  return {
    id: subscription.id,
    site_id: subscription.siteId,
    status: subscription.status,
    amount: subscription.amount,
    currency: subscription.currency,
    interval_days: subscription.intervalDays,
    description: subscription.description,
    reference: subscription.reference,
    customer: subscription.customer,
    checkout_url: subscription.checkoutUrl,
    current_period_start: subscription.currentPeriodStart,
    current_period_end: subscription.currentPeriodEnd,
    last_payment_id: subscription.lastPaymentId,
    cancelled_at: subscription.cancelledAt,
    created: subscription.created,
    updated: subscription.updated,
  };
}

/** One charge of a subscription: a payment with `subscription_id`; success starts the next period, failure makes it past due (no retry, SP7). */
export function chargeSubscription(ctx: SecureAndPayContext, subscription: SimSubscription, status: 'succeeded' | 'failed', failureReason: FailureReason | null): SimPayment {
  const site = siteById(ctx, subscription.siteId);
  const payment = newPayment(ctx, site, {
    origin: null,
    status,
    amount: subscription.amount,
    currency: subscription.currency,
    description: subscription.description,
    reference: subscription.reference,
    subscriptionId: subscription.id,
    customer: subscription.customer,
    returnUrl: null,
    cancelUrl: null,
    notificationUrl: subscription.notificationUrl,
    failureReason: status === 'failed' ? (failureReason ?? 'card_declined') : null,
  });
  const now = nowIso();
  if (status === 'succeeded') {
    const start = subscription.currentPeriodEnd && subscription.status !== 'pending' ? subscription.currentPeriodEnd : now;
    subscription.currentPeriodStart = start;
    subscription.currentPeriodEnd = addDays(start, subscription.intervalDays);
    subscription.lastPaymentId = payment.id;
    subscription.status = 'active';
  } else if (subscription.status === 'active') {
    subscription.status = 'past_due';
  }
  subscription.updated = now;
  return payment;
}

function cancelSubscription(ctx: SecureAndPayContext, subscription: SimSubscription, reason: string | null, sendOptions: { duplicates?: number } = {}): void {
  if (subscription.status === 'cancelled') return; // idempotent, and the event goes out once (§7)
  const now = nowIso();
  subscription.status = 'cancelled';
  subscription.cancelledAt = now;
  subscription.cancellationReason = reason;
  subscription.updated = now;
  notify(
    ctx,
    siteById(ctx, subscription.siteId),
    'subscription.cancelled',
    { payment_id: null, subscription_id: subscription.id, amount: subscription.amount, currency: subscription.currency, status: 'cancelled', reference: subscription.reference, failure_reason: null },
    subscription.notificationUrl,
    sendOptions,
  );
}

function ownedSubscription(ctx: SecureAndPayContext, site: SecureAndPaySimSite, id: string): SimSubscription {
  const subscription = ctx.subscriptions.get(id);
  if (!subscription || subscription.siteId !== site.siteId) throw new HttpError(404, 'not_found', `no subscription ${id}`);
  return subscription;
}

export function addSubscriptionRoutes(api: Router, ctx: SecureAndPayContext): void {
  api
    .add('POST', '/v1/subscriptions', async (request) => {
      const site = authenticate(ctx, request);
      return idempotent(ctx, site, request, (raw) => {
        const body = parseCreate(subscriptionBodySchema, raw);
        const id = `sub_${randomHex(16)}`;
        const created = nowIso();
        const subscription: SimSubscription = {
          id,
          siteId: site.siteId,
          status: 'pending',
          amount: body.amount,
          currency: body.currency,
          intervalDays: body.interval_days,
          description: body.description,
          reference: body.reference,
          customer: body.customer,
          checkoutUrl: `${request.origin}/secureandpay/checkout/${id}`,
          returnUrl: body.return_url,
          cancelUrl: body.cancel_url ?? body.return_url,
          notificationUrl: body.notification_url ?? null,
          currentPeriodStart: null,
          currentPeriodEnd: null,
          lastPaymentId: null,
          cancelledAt: null,
          cancellationReason: null,
          created,
          updated: created,
        };
        ctx.subscriptions.set(id, subscription);
        return json(201, subscriptionResource(subscription));
      });
    })
    .add('GET', '/v1/subscriptions/:id', (request) =>
      json(200, subscriptionResource(ownedSubscription(ctx, authenticate(ctx, request), request.params.id ?? ''))),
    )
    .add('POST', '/v1/subscriptions/:id/cancel', async (request) => {
      const site = authenticate(ctx, request);
      const subscription = ownedSubscription(ctx, site, request.params.id ?? '');
      const parsed = cancelBodySchema.safeParse((await request.json()) ?? {});
      if (!parsed.success) throw validationFailed(parsed.error);
      cancelSubscription(ctx, subscription, parsed.data.reason ?? null);
      return json(200, subscriptionResource(subscription));
    });
}

export function addSubscriptionControlRoutes(control: Router, ctx: SecureAndPayContext): void {
  control
    .add('POST', '/subscriptions', async (request) => {
      const input = await controlBody(request, controlSubscriptionSchema);
      const site = siteById(ctx, input.siteId);
      const id = `sub_${randomHex(16)}`;
      const created = nowIso();
      const active = input.status === 'active';
      const subscription: SimSubscription = {
        id,
        siteId: site.siteId,
        status: input.status,
        amount: input.amount,
        currency: input.currency,
        intervalDays: input.interval_days,
        description: input.description ?? 'Simulated subscription',
        reference: input.reference ?? `ref_${randomHex(8)}`,
        customer: defaultCustomer(input.customer),
        checkoutUrl: `${request.origin}/secureandpay/checkout/${id}`,
        returnUrl: 'https://www.example.com/return',
        cancelUrl: 'https://www.example.com/return',
        notificationUrl: input.notification_url ?? null,
        currentPeriodStart: active ? created : null,
        currentPeriodEnd: active ? addDays(created, input.interval_days) : null,
        lastPaymentId: null,
        cancelledAt: null,
        cancellationReason: null,
        created,
        updated: created,
      };
      ctx.subscriptions.set(id, subscription);
      return json(201, subscriptionResource(subscription));
    })
    .add('POST', '/subscriptions/:id/charges', async (request) => {
      const input = await controlBody(request, controlChargeSchema);
      const subscription = ctx.subscriptions.get(request.params.id ?? '');
      if (!subscription) throw new HttpError(404, 'not_found', `no subscription ${request.params.id ?? ''}`);
      if (subscription.status === 'cancelled') throw new HttpError(409, 'conflict', 'a cancelled subscription is not charged');
      const payment = chargeSubscription(ctx, subscription, input.status, input.failure_reason ?? null);
      if (input.notify) notifyPayment(ctx, payment, { duplicates: input.duplicates });
      return json(201, { payment: paymentResource(payment), subscription: subscriptionResource(subscription) });
    })
    .add('POST', '/subscriptions/:id/cancel', async (request) => {
      const input = await controlBody(request, controlCancelSchema);
      const subscription = ctx.subscriptions.get(request.params.id ?? '');
      if (!subscription) throw new HttpError(404, 'not_found', `no subscription ${request.params.id ?? ''}`);
      if (input.notify) cancelSubscription(ctx, subscription, input.reason ?? 'customer_request', { duplicates: input.duplicates });
      else if (subscription.status !== 'cancelled') Object.assign(subscription, { status: 'cancelled', cancelledAt: nowIso(), updated: nowIso() });
      return json(200, subscriptionResource(subscription));
    });
}
