// Simulated Secure and Pay, under /secureandpay. Its API is not public: this module implements the contract we
// assume in docs/secureandpay-api.md (the one place it is written); change that file first, then this one.
// Sites, hosted payments and subscriptions, the hosted checkout page, and signed notifications with retries.
// No retries of failed subscription charges (SP7): a failed charge leaves the subscription past due until the
// next period's charge, which the control API makes.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpError, Router, headerValue, html, json, seeOther, type SimRequest, type SimResponse } from './http';
import { initialAvailability, type SimulatedGateway } from './gateway-module';
import { formatAmount, radioGroup, renderHostedPage } from './hosted-page';
import { randomHex } from './random';
import { WebhookSender, addDeliveryControlRoutes, type DeliverySettings } from './webhook-delivery';

/** SP5: the only currencies Secure and Pay accepts. */
const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
type Currency = (typeof CURRENCIES)[number];

const FAILURE_REASONS = ['card_declined', 'insufficient_funds', 'expired_card', 'authentication_failed', 'processing_error', 'abandoned'] as const;
type FailureReason = (typeof FAILURE_REASONS)[number];

/** docs/secureandpay-api.md §8 "Delivery": about 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h for 3 days. */
export const SECUREANDPAY_DEFAULT_DELIVERY: DeliverySettings = {
  retryDelaysMs: [1, 5, 30, 120, 360, 720, 720, 720, 720, 720, 720].map((minutes) => minutes * 60_000),
  timeoutMs: 10_000,
};

export const SECUREANDPAY_SIGNATURE_HEADER = 'X-SecureAndPay-Signature';

export type SecureAndPaySimSite = {
  siteId: string;
  /** The "password" in support's email (SP2), and the key that signs notifications. */
  apiSecret: string;
  name: string;
  createdAt: string;
  /** The URL the merchant sent to support (SP1); null until set. */
  webhookUrl: string | null;
};

type Customer = { email: string; first_name: string; last_name: string };

type SimPayment = {
  id: string;
  siteId: string;
  status: 'pending' | 'succeeded' | 'failed' | 'refunded';
  amount: number;
  currency: Currency;
  amountRefunded: number;
  description: string;
  reference: string;
  subscriptionId: string | null;
  customer: Customer;
  checkoutUrl: string | null;
  returnUrl: string | null;
  cancelUrl: string | null;
  notificationUrl: string | null;
  failureReason: FailureReason | null;
  created: string;
  updated: string;
};

type SimSubscription = {
  id: string;
  siteId: string;
  status: 'pending' | 'active' | 'past_due' | 'cancelled';
  amount: number;
  currency: Currency;
  intervalDays: number;
  description: string;
  reference: string;
  customer: Customer;
  checkoutUrl: string;
  returnUrl: string;
  cancelUrl: string;
  notificationUrl: string | null;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  lastPaymentId: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  created: string;
  updated: string;
};

const DAY_MS = 86_400_000;
const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const addDays = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `return_url` and friends: absolute https, or http on the local machine (§3). */
const returnUrl = z.url().refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}, 'must be an absolute https URL (http only for localhost)');

const customerSchema = z.object({
  email: z.email(),
  first_name: z.string().trim().min(1).max(100),
  last_name: z.string().trim().min(1).max(100),
});

const paymentBodySchema = z.object({
  amount: z.number().int().min(1).max(100_000_000),
  currency: z.string(),
  description: z.string().min(1).max(255),
  reference: z.string().min(1).max(100),
  customer: customerSchema,
  return_url: returnUrl,
  cancel_url: returnUrl.optional(),
  notification_url: returnUrl.optional(),
});

const subscriptionBodySchema = paymentBodySchema.extend({ interval_days: z.number().int().min(1).max(365) });

const cancelBodySchema = z.object({ reason: z.enum(['non_payment', 'merchant_request', 'customer_request']).optional() });

const createSiteSchema = z.object({ name: z.string().trim().min(1).max(100).optional(), webhookUrl: z.url().optional() });
const notifyFields = { notify: z.boolean().default(true), duplicates: z.number().int().min(0).max(10).default(0) };
const controlCustomer = customerSchema.partial().optional();

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

const controlRefundSchema = z.object({ amount: z.number().int().min(1).optional(), ...notifyFields });
const controlCancelSchema = z.object({ reason: z.enum(['non_payment', 'merchant_request', 'customer_request']).optional(), ...notifyFields });
const webhookUrlSchema = z.object({ url: z.url().nullable() });

