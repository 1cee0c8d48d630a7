// Simulated Mercado Pago under /mercadopago: accounts with realistic credentials, payments, preapprovals
// (subscriptions) and their authorized payments (charges), Checkout Pro preferences, the hosted checkout pages,
// and signed webhooks sent to the account's URL with Mercado Pago's retries.
// Shapes follow Mercado Pago's public API (https://www.mercadopago.com/developers/en/reference) and the official
// Node SDK's response types (npm `mercadopago` 3.x: PaymentResponse, PreApprovalResponse, PreferenceResponse; the
// authorized payment from the Java SDK's AuthorizedPayment, which the Node SDK lacks). Its own small country table
// on purpose: the simulator stands in for the gateway, so it must not share the app's facts (a wrong fact would
// then pass its own tests).
import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpError, Router, headerValue, html, json, seeOther, type SimRequest, type SimResponse } from './http';
import { initialAvailability, type SimulatedGateway } from './gateway-module';
import { formatAmount, radioGroup, renderHostedPage, textField, type Choice } from './hosted-page';
import { randomDigits, randomHex, randomUuid } from './random';
import { WebhookSender, addDeliveryControlRoutes, type DeliverySettings, type OutgoingNotification } from './webhook-delivery';

type PaymentTypeId = 'credit_card' | 'debit_card' | 'ticket' | 'bank_transfer' | 'account_money';
type Method = { key: string; label: string; paymentTypeId: PaymentTypeId; paymentMethodId: string };

const CARD: Method = { key: 'card', label: 'Credit card', paymentTypeId: 'credit_card', paymentMethodId: 'master' };

// `currencyDigits`: Mercado Pago takes whole pesos only in Colombia ("Prices in COP currency must be expressed with
// integer values"); the others take cents.
const COUNTRIES = {
  BR: {
    siteId: 'MLB', currency: 'BRL', currencyDigits: 2, identificationType: 'CPF', identificationDigits: 11,
    profileHost: 'perfil.mercadolivre.com.br', firstName: 'Ana', lastName: 'Souza',
    methods: [CARD, { key: 'boleto', label: 'Boleto', paymentTypeId: 'ticket', paymentMethodId: 'bolbradesco' }, { key: 'pix', label: 'Pix', paymentTypeId: 'bank_transfer', paymentMethodId: 'pix' }],
  },
  CO: {
    siteId: 'MCO', currency: 'COP', currencyDigits: 0, identificationType: 'CC', identificationDigits: 10,
    profileHost: 'perfil.mercadolibre.com.co', firstName: 'Camila', lastName: 'Restrepo',
    methods: [CARD, { key: 'efecty', label: 'Efecty (cash)', paymentTypeId: 'ticket', paymentMethodId: 'efecty' }, { key: 'pse', label: 'PSE (bank transfer)', paymentTypeId: 'bank_transfer', paymentMethodId: 'pse' }],
  },
  MX: {
    siteId: 'MLM', currency: 'MXN', currencyDigits: 2, identificationType: 'RFC', identificationDigits: 13,
    profileHost: 'perfil.mercadolibre.com.mx', firstName: 'Sofía', lastName: 'Hernández',
    methods: [CARD, { key: 'oxxo', label: 'OXXO (cash)', paymentTypeId: 'ticket', paymentMethodId: 'oxxo' }],
  },
  AR: {
    siteId: 'MLA', currency: 'ARS', currencyDigits: 2, identificationType: 'DNI', identificationDigits: 8,
    profileHost: 'perfil.mercadolibre.com.ar', firstName: 'Lucía', lastName: 'Fernández',
    methods: [CARD, { key: 'rapipago', label: 'Rapipago (cash)', paymentTypeId: 'ticket', paymentMethodId: 'rapipago' }],
  },
} as const satisfies Record<string, { methods: readonly Method[]; [key: string]: unknown }>;

type CountryId = keyof typeof COUNTRIES;

/**
 * Mercado Pago retries an unacknowledged notification "every 15 minutes", then less often
 * (https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/webhooks). The docs give no end;
 * the simulator stops after this list. Tests shorten it with `retryDelaysMs`.
 */
export const MERCADOPAGO_DEFAULT_DELIVERY: DeliverySettings = {
  retryDelaysMs: [15, 15, 15, 60, 240, 720, 1440].map((minutes) => minutes * 60_000),
  // "Acknowledge with 200 or 201 within 22 seconds" (same page).
  timeoutMs: 22_000,
};

/** Subscription charges (MP8): three attempts; for boleto and pix, 7 days apart. */
const MAX_CHARGE_ATTEMPTS = 3;
const DAY_MS = 86_400_000;
/** Mercado Pago does not publish its card retry delay (MP8: "set by Mercado Pago"); the simulator uses this. */
const CARD_RETRY_DELAY_MS = 3 * DAY_MS;
const CASH_RETRY_DELAY_MS = 7 * DAY_MS;

export type MercadoPagoSimAccount = {
  userId: number;
  mode: 'live' | 'test';
  countryId: CountryId;
  siteId: (typeof COUNTRIES)[CountryId]['siteId'];
  applicationId: number;
  publicKey: string;
  accessToken: string;
  /** The application's "secret signature" (Your integrations → Webhooks), which signs notifications. */
  webhookSecret: string;
  /** The production URL pasted under Your integrations → Webhooks; null until the merchant saves one. */
  webhookUrl: string | null;
  nickname: string;
  firstName: string;
  lastName: string;
  email: string;
  identificationNumber: string;
  registrationDate: string;
};

type Payer = { email: string; first_name: string | null; last_name: string | null; identification: { type: string; number: string } | null };

type SimPayment = {
  id: number;
  collectorId: number;
  status: string;
  statusDetail: string;
  amount: number;
  currency: string;
  paymentTypeId: PaymentTypeId;
  paymentMethodId: string;
  externalReference: string | null;
  description: string | null;
  payer: Payer;
  notificationUrl: string | null;
  metadata: Record<string, unknown>;
  operationType: 'regular_payment' | 'recurring_payment';
  dateCreated: string;
  dateApproved: string | null;
  dateLastUpdated: string;
};

type SimPreference = {
  id: string;
  collectorId: number;
  items: Array<{ id: string | null; title: string; quantity: number; unit_price: number; currency_id: string; description: string | null }>;
  payer: { name: string | null; surname: string | null; email: string | null; identification: { type: string; number: string } | null };
  externalReference: string | null;
  backUrls: { success: string | null; pending: string | null; failure: string | null };
  autoReturn: string | null;
  notificationUrl: string | null;
  metadata: Record<string, unknown>;
  dateCreated: string;
  initPoint: string;
  sandboxInitPoint: string;
};