/** docs/secureandpay-api.md §1 "Errors": `{ "error": { "code", "message", "field" } }`. */
function renderError(error: HttpError): SimResponse {
  const headers = error.status === 401 ? { 'www-authenticate': 'Basic realm="Secure and Pay API"' } : undefined;
  const field = typeof error.details[0] === 'string' ? error.details[0] : null;
  // The shared HTTP layer says `bad_request` for malformed JSON; this contract calls it `invalid_request`.
  const code = error.code === 'bad_request' ? 'invalid_request' : error.code;
  return json(error.status, { error: { code, message: error.message, field } }, headers);
}

const validationFailed = (error: z.ZodError): HttpError => {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || null;
  return new HttpError(422, 'validation_failed', issue ? `${field ?? 'body'}: ${issue.message}` : 'invalid body', field ? [field] : []);
};

/** Equal-length digests, so comparing secrets of different lengths is still constant-time. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function basicCredentials(request: SimRequest): { siteId: string; apiSecret: string } | undefined {
  const encoded = headerValue(request.headers, 'authorization')?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  return { siteId: decoded.slice(0, separator), apiSecret: decoded.slice(separator + 1) };
}

export type SecureAndPaySimulatorOptions = { delivery?: Partial<DeliverySettings> };

export function createSecureAndPaySimulator(options: SecureAndPaySimulatorOptions = {}) {
  const sites = new Map<string, SecureAndPaySimSite>();
  const payments = new Map<string, SimPayment>();
  const subscriptions = new Map<string, SimSubscription>();
  /** `Idempotency-Key` per site and route: the body's hash and the answer (§3). */
  const idempotency = new Map<string, { bodyHash: string; status: number; body: unknown }>();
  const availability = initialAvailability();
  const sender = new WebhookSender({ ...SECUREANDPAY_DEFAULT_DELIVERY, ...options.delivery });

  function authenticate(request: SimRequest): SecureAndPaySimSite {
    const credentials = basicCredentials(request);
    const site = credentials && sites.get(credentials.siteId);
    // One answer for an unknown site and a wrong secret, so the API does not reveal which site ids exist.
    if (!credentials || !site || !sameSecret(credentials.apiSecret, site.apiSecret)) {
      throw new HttpError(401, 'unauthorized', 'invalid site id or API secret');
    }
    return site;
  }

  function siteById(siteId: string): SecureAndPaySimSite {
    const site = sites.get(siteId);
    if (!site) throw new HttpError(404, 'not_found', `no simulated Secure and Pay site ${siteId}`);
    return site;
  }

  // ---- notifications (§8) ----------------------------------------------------------------------------------------

  function notify(
    site: SecureAndPaySimSite,
    type: 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'subscription.cancelled',
    data: Record<string, unknown> & { payment_id: string | null; subscription_id: string | null },
    notificationUrl: string | null,
    sendOptions: { duplicates?: number } = {},
  ): void {
    const target = notificationUrl ?? site.webhookUrl;
    if (!target) return;
    const event = { id: `evt_${randomHex(16)}`, type, site_id: site.siteId, created: nowIso(), data };
    const body = JSON.stringify(event);
    sender.send(
      {
        id: event.id,
        account: site.siteId,
        channel: 'webhook',
        topic: type,
        action: null,
        resourceId: data.payment_id ?? data.subscription_id ?? '',
        build: () => {
          // Signed afresh on each attempt (the 5-minute tolerance would refuse a retry hours later), same body and id.
          const t = Math.floor(Date.now() / 1000);
          const v1 = createHmac('sha256', site.apiSecret).update(`${t}.${body}`, 'utf8').digest('hex');
          return {
            url: target,
            body,
            headers: { 'content-type': 'application/json', 'user-agent': 'SecureAndPay-Webhooks/1.0 (simulator)', [SECUREANDPAY_SIGNATURE_HEADER.toLowerCase()]: `t=${t},v1=${v1}` },
          };
        },
      },
      sendOptions,
    );
  }

  function paymentEventData(payment: SimPayment) {
    return {
      payment_id: payment.id,
      subscription_id: payment.subscriptionId,
      amount: payment.amount,
      currency: payment.currency,
      status: payment.status,
      reference: payment.reference,
      failure_reason: payment.failureReason,
    };
  }

  function notifyPayment(payment: SimPayment, sendOptions: { duplicates?: number } = {}): void {
    const site = sites.get(payment.siteId);
    if (!site || payment.status === 'pending') return;
    notify(site, payment.status === 'failed' ? 'payment.failed' : 'payment.succeeded', paymentEventData(payment), payment.notificationUrl, sendOptions);
  }

  // ---- resources -------------------------------------------------------------------------------------------------

  function paymentResource(payment: SimPayment) {
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

  function newPayment(site: SecureAndPaySimSite, input: Omit<SimPayment, 'id' | 'siteId' | 'amountRefunded' | 'created' | 'updated' | 'checkoutUrl'> & { origin: string | null }): SimPayment {
    const id = `pay_${randomHex(16)}`;
    const created = nowIso();
    const { origin, ...rest } = input;
    const payment: SimPayment = { ...rest, id, siteId: site.siteId, amountRefunded: 0, checkoutUrl: origin ? `${origin}/secureandpay/checkout/${id}` : null, created, updated: created };
    payments.set(id, payment);
    return payment;
  }

  /** One charge of a subscription: a payment with `subscription_id`; success starts the next period, failure makes it past due (no retry, SP7). */
  function chargeSubscription(subscription: SimSubscription, status: 'succeeded' | 'failed', failureReason: FailureReason | null): SimPayment {
    const site = siteById(subscription.siteId);
    const payment = newPayment(site, {
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

  function cancelSubscription(subscription: SimSubscription, reason: string | null, sendOptions: { duplicates?: number } = {}): void {
    if (subscription.status === 'cancelled') return; // idempotent, and the event goes out once (§7)
    const now = nowIso();
    subscription.status = 'cancelled';
    subscription.cancelledAt = now;
    subscription.cancellationReason = reason;
    subscription.updated = now;
    notify(
      siteById(subscription.siteId),
      'subscription.cancelled',
      { payment_id: null, subscription_id: subscription.id, amount: subscription.amount, currency: subscription.currency, status: 'cancelled', reference: subscription.reference, failure_reason: null },
      subscription.notificationUrl,
      sendOptions,
    );
  }

  function ownedPayment(site: SecureAndPaySimSite, id: string): SimPayment {
    const payment = payments.get(id);
    // Another site's object is as unknown as a missing one (§1: 404 for an id of another site).
    if (!payment || payment.siteId !== site.siteId) throw new HttpError(404, 'not_found', `no payment ${id}`);
    return payment;
  }

  function ownedSubscription(site: SecureAndPaySimSite, id: string): SimSubscription {
    const subscription = subscriptions.get(id);
    if (!subscription || subscription.siteId !== site.siteId) throw new HttpError(404, 'not_found', `no subscription ${id}`);
    return subscription;
  }

  // ---- the API ---------------------------------------------------------------------------------------------------

  /** `Idempotency-Key` (§3): same key and body → the same answer; same key, other body → 409. */
  async function idempotent(site: SecureAndPaySimSite, request: SimRequest, create: (body: unknown) => SimResponse): Promise<SimResponse> {
    const raw = await request.text();
    const body = await request.json();
    const key = headerValue(request.headers, 'idempotency-key');
    if (!key) return create(body);
    const slot = `${site.siteId}:${request.path}:${key}`;
    const bodyHash = createHash('sha256').update(raw).digest('hex');
    const known = idempotency.get(slot);
    if (known) {
      if (known.bodyHash !== bodyHash) throw new HttpError(409, 'idempotency_conflict', 'this Idempotency-Key was used with another body');
      return json(known.status, known.body);
    }
    const response = create(body);
    if (response.status < 300) idempotency.set(slot, { bodyHash, status: response.status, body: response.body });
    return response;
  }

  function parseCreate<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> & { currency: Currency } {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw validationFailed(parsed.error);
    const data = parsed.data as z.infer<T> & { currency: string };
    if (!(CURRENCIES as readonly string[]).includes(data.currency)) {
      throw new HttpError(422, 'unsupported_currency', `currency must be one of ${CURRENCIES.join(', ')}`, ['currency']);
    }
    return data as z.infer<T> & { currency: Currency };
  }

  const api = new Router()
    .add('GET', '/v1/site', (request) => {
      const site = authenticate(request);
      return json(200, { site_id: site.siteId, name: site.name, currencies: [...CURRENCIES] });
    })
    .add('POST', '/v1/payments', async (request) => {
      const site = authenticate(request);
      return idempotent(site, request, (raw) => {
        const body = parseCreate(paymentBodySchema, raw);
        const payment = newPayment(site, {
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
    .add('GET', '/v1/payments/:id', (request) => json(200, paymentResource(ownedPayment(authenticate(request), request.params.id ?? ''))))
    .add('POST', '/v1/subscriptions', async (request) => {
      const site = authenticate(request);
      return idempotent(site, request, (raw) => {
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
        subscriptions.set(id, subscription);
        return json(201, subscriptionResource(subscription));
      });
    })
    .add('GET', '/v1/subscriptions/:id', (request) =>
      json(200, subscriptionResource(ownedSubscription(authenticate(request), request.params.id ?? ''))),
    )
    .add('POST', '/v1/subscriptions/:id/cancel', async (request) => {
      const site = authenticate(request);
      const subscription = ownedSubscription(site, request.params.id ?? '');
      const parsed = cancelBodySchema.safeParse((await request.json()) ?? {});
      if (!parsed.success) throw validationFailed(parsed.error);
      cancelSubscription(subscription, parsed.data.reason ?? null);
      return json(200, subscriptionResource(subscription));
    });

  // ---- the hosted checkout page (checkout_url) -------------------------------------------------------------------

  const OUTCOMES = [
    { value: 'approve', label: 'Approve the payment', checked: true },
    { value: 'decline', label: 'Decline the card' },
    { value: 'abandon', label: 'Give up and go back to the shop' },
  ];

  function hostedObject(id: string): { payment?: SimPayment; subscription?: SimSubscription } {
    const payment = payments.get(id);
    if (payment?.checkoutUrl) return { payment };
    const subscription = subscriptions.get(id);
    if (subscription) return { subscription };
    throw new HttpError(404, 'not_found', 'This payment page does not exist.');
  }

  function checkoutPage(id: string, alert?: string, status = 200): SimResponse {
    const { payment, subscription } = hostedObject(id);
    const object = (payment ?? subscription) as SimPayment | SimSubscription;
    const site = siteById(object.siteId);
    const open = object.status === 'pending';
    const amount = formatAmount(object.amount / 100, object.currency); // minor units: all three currencies have 2 decimals
    return html(status, renderHostedPage({
      gateway: 'Secure and Pay',
      heading: subscription ? 'Start your subscription' : 'Complete your payment',
      summary: [
        ['Merchant', site.name],
        ['Description', object.description],
        ['Amount', subscription ? `${amount} every ${subscription.intervalDays} days` : amount],
        ['Customer', `${object.customer.first_name} ${object.customer.last_name} <${object.customer.email}>`],
        ...(open ? [] : ([['Status', object.status]] as Array<[string, string]>)),
      ],
      ...(alert ? { alert } : {}),
      controls: open ? radioGroup('outcome', 'Outcome (simulator)', OUTCOMES) : '',
      submitLabel: open ? (subscription ? `Subscribe for ${amount}` : `Pay ${amount}`) : 'Reload',
      action: `/secureandpay/checkout/${encodeURIComponent(id)}`,
    }));
  }

  async function completeCheckout(request: SimRequest): Promise<SimResponse> {
    const id = request.params.id ?? '';
    const { payment, subscription } = hostedObject(id);
    const object = (payment ?? subscription) as SimPayment | SimSubscription;
    if (object.status !== 'pending') return checkoutPage(id, `This ${payment ? 'payment' : 'subscription'} is already ${object.status}.`, 409);
    const outcome = (await request.form()).get('outcome');
    if (outcome !== 'approve' && outcome !== 'decline' && outcome !== 'abandon') return checkoutPage(id, 'Choose an outcome.', 422);

    const back = (url: string, params: Record<string, string>) => {
      const target = new URL(url);
      for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
      return seeOther(target.toString());
    };

    if (payment) {
      const now = nowIso();
      payment.status = outcome === 'approve' ? 'succeeded' : 'failed';
      payment.failureReason = outcome === 'approve' ? null : outcome === 'decline' ? 'card_declined' : 'abandoned';
      payment.updated = now;
      notifyPayment(payment);
      // The redirect proves nothing; the notification or a read does (§3).
      return back((outcome === 'abandon' ? payment.cancelUrl : payment.returnUrl) ?? payment.returnUrl ?? 'about:blank', { payment_id: payment.id });
    }
    const sub = subscription as SimSubscription;
    if (outcome === 'abandon') return back(sub.cancelUrl, { subscription_id: sub.id });
    const charge = chargeSubscription(sub, outcome === 'approve' ? 'succeeded' : 'failed', outcome === 'decline' ? 'card_declined' : null);
    notifyPayment(charge);
    return back(sub.returnUrl, { subscription_id: sub.id, payment_id: charge.id });
  }

  api.add('GET', '/checkout/:id', (request) => checkoutPage(request.params.id ?? '')).add('POST', '/checkout/:id', completeCheckout);

  // ---- control API -----------------------------------------------------------------------------------------------

  async function controlBody<T>(request: SimRequest, schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse((await request.json()) ?? {});
    if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
    return parsed.data;
  }

  const defaultCustomer = (customer: Partial<Customer> | undefined): Customer => ({
    email: customer?.email ?? 'ana.souza@example.com',
    first_name: customer?.first_name ?? 'Ana',
    last_name: customer?.last_name ?? 'Souza',
  });

  const control = new Router()
    .add('POST', '/sites', async (request) => {
      const input = await controlBody(request, createSiteSchema);
      const siteId = `site_${randomHex(16)}`;
      const site: SecureAndPaySimSite = {
        siteId,
        apiSecret: randomHex(40),
        name: input.name ?? `Simulated site ${siteId.slice(-4)}`,
        createdAt: nowIso(),
        webhookUrl: input.webhookUrl ?? null,
      };
      sites.set(site.siteId, site);
      return json(201, { siteId: site.siteId, apiSecret: site.apiSecret, name: site.name });
    })
    .add('POST', '/sites/:siteId/webhook', async (request) => {
      const site = siteById(request.params.siteId ?? '');
      const { url } = await controlBody(request, webhookUrlSchema);
      site.webhookUrl = url;
      return json(200, { siteId: site.siteId, url });
    })
    .add('POST', '/payments', async (request) => {
      const input = await controlBody(request, controlPaymentSchema);
      const site = siteById(input.siteId);
      const payment = newPayment(site, {
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
      if (input.notify) notifyPayment(payment, { duplicates: input.duplicates });
      return json(201, paymentResource(payment));
    })
    .add('POST', '/payments/:id/refund', async (request) => {
      const input = await controlBody(request, controlRefundSchema);
      const payment = payments.get(request.params.id ?? '');
      if (!payment) throw new HttpError(404, 'not_found', `no payment ${request.params.id ?? ''}`);
      const amount = input.amount ?? payment.amount - payment.amountRefunded;
      if (payment.status !== 'succeeded' || amount > payment.amount - payment.amountRefunded) {
        throw new HttpError(409, 'conflict', 'only a succeeded payment can be refunded, up to what is left');
      }
      payment.amountRefunded += amount;
      if (payment.amountRefunded === payment.amount) payment.status = 'refunded';
      payment.updated = nowIso();
      notify(
        siteById(payment.siteId),
        'refund.succeeded',
        { ...paymentEventData(payment), refund_id: `re_${randomHex(16)}`, amount, status: 'succeeded', failure_reason: null },
        payment.notificationUrl,
        { duplicates: input.duplicates },
      );
      return json(200, paymentResource(payment));
    })
    .add('POST', '/subscriptions', async (request) => {
      const input = await controlBody(request, controlSubscriptionSchema);
      const site = siteById(input.siteId);
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
      subscriptions.set(id, subscription);
      return json(201, subscriptionResource(subscription));
    })
    .add('POST', '/subscriptions/:id/charges', async (request) => {
      const input = await controlBody(request, controlChargeSchema);
      const subscription = subscriptions.get(request.params.id ?? '');
      if (!subscription) throw new HttpError(404, 'not_found', `no subscription ${request.params.id ?? ''}`);
      if (subscription.status === 'cancelled') throw new HttpError(409, 'conflict', 'a cancelled subscription is not charged');
      const payment = chargeSubscription(subscription, input.status, input.failure_reason ?? null);
      if (input.notify) notifyPayment(payment, { duplicates: input.duplicates });
      return json(201, { payment: paymentResource(payment), subscription: subscriptionResource(subscription) });
    })
    .add('POST', '/subscriptions/:id/cancel', async (request) => {
      const input = await controlBody(request, controlCancelSchema);
      const subscription = subscriptions.get(request.params.id ?? '');
      if (!subscription) throw new HttpError(404, 'not_found', `no subscription ${request.params.id ?? ''}`);
      if (input.notify) cancelSubscription(subscription, input.reason ?? 'customer_request', { duplicates: input.duplicates });
      else if (subscription.status !== 'cancelled') Object.assign(subscription, { status: 'cancelled', cancelledAt: nowIso(), updated: nowIso() });
      return json(200, subscriptionResource(subscription));
    });
  addDeliveryControlRoutes(control, sender, { param: 'siteId', collection: 'sites' });

  return {
    id: 'secureandpay',
    api,
    control,
    availability,
    sites,
    /** The webhook sender, for tests that wait for deliveries in-process (`await deliveries.idle()`). */
    deliveries: sender,
    renderError,
    reset() {
      sites.clear();
      payments.clear();
      subscriptions.clear();
      idempotency.clear();
      sender.reset();
      Object.assign(availability, initialAvailability());
    },
  } satisfies SimulatedGateway & Record<string, unknown>;
}