type SimPreapproval = {
  id: string;
  collectorId: number;
  status: 'pending' | 'authorized' | 'paused' | 'cancelled';
  reason: string | null;
  externalReference: string | null;
  payerEmail: string;
  payerId: number | null;
  backUrl: string;
  notificationUrl: string | null;
  autoRecurring: { frequency: number; frequency_type: 'months' | 'days'; transaction_amount: number; currency_id: string; start_date: string; end_date: string | null };
  paymentMethodId: string | null;
  initPoint: string;
  dateCreated: string;
  lastModified: string;
  nextPaymentDate: string;
  chargedQuantity: number;
  chargedAmount: number;
  lastChargedDate: string | null;
  lastChargedAmount: number | null;
  version: number;
};

type SimAuthorizedPayment = {
  id: number;
  preapprovalId: string;
  collectorId: number;
  status: 'scheduled' | 'processed' | 'recycling' | 'cancelled';
  retryAttempt: number;
  nextRetryDate: string | null;
  debitDate: string;
  paymentId: number;
  paymentTypeId: PaymentTypeId;
  paymentMethodId: string;
  dateCreated: string;
  lastModified: string;
  version: number;
};

const PAYMENT_STATUSES = ['pending', 'approved', 'authorized', 'in_process', 'in_mediation', 'rejected', 'cancelled', 'refunded', 'charged_back'] as const;
const PAYMENT_TYPES = ['credit_card', 'debit_card', 'ticket', 'bank_transfer', 'account_money'] as const;

const createAccountSchema = z.object({
  country: z.enum(['BR', 'CO', 'MX', 'AR']),
  mode: z.enum(['live', 'test']).default('live'),
  nickname: z.string().min(1).max(60).optional(),
  email: z.email().optional(),
  firstName: z.string().min(1).max(60).optional(),
  lastName: z.string().min(1).max(60).optional(),
});

const httpUrl = z.url({ protocol: /^https?$/ });
const notifyFields = { notify: z.boolean().default(true), duplicates: z.number().int().min(0).max(10).default(0) };
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

const autoRecurringSchema = z.looseObject({
  frequency: z.number().int().min(1).max(365),
  frequency_type: z.enum(['months', 'days']),
  transaction_amount: z.number().positive(),
  currency_id: z.string(),
  start_date: z.string().optional(),
  end_date: z.string().optional(),
});

const controlPreapprovalSchema = z.object({
  userId: z.number().int().positive(),
  status: z.enum(['pending', 'authorized', 'paused', 'cancelled']).default('authorized'),
  reason: z.string().max(256).optional(),
  external_reference: z.string().max(256).optional(),
  payer_email: z.email().optional(),
  back_url: httpUrl.optional(),
  notification_url: httpUrl.optional(),
  auto_recurring: autoRecurringSchema.extend({ currency_id: z.string().optional() }),
  ...notifyFields,
});

const controlPreapprovalStatusSchema = z.object({ status: z.enum(['pending', 'authorized', 'paused', 'cancelled']), ...notifyFields });

const controlChargeSchema = z.object({
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

const webhookUrlSchema = z.object({ url: httpUrl.nullable() });

// The API's own bodies: unknown fields are ignored, as Mercado Pago does.
const preferenceBodySchema = z.looseObject({
  items: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        title: z.string().min(1).max(256),
        description: z.string().max(600).optional(),
        quantity: z.number().int().min(1),
        unit_price: z.number().positive(),
        currency_id: z.string().optional(),
      }),
    )
    .min(1),
  payer: z
    .looseObject({
      name: z.string().optional(),
      surname: z.string().optional(),
      email: z.string().optional(),
      identification: z.looseObject({ type: z.string(), number: z.string() }).optional(),
    })
    .optional(),
  external_reference: z.string().max(256).optional(),
  back_urls: z.looseObject({ success: z.string().optional(), pending: z.string().optional(), failure: z.string().optional() }).optional(),
  auto_return: z.enum(['approved', 'all']).optional(),
  notification_url: z.string().max(500).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const preapprovalBodySchema = z.looseObject({
  reason: z.string().max(256).optional(),
  external_reference: z.string().max(256).optional(),
  payer_email: z.string().min(1),
  back_url: z.string().min(1),
  notification_url: z.string().max(500).optional(),
  auto_recurring: autoRecurringSchema,
  status: z.enum(['pending', 'authorized']).optional(),
  card_token_id: z.string().optional(),
  preapproval_plan_id: z.string().optional(),
});

const preapprovalUpdateSchema = z.looseObject({ status: z.enum(['authorized', 'paused', 'cancelled']).optional(), reason: z.string().max(256).optional() });

/**
 * Credentials shaped like real ones: production `APP_USR-`, test `TEST-`; the access token is
 * `<prefix>-<application id, 16 digits>-<MMDDHH>-<32 hex>-<user id>` and the public key `<prefix>-<uuid>`.
 */
function issueCredentials(mode: 'live' | 'test', userId: number) {
  const prefix = mode === 'live' ? 'APP_USR' : 'TEST';
  const now = new Date();
  const stamp = [now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours()].map((n) => String(n).padStart(2, '0')).join('');
  const applicationId = randomDigits(16);
  return {
    applicationId: Number(applicationId.slice(0, 15)), // kept a safe integer; the token shows all 16 digits
    accessToken: `${prefix}-${applicationId}-${stamp}-${randomHex(32)}-${userId}`,
    publicKey: `${prefix}-${randomUuid()}`,
    webhookSecret: randomHex(64),
  };
}

/** Mercado Pago's error body: `{ message, error, status, cause: [...] }` (seen on every API of api.mercadopago.com). */
function renderError(error: HttpError): SimResponse {
  return json(error.status, { message: error.message, error: error.code, status: error.status, cause: error.details });
}

const badRequest = (message: string, error = 'bad_request') => new HttpError(400, error, message);

function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'} invalid: ${issue.message}` : 'invalid body';
}

const nowIso = () => new Date().toISOString();
const addDays = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();
function addMonths(iso: string, months: number): string {
  const date = new Date(iso);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString();
}

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

export type MercadoPagoSimulatorOptions = { delivery?: Partial<DeliverySettings> };

export function createMercadoPagoSimulator(options: MercadoPagoSimulatorOptions = {}) {
  const accounts = new Map<string, MercadoPagoSimAccount>(); // by access token
  const accountsById = new Map<number, MercadoPagoSimAccount>();
  const payments = new Map<number, SimPayment>();
  const preferences = new Map<string, SimPreference>();
  const preapprovals = new Map<string, SimPreapproval>();
  const authorizedPayments = new Map<number, SimAuthorizedPayment>();
  /** `X-Idempotency-Key` per account: the same key answers the same resource. */
  const idempotency = new Map<string, { status: number; body: unknown }>();
  const availability = initialAvailability();
  const sender = new WebhookSender({ ...MERCADOPAGO_DEFAULT_DELIVERY, ...options.delivery });

  function authenticate(request: SimRequest): MercadoPagoSimAccount {
    const header = headerValue(request.headers, 'authorization');
    const token = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!token) {
      // The real API's answer to a call without a token (code 5), e.g. https://github.com/mercadopago/sdk-php/issues/118
      const message = 'Must provide your access_token to proceed';
      throw new HttpError(401, 'unauthorized', message, [{ code: 5, description: message, data: null }]);
    }
    const account = accounts.get(token);
    if (!account) throw new HttpError(401, 'unauthorized', 'invalid access token');
    return account;
  }

  function accountById(userId: number): MercadoPagoSimAccount {
    const account = accountsById.get(userId);
    if (!account) throw new HttpError(404, 'not_found', `no simulated Mercado Pago account ${userId}`);
    return account;
  }

  function country(account: MercadoPagoSimAccount) {
    return COUNTRIES[account.countryId];
  }

  /** Amounts are in the account's country currency, with that currency's decimals (MP6). */
  function checkAmount(account: MercadoPagoSimAccount, amount: number, currencyId: string | undefined, field: string): void {
    const { currency, currencyDigits } = country(account);
    if (currencyId !== undefined && currencyId !== currency) {
      throw badRequest(`${field}.currency_id invalid: this ${account.siteId} account operates in ${currency} only, got ${currencyId}`, 'invalid_currency_id');
    }
    const scaled = amount * 10 ** currencyDigits;
    if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
      throw badRequest(`${field} invalid: ${currency} amounts take ${currencyDigits} decimal places`, 'invalid_transaction_amount');
    }
  }

  // ---- notifications ---------------------------------------------------------------------------------------------

  /**
   * Sends a notification as Mercado Pago does. Where to: the resource's `notification_url` when it has one (it wins
   * over the URL saved in Your integrations), else the account's URL. A `notification_url` without
   * `source_news=webhooks` also gets the legacy IPN (`?topic=payment&id=…`), as Mercado Pago sends both
   * (https://www.mercadopago.com/developers/en/docs/your-integrations/notifications/ipn).
   * Payments made with test credentials send no notifications at all, as in real life (GATEWAYS.md).
   */
  function notify(
    account: MercadoPagoSimAccount,
    event: { topic: 'payment' | 'subscription_preapproval' | 'subscription_authorized_payment'; action: string; resourceId: string; notificationUrl: string | null; version?: number },
    sendOptions: { duplicates?: number } = {},
  ): void {
    if (account.mode === 'test') return;
    const target = event.notificationUrl ?? account.webhookUrl;
    if (!target) return;
    const sourceNews = event.notificationUrl ? new URL(event.notificationUrl).searchParams.get('source_news') : 'webhooks';
    const notificationId = Number(randomDigits(12));
    const created = nowIso();

    if (sourceNews !== 'ipn') {
      // Two envelopes: `payment` carries user_id, live_mode, api_version and date_created; the subscription topics
      // carry application_id, entity, version and date (as Mercado Pago's "Simulate" and real deliveries show).
      const body =
        event.topic === 'payment'
          ? { action: event.action, api_version: 'v1', data: { id: event.resourceId }, date_created: created, id: notificationId, live_mode: account.mode === 'live', type: event.topic, user_id: account.userId }
          : {
              action: event.action,
              application_id: account.applicationId,
              data: { id: event.resourceId },
              date: created,
              entity: event.topic === 'subscription_preapproval' ? 'preapproval' : 'authorized_payment',
              id: notificationId,
              type: event.topic,
              version: event.version ?? 0,
            };
      const rawBody = JSON.stringify(body);
      const notification: OutgoingNotification = {
        id: String(notificationId),
        account: String(account.userId),
        channel: 'webhook',
        topic: event.topic,
        action: event.action,
        resourceId: event.resourceId,
        build: () => {
          // Mercado Pago appends `data.id` and `type` to the URL's own query (e.g. `source_news=webhooks`).
          const url = new URL(target);
          url.searchParams.set('data.id', event.resourceId);
          url.searchParams.set('type', event.topic);
          // Each HTTP request has its own x-request-id and ts, so each retry is signed afresh.
          const requestId = randomUUID();
          const ts = String(Math.floor(Date.now() / 1000));
          const manifest = `id:${event.resourceId};request-id:${requestId};ts:${ts};`;
          const v1 = createHmac('sha256', account.webhookSecret).update(manifest).digest('hex');
          return {
            url: url.toString(),
            body: rawBody,
            headers: {
              'content-type': 'application/json',
              'user-agent': `MercadoPago WebHook v1.0 ${event.topic}`,
              'x-request-id': requestId,
              'x-signature': `ts=${ts},v1=${v1}`,
            },
          };
        },
      };
      sender.send(notification, sendOptions);
    }

    if (event.notificationUrl && event.topic === 'payment' && sourceNews !== 'webhooks') {
      const ipnBody = JSON.stringify({ resource: event.resourceId, topic: 'payment' });
      sender.send(
        {
          id: `ipn-${randomDigits(12)}`,
          account: String(account.userId),
          channel: 'ipn',
          topic: 'payment',
          action: null,
          resourceId: event.resourceId,
          build: () => {
            const url = new URL(target);
            url.searchParams.set('topic', 'payment');
            url.searchParams.set('id', event.resourceId);
            return { url: url.toString(), body: ipnBody, headers: { 'content-type': 'application/json', 'user-agent': 'MercadoPago Feed v2.0 payment' } };
          },
        },
        sendOptions,
      );
    }
  }

  // ---- resources -------------------------------------------------------------------------------------------------

  function createPayment(
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
    payments.set(payment.id, payment);
    return payment;
  }

  function setPaymentStatus(payment: SimPayment, status: string, statusDetail?: string): void {
    payment.status = status;
    payment.statusDetail = statusDetail ?? defaultStatusDetail(status, payment.paymentTypeId);
    payment.dateLastUpdated = nowIso();
    if (status === 'approved' && !payment.dateApproved) payment.dateApproved = payment.dateLastUpdated;
  }

  function ownedPayment(account: MercadoPagoSimAccount, id: string): SimPayment {
    const payment = /^\d{1,16}$/.test(id) ? payments.get(Number(id)) : undefined;
    // Another account's payment is as unknown as a missing one: Mercado Pago answers 404 (code 2000) for both.
    if (!payment || payment.collectorId !== account.userId) {
      throw new HttpError(404, 'not_found', 'Payment not found', [{ code: 2000, description: 'Payment not found', data: null }]);
    }
    return payment;
  }

  function ownedPreapproval(account: MercadoPagoSimAccount, id: string): SimPreapproval {
    const preapproval = preapprovals.get(id);
    if (!preapproval || preapproval.collectorId !== account.userId) {
      throw new HttpError(404, 'not_found', `The preapproval with id ${id} does not exist`);
    }
    return preapproval;
  }

  function ownedAuthorizedPayment(account: MercadoPagoSimAccount, id: string): SimAuthorizedPayment {
    const invoice = /^\d{1,16}$/.test(id) ? authorizedPayments.get(Number(id)) : undefined;
    if (!invoice || invoice.collectorId !== account.userId) throw new HttpError(404, 'not_found', `Authorized payment ${id} not found`);
    return invoice;
  }

  function paymentResource(payment: SimPayment) {
    const account = accountsById.get(payment.collectorId);
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

  function preferenceResource(preference: SimPreference) {
    const account = accountsById.get(preference.collectorId);
    return {
      id: preference.id,
      collector_id: preference.collectorId,
      client_id: String(account?.applicationId ?? ''),
      site_id: account?.siteId,
      date_created: preference.dateCreated,
      items: preference.items,
      payer: { ...preference.payer, phone: { area_code: '', number: '' }, address: { zip_code: '', street_name: '', street_number: null } },
      back_urls: { success: preference.backUrls.success ?? '', pending: preference.backUrls.pending ?? '', failure: preference.backUrls.failure ?? '' },
      auto_return: preference.autoReturn ?? '',
      external_reference: preference.externalReference ?? '',
      notification_url: preference.notificationUrl,
      metadata: preference.metadata,
      operation_type: 'regular_payment',
      expires: false,
      binary_mode: false,
      processing_modes: null,
      payment_methods: { excluded_payment_methods: [{ id: '' }], excluded_payment_types: [{ id: '' }], installments: null, default_installments: null },
      init_point: preference.initPoint,
      sandbox_init_point: preference.sandboxInitPoint,
    };
  }

  function preapprovalResource(preapproval: SimPreapproval) {
    const account = accountsById.get(preapproval.collectorId);
    const pending = preapproval.status === 'authorized' ? 1 : 0;
    return {
      id: preapproval.id,
      payer_id: preapproval.payerId,
      payer_email: preapproval.payerEmail,
      back_url: preapproval.backUrl,
      collector_id: preapproval.collectorId,
      application_id: account?.applicationId,
      status: preapproval.status,
      reason: preapproval.reason,
      external_reference: preapproval.externalReference,
      date_created: preapproval.dateCreated,
      last_modified: preapproval.lastModified,
      init_point: preapproval.initPoint,
      auto_recurring: preapproval.autoRecurring,
      summarized: {
        quotas: null,
        charged_quantity: preapproval.chargedQuantity,
        pending_charge_quantity: pending,
        charged_amount: preapproval.chargedAmount,
        pending_charge_amount: pending ? preapproval.autoRecurring.transaction_amount : 0,
        semaphore: preapproval.status === 'authorized' ? 'green' : null,
        last_charged_date: preapproval.lastChargedDate,
        last_charged_amount: preapproval.lastChargedAmount,
      },
      next_payment_date: preapproval.nextPaymentDate,
      payment_method_id: preapproval.paymentMethodId,
      first_invoice_offset: null,
      subscription_id: preapproval.id,
    };
  }

  function authorizedPaymentResource(invoice: SimAuthorizedPayment) {
    const preapproval = preapprovals.get(invoice.preapprovalId);
    const payment = payments.get(invoice.paymentId);
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

  function nextPaymentDate(preapproval: Pick<SimPreapproval, 'autoRecurring'>, from: string): string {
    const { frequency, frequency_type } = preapproval.autoRecurring;
    return frequency_type === 'days' ? addDays(from, frequency) : addMonths(from, frequency);
  }

  function createPreapproval(
    account: MercadoPagoSimAccount,
    origin: string,
    input: {
      status: SimPreapproval['status'];
      reason: string | null;
      externalReference: string | null;
      payerEmail: string;
      backUrl: string;
      notificationUrl: string | null;
      autoRecurring: { frequency: number; frequency_type: 'months' | 'days'; transaction_amount: number; start_date?: string; end_date?: string };
    },
  ): SimPreapproval {
    const id = randomHex(32);
    const created = nowIso();
    const preapproval: SimPreapproval = {
      id,
      collectorId: account.userId,
      status: input.status,
      reason: input.reason,
      externalReference: input.externalReference,
      payerEmail: input.payerEmail,
      payerId: null,
      backUrl: input.backUrl,
      notificationUrl: input.notificationUrl,
      autoRecurring: {
        frequency: input.autoRecurring.frequency,
        frequency_type: input.autoRecurring.frequency_type,
        transaction_amount: input.autoRecurring.transaction_amount,
        currency_id: country(account).currency,
        start_date: input.autoRecurring.start_date ?? created,
        end_date: input.autoRecurring.end_date ?? null,
      },
      paymentMethodId: input.status === 'authorized' ? 'master' : null,
      initPoint: `${origin}/mercadopago/subscriptions/checkout?preapproval_id=${id}`,
      dateCreated: created,
      lastModified: created,
      nextPaymentDate: created,
      chargedQuantity: 0,
      chargedAmount: 0,
      lastChargedDate: null,
      lastChargedAmount: null,
      version: 0,
    };
    preapprovals.set(id, preapproval);
    return preapproval;
  }

  function setPreapprovalStatus(preapproval: SimPreapproval, status: SimPreapproval['status']): void {
    preapproval.status = status;
    preapproval.lastModified = nowIso();
    preapproval.version += 1;
    if (status === 'authorized' && !preapproval.paymentMethodId) preapproval.paymentMethodId = 'master';
  }

  /**
   * One charge attempt of a subscription: a payment, and the authorized payment (invoice) that records it. A retry
   * keeps the invoice's id and counts `retry_attempt` up; after the third failed attempt the invoice is cancelled
   * (MP8: three attempts; boleto and pix 7 days apart).
   */
  function chargePreapproval(
    account: MercadoPagoSimAccount,
    preapproval: SimPreapproval,
    input: z.infer<typeof controlChargeSchema>,
  ): { invoice: SimAuthorizedPayment; payment: SimPayment; created: boolean } {
    const existing = input.authorized_payment_id === undefined ? undefined : ownedAuthorizedPayment(account, String(input.authorized_payment_id));
    if (existing && existing.preapprovalId !== preapproval.id) throw badRequest('authorized_payment_id belongs to another preapproval');
    const paymentTypeId = input.payment_type_id ?? existing?.paymentTypeId ?? 'credit_card';
    const payment = createPayment(account, {
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
    authorizedPayments.set(invoice.id, invoice);
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

  function notifyCharge(account: MercadoPagoSimAccount, preapproval: SimPreapproval, charge: ReturnType<typeof chargePreapproval>, sendOptions: { duplicates?: number }) {
    notify(
      account,
      { topic: 'subscription_authorized_payment', action: charge.created ? 'created' : 'updated', resourceId: String(charge.invoice.id), notificationUrl: preapproval.notificationUrl, version: charge.invoice.version },
      sendOptions,
    );
    // A plain `payment` notification fires alongside every charge, as it does in real life.
    notify(account, { topic: 'payment', action: 'payment.created', resourceId: String(charge.payment.id), notificationUrl: preapproval.notificationUrl }, sendOptions);
  }

  // ---- the API ---------------------------------------------------------------------------------------------------

  /** `X-Idempotency-Key`: the same key on the same account answers the first result again. */
  async function idempotent(account: MercadoPagoSimAccount, request: SimRequest, create: () => Promise<SimResponse> | SimResponse): Promise<SimResponse> {
    const key = headerValue(request.headers, 'x-idempotency-key');
    const slot = key ? `${account.userId}:${request.path}:${key}` : undefined;
    const known = slot ? idempotency.get(slot) : undefined;
    if (known) return json(known.status, known.body);
    const response = await create();
    if (slot && response.status < 300) idempotency.set(slot, { status: response.status, body: response.body });
    return response;
  }

  async function parseBody<T>(request: SimRequest, schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse(await request.json());
    if (!parsed.success) throw badRequest(zodMessage(parsed.error));
    return parsed.data;
  }

  const absoluteUrl = (value: string | undefined, field: string): string | null => {
    if (value === undefined || value === '') return null;
    if (!httpUrl.safeParse(value).success) throw badRequest(`${field} invalid`, field === 'notification_url' ? 'invalid_notification_url' : 'invalid_back_urls');
    return value;
  };

  const api = new Router()
    .add('GET', '/users/me', (request) => json(200, userResource(authenticate(request))))
    .add('GET', '/v1/payments/:id', (request) => {
      const account = authenticate(request);
      return json(200, paymentResource(ownedPayment(account, request.params.id ?? '')));
    })
    .add('POST', '/checkout/preferences', async (request) => {
      const account = authenticate(request);
      return idempotent(account, request, async () => {
        const body = await parseBody(request, preferenceBodySchema);
        for (const [index, item] of body.items.entries()) checkAmount(account, item.unit_price, item.currency_id, `items[${index}].unit_price`);
        const backUrls = {
          success: absoluteUrl(body.back_urls?.success, 'back_urls.success'),
          pending: absoluteUrl(body.back_urls?.pending, 'back_urls.pending'),
          failure: absoluteUrl(body.back_urls?.failure, 'back_urls.failure'),
        };
        // The API's own answer to auto_return without a success URL.
        if (body.auto_return && !backUrls.success) throw badRequest('auto_return invalid. back_url.success must be defined', 'invalid_auto_return');
        const id = `${account.userId}-${randomUuid()}`;
        const preference: SimPreference = {
          id,
          collectorId: account.userId,
          items: body.items.map((item) => ({
            id: item.id ?? null,
            title: item.title,
            quantity: item.quantity,
            unit_price: item.unit_price,
            currency_id: country(account).currency,
            description: item.description ?? null,
          })),
          payer: {
            name: body.payer?.name ?? null,
            surname: body.payer?.surname ?? null,
            email: body.payer?.email ?? null,
            identification: body.payer?.identification ? { type: body.payer.identification.type, number: body.payer.identification.number } : null,
          },
          externalReference: body.external_reference ?? null,
          backUrls,
          autoReturn: body.auto_return ?? null,
          notificationUrl: absoluteUrl(body.notification_url, 'notification_url'),
          metadata: body.metadata ?? {},
          dateCreated: nowIso(),
          initPoint: `${request.origin}/mercadopago/checkout/v1/redirect?pref_id=${id}`,
          sandboxInitPoint: `${request.origin}/mercadopago/sandbox/checkout/v1/redirect?pref_id=${id}`,
        };
        preferences.set(id, preference);
        return json(201, preferenceResource(preference));
      });
    })
    .add('GET', '/checkout/preferences/:id', (request) => {
      const account = authenticate(request);
      const preference = preferences.get(request.params.id ?? '');
      if (!preference || preference.collectorId !== account.userId) throw new HttpError(404, 'not_found', 'preference not found');
      return json(200, preferenceResource(preference));
    })
    .add('POST', '/preapproval', async (request) => {
      const account = authenticate(request);
      return idempotent(account, request, async () => {
        const body = await parseBody(request, preapprovalBodySchema);
        checkAmount(account, body.auto_recurring.transaction_amount, body.auto_recurring.currency_id, 'auto_recurring.transaction_amount');
        if (!z.email().safeParse(body.payer_email).success) throw badRequest('payer_email invalid');
        // Creating it "authorized" needs a card token; without one the customer authorizes it on init_point.
        if (body.status === 'authorized' && !body.card_token_id) throw badRequest('card_token_id is required for status authorized');
        const preapproval = createPreapproval(account, request.origin, {
          status: 'pending',
          reason: body.reason ?? null,
          externalReference: body.external_reference ?? null,
          payerEmail: body.payer_email,
          backUrl: absoluteUrl(body.back_url, 'back_url') ?? '',
          notificationUrl: absoluteUrl(body.notification_url, 'notification_url'),
          autoRecurring: body.auto_recurring,
        });
        notify(account, { topic: 'subscription_preapproval', action: 'created', resourceId: preapproval.id, notificationUrl: preapproval.notificationUrl });
        return json(201, preapprovalResource(preapproval));
      });
    })
    .add('GET', '/preapproval/search', (request) => {
      const account = authenticate(request);
      const query = request.query;
      const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
      const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 30) || 30));
      const filters: Array<[string, (p: SimPreapproval) => string | null]> = [
        ['status', (p) => p.status],
        ['payer_email', (p) => p.payerEmail],
        ['external_reference', (p) => p.externalReference],
        ['id', (p) => p.id],
      ];
      const matches = [...preapprovals.values()].filter(
        (p) => p.collectorId === account.userId && filters.every(([name, get]) => !query.has(name) || get(p) === query.get(name)),
      );
      return json(200, { paging: { offset, limit, total: matches.length }, results: matches.slice(offset, offset + limit).map(preapprovalResource) });
    })
    .add('GET', '/preapproval/:id', (request) => json(200, preapprovalResource(ownedPreapproval(authenticate(request), request.params.id ?? ''))))
    .add('PUT', '/preapproval/:id', async (request) => {
      const account = authenticate(request);
      const preapproval = ownedPreapproval(account, request.params.id ?? '');
      const body = await parseBody(request, preapprovalUpdateSchema);
      if (preapproval.status === 'cancelled' && body.status && body.status !== 'cancelled') throw badRequest('You can not modify a cancelled preapproval');
      if (body.reason !== undefined) preapproval.reason = body.reason;
      if (body.status && body.status !== preapproval.status) setPreapprovalStatus(preapproval, body.status);
      notify(account, { topic: 'subscription_preapproval', action: 'updated', resourceId: preapproval.id, notificationUrl: preapproval.notificationUrl, version: preapproval.version });
      return json(200, preapprovalResource(preapproval));
    })
    .add('GET', '/authorized_payments/:id', (request) =>
      json(200, authorizedPaymentResource(ownedAuthorizedPayment(authenticate(request), request.params.id ?? ''))),
    );

  // ---- hosted checkout pages (what init_point opens) -------------------------------------------------------------

  function preferenceFromQuery(request: SimRequest): { preference: SimPreference; account: MercadoPagoSimAccount } {
    const preference = preferences.get(request.query.get('pref_id') ?? '');
    const account = preference && accountsById.get(preference.collectorId);
    if (!preference || !account) throw new HttpError(404, 'not_found', 'This checkout link does not exist or has expired.');
    return { preference, account };
  }

  const preferenceTotal = (preference: SimPreference) =>
    Math.round(preference.items.reduce((sum, item) => sum + item.quantity * item.unit_price, 0) * 100) / 100;

  const OUTCOMES: Choice[] = [
    { value: 'approve', label: 'Approve the payment', checked: true },
    { value: 'decline', label: 'Decline the payment' },
    { value: 'pending', label: 'Leave the payment pending' },
  ];

  function checkoutPage(request: SimRequest, preference: SimPreference, account: MercadoPagoSimAccount, alert?: string): SimResponse {
    const total = preferenceTotal(preference);
    const methods = country(account).methods.map((method: Method, index: number) => ({ value: method.key, label: method.label, checked: index === 0 }));
    const controls = [
      preference.payer.email ? '' : textField({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email' }),
      radioGroup('method', 'Payment method', methods),
      radioGroup('outcome', 'Outcome (simulator)', OUTCOMES),
    ].join('');
    return html(alert ? 422 : 200, renderHostedPage({
      gateway: 'Mercado Pago',
      heading: 'Pay with Mercado Pago',
      summary: [
        ['Amount', formatAmount(total, country(account).currency)],
        ['Items', preference.items.map((item) => `${item.quantity} × ${item.title}`).join(', ')],
        ['Seller', account.nickname],
      ],
      ...(alert ? { alert } : {}),
      controls,
      submitLabel: `Pay ${formatAmount(total, country(account).currency)}`,
      action: `${request.path.startsWith('/sandbox') ? '/mercadopago/sandbox' : '/mercadopago'}/checkout/v1/redirect?pref_id=${encodeURIComponent(preference.id)}`,
    }));
  }

  async function payPreference(request: SimRequest): Promise<SimResponse> {
    const { preference, account } = preferenceFromQuery(request);
    const form = await request.form();
    const method = country(account).methods.find((candidate: Method) => candidate.key === form.get('method'));
    const outcome = form.get('outcome');
    const email = preference.payer.email ?? form.get('email')?.trim() ?? '';
    if (!method || !['approve', 'decline', 'pending'].includes(outcome ?? '') || !z.email().safeParse(email).success) {
      return checkoutPage(request, preference, account, 'Choose a payment method and an outcome, and give a valid email.');
    }
    const card = method.paymentTypeId === 'credit_card';
    const [status, statusDetail] =
      outcome === 'approve'
        ? ['approved', 'accredited']
        : outcome === 'decline'
          ? card
            ? ['rejected', 'cc_rejected_insufficient_amount']
            : ['cancelled', 'expired'] // an unpaid boleto or pix expires
          : card
            ? ['in_process', 'pending_contingency']
            : ['pending', method.paymentTypeId === 'bank_transfer' ? 'pending_waiting_transfer' : 'pending_waiting_payment'];
    const payment = createPayment(account, {
      status,
      statusDetail,
      amount: preferenceTotal(preference),
      paymentTypeId: method.paymentTypeId,
      paymentMethodId: method.paymentMethodId,
      externalReference: preference.externalReference,
      description: preference.items[0]?.title ?? null,
      payer: { email, first_name: preference.payer.name, last_name: preference.payer.surname, identification: preference.payer.identification },
      notificationUrl: preference.notificationUrl,
      metadata: preference.metadata,
    });
    notify(account, { topic: 'payment', action: 'payment.created', resourceId: String(payment.id), notificationUrl: preference.notificationUrl });

    const key = status === 'approved' ? 'success' : status === 'rejected' || status === 'cancelled' ? 'failure' : 'pending';
    const backUrl = preference.backUrls[key];
    if (!backUrl) {
      return html(200, renderHostedPage({ gateway: 'Mercado Pago', heading: 'Payment finished', summary: [['Status', status], ['Payment', String(payment.id)]], controls: '', submitLabel: 'Done', action: '#' }));
    }
    // The query Checkout Pro adds to back URLs
    // (https://www.mercadopago.com/developers/en/docs/checkout-pro/configure-back-urls).
    const target = new URL(backUrl);
    const params: Record<string, string> = {
      collection_id: String(payment.id),
      collection_status: status,
      payment_id: String(payment.id),
      status,
      external_reference: preference.externalReference ?? 'null',
      payment_type: method.paymentTypeId,
      merchant_order_id: randomDigits(11),
      preference_id: preference.id,
      site_id: account.siteId,
      processing_mode: 'aggregator',
      merchant_account_id: 'null',
    };
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    return seeOther(target.toString());
  }

  function preapprovalFromQuery(request: SimRequest): { preapproval: SimPreapproval; account: MercadoPagoSimAccount } {
    const preapproval = preapprovals.get(request.query.get('preapproval_id') ?? '');
    const account = preapproval && accountsById.get(preapproval.collectorId);
    if (!preapproval || !account) throw new HttpError(404, 'not_found', 'This subscription link does not exist.');
    return { preapproval, account };
  }

  function subscriptionPage(preapproval: SimPreapproval, account: MercadoPagoSimAccount, alert?: string, status = 200): SimResponse {
    const { frequency, frequency_type, transaction_amount, currency_id } = preapproval.autoRecurring;
    const every = `${frequency} ${frequency_type === 'months' ? (frequency === 1 ? 'month' : 'months') : frequency === 1 ? 'day' : 'days'}`;
    const closed = preapproval.status !== 'pending';
    return html(status, renderHostedPage({
      gateway: 'Mercado Pago',
      heading: 'Subscribe with Mercado Pago',
      summary: [
        ['Subscription', preapproval.reason ?? 'Subscription'],
        ['Amount', `${formatAmount(transaction_amount, currency_id)} every ${every}`],
        ['Seller', account.nickname],
        ...(closed ? ([['Status', preapproval.status]] as Array<[string, string]>) : []),
      ],
      ...(alert ? { alert } : {}),
      controls: closed
        ? ''
        : [
            radioGroup('method', 'Payment method', [{ value: 'card', label: 'Credit card', checked: true }]),
            radioGroup('outcome', 'Outcome (simulator)', OUTCOMES.slice(0, 2)),
          ].join(''),
      submitLabel: closed ? 'Reload' : 'Subscribe',
      action: `/mercadopago/subscriptions/checkout?preapproval_id=${encodeURIComponent(preapproval.id)}`,
    }));
  }

  async function authorizePreapproval(request: SimRequest): Promise<SimResponse> {
    const { preapproval, account } = preapprovalFromQuery(request);
    if (preapproval.status !== 'pending') return subscriptionPage(preapproval, account, `This subscription is already ${preapproval.status}.`, 409);
    const form = await request.form();
    const outcome = form.get('outcome');
    if (form.get('method') !== 'card' || (outcome !== 'approve' && outcome !== 'decline')) {
      return subscriptionPage(preapproval, account, 'Choose a payment method and an outcome.', 422);
    }
    // A declined card authorizes nothing: the customer stays on the page and may try again, as on Mercado Pago.
    if (outcome === 'decline') return subscriptionPage(preapproval, account, 'Your card was declined. Try again or use another card.', 422);

    setPreapprovalStatus(preapproval, 'authorized');
    preapproval.payerId = Number(randomDigits(10));
    const charge = chargePreapproval(account, preapproval, controlChargeSchema.parse({ payment_status: 'approved' }));
    notify(account, { topic: 'subscription_preapproval', action: 'updated', resourceId: preapproval.id, notificationUrl: preapproval.notificationUrl, version: preapproval.version });
    notifyCharge(account, preapproval, charge, {});
    // Mercado Pago sends the subscriber back to back_url with the preapproval's id.
    const target = new URL(preapproval.backUrl);
    target.searchParams.set('preapproval_id', preapproval.id);
    return seeOther(target.toString());
  }

  api
    .add('GET', '/checkout/v1/redirect', (request) => {
      const { preference, account } = preferenceFromQuery(request);
      return checkoutPage(request, preference, account);
    })
    .add('POST', '/checkout/v1/redirect', payPreference)
    .add('GET', '/sandbox/checkout/v1/redirect', (request) => {
      const { preference, account } = preferenceFromQuery(request);
      return checkoutPage(request, preference, account);
    })
    .add('POST', '/sandbox/checkout/v1/redirect', payPreference)
    .add('GET', '/subscriptions/checkout', (request) => {
      const { preapproval, account } = preapprovalFromQuery(request);
      return subscriptionPage(preapproval, account);
    })
    .add('POST', '/subscriptions/checkout', authorizePreapproval);

  // ---- control API -----------------------------------------------------------------------------------------------

  async function controlBody<T>(request: SimRequest, schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse((await request.json()) ?? {});
    if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
    return parsed.data;
  }

  function controlError<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      // API validation errors (currency, decimals) keep their message; the control API has its own error shape.
      if (error instanceof HttpError && error.status === 400) throw new HttpError(400, 'bad_request', error.message);
      throw error;
    }
  }

  const control = new Router()
    .add('POST', '/accounts', async (request) => {
      const input = await controlBody(request, createAccountSchema);
      const countryInfo = COUNTRIES[input.country];
      const userId = Number(randomDigits(10));
      const test = input.mode === 'test';
      const account: MercadoPagoSimAccount = {
        userId,
        mode: input.mode,
        countryId: input.country,
        siteId: countryInfo.siteId,
        ...issueCredentials(input.mode, userId),
        webhookUrl: null,
        // Real test users are called TESTUSER<digits> with a test_user_<digits>@testuser.com address.
        nickname: input.nickname ?? (test ? `TESTUSER${randomDigits(9)}` : `LOJA${input.country}${randomDigits(6)}`),
        email: input.email ?? (test ? `test_user_${randomDigits(8)}@testuser.com` : `merchant.${userId}@example.com`),
        firstName: input.firstName ?? countryInfo.firstName,
        lastName: input.lastName ?? countryInfo.lastName,
        identificationNumber: randomDigits(countryInfo.identificationDigits),
        registrationDate: nowIso(),
      };
      accounts.set(account.accessToken, account);
      accountsById.set(account.userId, account);
      return json(201, {
        userId: account.userId,
        mode: account.mode,
        publicKey: account.publicKey,
        accessToken: account.accessToken,
        webhookSecret: account.webhookSecret,
        siteId: account.siteId,
        countryId: account.countryId,
        currencyId: countryInfo.currency,
        nickname: account.nickname,
        email: account.email,
      });
    })
    .add('POST', '/accounts/:userId/webhook', async (request) => {
      const account = accountById(Number(request.params.userId));
      const { url } = await controlBody(request, webhookUrlSchema);
      account.webhookUrl = url;
      return json(200, { userId: account.userId, url });
    })
    .add('POST', '/payments', async (request) => {
      const input = await controlBody(request, controlPaymentSchema);
      const account = accountById(input.userId);
      controlError(() => checkAmount(account, input.transaction_amount, input.currency_id, 'transaction_amount'));
      const payment = createPayment(account, {
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
        notify(account, { topic: 'payment', action: 'payment.created', resourceId: String(payment.id), notificationUrl: payment.notificationUrl }, { duplicates: input.duplicates });
      }
      return json(201, paymentResource(payment));
    })
    .add('POST', '/payments/:id/status', async (request) => {
      const input = await controlBody(request, controlStatusSchema);
      const payment = payments.get(Number(request.params.id));
      const account = payment && accountsById.get(payment.collectorId);
      if (!payment || !account) throw new HttpError(404, 'not_found', `no payment ${request.params.id ?? ''}`);
      setPaymentStatus(payment, input.status, input.status_detail);
      if (input.notify) {
        notify(account, { topic: 'payment', action: 'payment.updated', resourceId: String(payment.id), notificationUrl: payment.notificationUrl }, { duplicates: input.duplicates });
      }
      return json(200, paymentResource(payment));
    })
    .add('POST', '/preapprovals', async (request) => {
      const input = await controlBody(request, controlPreapprovalSchema);
      const account = accountById(input.userId);
      controlError(() => checkAmount(account, input.auto_recurring.transaction_amount, input.auto_recurring.currency_id, 'auto_recurring.transaction_amount'));
      const preapproval = createPreapproval(account, request.origin, {
        status: input.status,
        reason: input.reason ?? null,
        externalReference: input.external_reference ?? null,
        payerEmail: input.payer_email ?? `test_user_${randomDigits(8)}@testuser.com`,
        backUrl: input.back_url ?? 'https://www.mercadopago.com',
        notificationUrl: input.notification_url ?? null,
        autoRecurring: input.auto_recurring,
      });
      if (input.notify) {
        notify(account, { topic: 'subscription_preapproval', action: 'created', resourceId: preapproval.id, notificationUrl: preapproval.notificationUrl }, { duplicates: input.duplicates });
      }
      return json(201, preapprovalResource(preapproval));
    })
    .add('POST', '/preapprovals/:id/status', async (request) => {
      const input = await controlBody(request, controlPreapprovalStatusSchema);
      const preapproval = preapprovals.get(request.params.id ?? '');
      const account = preapproval && accountsById.get(preapproval.collectorId);
      if (!preapproval || !account) throw new HttpError(404, 'not_found', `no preapproval ${request.params.id ?? ''}`);
      setPreapprovalStatus(preapproval, input.status);
      if (input.notify) {
        notify(account, { topic: 'subscription_preapproval', action: 'updated', resourceId: preapproval.id, notificationUrl: preapproval.notificationUrl, version: preapproval.version }, { duplicates: input.duplicates });
      }
      return json(200, preapprovalResource(preapproval));
    })
    .add('POST', '/preapprovals/:id/charges', async (request) => {
      const input = await controlBody(request, controlChargeSchema);
      const preapproval = preapprovals.get(request.params.id ?? '');
      const account = preapproval && accountsById.get(preapproval.collectorId);
      if (!preapproval || !account) throw new HttpError(404, 'not_found', `no preapproval ${request.params.id ?? ''}`);
      const charge = controlError(() => chargePreapproval(account, preapproval, input));
      if (input.notify) notifyCharge(account, preapproval, charge, { duplicates: input.duplicates });
      return json(201, authorizedPaymentResource(charge.invoice));
    });
  addDeliveryControlRoutes(control, sender, { param: 'userId', collection: 'accounts' });

  return {
    id: 'mercadopago',
    api,
    control,
    availability,
    accounts,
    /** The webhook sender, for tests that wait for deliveries in-process (`await deliveries.idle()`). */
    deliveries: sender,
    renderError,
    reset() {
      accounts.clear();
      accountsById.clear();
      payments.clear();
      preferences.clear();
      preapprovals.clear();
      authorizedPayments.clear();
      idempotency.clear();
      sender.reset();
      Object.assign(availability, initialAvailability());
    },
  } satisfies SimulatedGateway & Record<string, unknown>;
}

/**
 * `GET /users/me`, with the wire's snake_case names. The SDK's `UserResponse` type
 * (sdk-nodejs src/clients/user/get/types.ts) spells a few of them in camelCase (`siteId`, `countryId`) and one
 * as `contry_id`; the API itself sends `site_id` and `country_id`, as the Java and .NET SDKs map them.
 */
function userResource(account: MercadoPagoSimAccount) {
  const country = COUNTRIES[account.countryId];
  return {
    id: account.userId,
    nickname: account.nickname,
    registration_date: account.registrationDate,
    first_name: account.firstName,
    last_name: account.lastName,
    gender: '',
    country_id: account.countryId,
    email: account.email,
    identification: { number: account.identificationNumber, type: country.identificationType },
    address: { address: null, city: null, state: null, zip_code: null },
    phone: { area_code: null, extension: '', number: null, verified: false },
    alternative_phone: { area_code: '', extension: '', number: '' },
    user_type: 'normal',
    tags: account.mode === 'test' ? ['normal', 'test_user'] : ['normal'],
    logo: null,
    points: 0,
    site_id: account.siteId,
    permalink: `http://${country.profileHost}/${encodeURIComponent(account.nickname)}`,
    seller_experience: 'NEWBIE',
    bill_data: { accept_credit_note: null },
    status: {
      site_status: 'active',
      confirmed_email: true,
      user_type: 'normal',
      mercadopago_account_type: 'personal',
      mercadopago_tc_accepted: true,
      required_action: null,
    },
    registration_identifiers: [],
  };
}
