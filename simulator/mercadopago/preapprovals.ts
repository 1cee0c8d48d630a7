// Preapprovals (subscriptions): `POST /preapproval` without a card (the customer authorizes it on `init_point`,
// served by hosted-pages.ts), read, search (`{paging: {offset, limit, total}, results}`, sdk-nodejs
// src/clients/preApproval/search/types.ts) and update, in the Node SDK's PreApprovalResponse shape; and the control
// routes that create one already authorized or change its status. Its charges are in authorized-payments.ts.
// A preapproval has no `notification_url` (docs/requirements.md GW-MP12): its notifications, and its charges',
// go to the URL the account saved in Your integrations (`POST /_sim/mercadopago/accounts/{userId}/webhook`).
import { z } from 'zod';
import { HttpError, json, type Router } from '../http';
import { randomDigits, randomHex } from '../random';
import type { SendOptions } from '../webhook-delivery';
import { accountById, authenticate } from './accounts';
import { checkAmount, country } from './countries';
import { notify } from './notifications';
import { absoluteUrl, badRequest, controlBody, controlError, httpUrl, idempotent, notifyFields, parseBody, sendOptionsOf } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount, SimPreapproval } from './state';
import { addDays, addMonths, nowIso } from './time';

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
  auto_recurring: autoRecurringSchema.extend({ currency_id: z.string().optional() }),
  ...notifyFields,
});

const controlPreapprovalStatusSchema = z.object({ status: z.enum(['pending', 'authorized', 'paused', 'cancelled']), ...notifyFields });

// The API's own bodies, as its reference has them: unknown fields are ignored, as Mercado Pago does. That includes
// `notification_url`, which the preapproval API does not have (GW-MP12). `status: "pending"` is what a subscription
// without a card sends; a body without `status` is taken as pending too.
const preapprovalBodySchema = z.looseObject({
  reason: z.string().max(256).optional(),
  external_reference: z.string().max(256).optional(),
  payer_email: z.string().min(1),
  back_url: z.string().min(1),
  auto_recurring: autoRecurringSchema,
  status: z.enum(['pending', 'authorized']).optional(),
  card_token_id: z.string().optional(),
  preapproval_plan_id: z.string().optional(),
});

const preapprovalUpdateSchema = z.looseObject({ status: z.enum(['authorized', 'paused', 'cancelled']).optional(), reason: z.string().max(256).optional() });

function preapprovalResource(ctx: MercadoPagoContext, preapproval: SimPreapproval) {
  const account = ctx.accountsById.get(preapproval.collectorId);
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

export function nextPaymentDate(preapproval: Pick<SimPreapproval, 'autoRecurring'>, from: string): string {
  const { frequency, frequency_type } = preapproval.autoRecurring;
  return frequency_type === 'days' ? addDays(from, frequency) : addMonths(from, frequency);
}

function createPreapproval(
  ctx: MercadoPagoContext,
  account: MercadoPagoSimAccount,
  origin: string,
  input: {
    status: SimPreapproval['status'];
    reason: string | null;
    externalReference: string | null;
    payerEmail: string;
    backUrl: string;
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
    // Never set: notifications go to the account's URL (GW-MP12). The field stays for the shared record shape.
    notificationUrl: null,
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
  ctx.preapprovals.set(id, preapproval);
  return preapproval;
}

export function setPreapprovalStatus(preapproval: SimPreapproval, status: SimPreapproval['status']): void {
  preapproval.status = status;
  preapproval.lastModified = nowIso();
  preapproval.version += 1;
  if (status === 'authorized' && !preapproval.paymentMethodId) preapproval.paymentMethodId = 'master';
}

function ownedPreapproval(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, id: string): SimPreapproval {
  const preapproval = ctx.preapprovals.get(id);
  if (!preapproval || preapproval.collectorId !== account.userId) {
    throw new HttpError(404, 'not_found', `The preapproval with id ${id} does not exist`);
  }
  return preapproval;
}

/** `subscription_preapproval` `updated`, carrying the preapproval's version. */
export function notifyPreapprovalUpdated(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, preapproval: SimPreapproval, sendOptions: SendOptions = {}): void {
  notify(ctx, account, { topic: 'subscription_preapproval', action: 'updated', resourceId: preapproval.id, notificationUrl: null, version: preapproval.version }, sendOptions);
}

export function addPreapprovalRoutes(api: Router, ctx: MercadoPagoContext): void {
  api
    .add('POST', '/preapproval', async (request) => {
      const account = authenticate(ctx, request);
      return idempotent(ctx, account, request, async () => {
        const body = await parseBody(request, preapprovalBodySchema);
        checkAmount(account, body.auto_recurring.transaction_amount, body.auto_recurring.currency_id, 'auto_recurring.transaction_amount');
        if (!z.email().safeParse(body.payer_email).success) throw badRequest('payer_email invalid');
        // Creating it "authorized" needs a card token; without one the customer authorizes it on init_point.
        if (body.status === 'authorized' && !body.card_token_id) throw badRequest('card_token_id is required for status authorized');
        const preapproval = createPreapproval(ctx, account, request.origin, {
          status: 'pending',
          reason: body.reason ?? null,
          externalReference: body.external_reference ?? null,
          payerEmail: body.payer_email,
          backUrl: absoluteUrl(body.back_url, 'back_url') ?? '',
          autoRecurring: body.auto_recurring,
        });
        notify(ctx, account, { topic: 'subscription_preapproval', action: 'created', resourceId: preapproval.id, notificationUrl: null });
        return json(201, preapprovalResource(ctx, preapproval));
      });
    })
    // Before `/preapproval/:id`, which would take `search` for an id.
    .add('GET', '/preapproval/search', (request) => {
      const account = authenticate(ctx, request);
      const query = request.query;
      const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
      const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 30) || 30));
      // `status` may list several, comma-separated ("authorized,cancelled,paused" in the API reference's example).
      const filters: Array<[string, (p: SimPreapproval) => string | null]> = [
        ['status', (p) => p.status],
        ['payer_email', (p) => p.payerEmail],
        ['external_reference', (p) => p.externalReference],
        ['id', (p) => p.id],
      ];
      const accepts = (name: string, value: string | null) => (name === 'status' ? (query.get(name) ?? '').split(',').includes(value ?? '') : value === query.get(name));
      const matches = [...ctx.preapprovals.values()].filter(
        (p) => p.collectorId === account.userId && filters.every(([name, get]) => !query.has(name) || accepts(name, get(p))),
      );
      return json(200, { paging: { offset, limit, total: matches.length }, results: matches.slice(offset, offset + limit).map((p) => preapprovalResource(ctx, p)) });
    })
    .add('GET', '/preapproval/:id', (request) => json(200, preapprovalResource(ctx, ownedPreapproval(ctx, authenticate(ctx, request), request.params.id ?? ''))))
    .add('PUT', '/preapproval/:id', async (request) => {
      const account = authenticate(ctx, request);
      const preapproval = ownedPreapproval(ctx, account, request.params.id ?? '');
      const body = await parseBody(request, preapprovalUpdateSchema);
      if (preapproval.status === 'cancelled' && body.status && body.status !== 'cancelled') throw badRequest('You can not modify a cancelled preapproval');
      if (body.reason !== undefined) preapproval.reason = body.reason;
      if (body.status && body.status !== preapproval.status) setPreapprovalStatus(preapproval, body.status);
      notifyPreapprovalUpdated(ctx, account, preapproval);
      return json(200, preapprovalResource(ctx, preapproval));
    });
}

export function addPreapprovalControlRoutes(control: Router, ctx: MercadoPagoContext): void {
  control
    .add('POST', '/preapprovals', async (request) => {
      const input = await controlBody(request, controlPreapprovalSchema);
      const account = accountById(ctx, input.userId);
      controlError(() => checkAmount(account, input.auto_recurring.transaction_amount, input.auto_recurring.currency_id, 'auto_recurring.transaction_amount'));
      const preapproval = createPreapproval(ctx, account, request.origin, {
        status: input.status,
        reason: input.reason ?? null,
        externalReference: input.external_reference ?? null,
        payerEmail: input.payer_email ?? `test_user_${randomDigits(8)}@testuser.com`,
        backUrl: input.back_url ?? 'https://www.mercadopago.com',
        autoRecurring: input.auto_recurring,
      });
      if (input.notify) {
        notify(ctx, account, { topic: 'subscription_preapproval', action: 'created', resourceId: preapproval.id, notificationUrl: null }, sendOptionsOf(input));
      }
      return json(201, preapprovalResource(ctx, preapproval));
    })
    .add('POST', '/preapprovals/:id/status', async (request) => {
      const input = await controlBody(request, controlPreapprovalStatusSchema);
      const preapproval = ctx.preapprovals.get(request.params.id ?? '');
      const account = preapproval && ctx.accountsById.get(preapproval.collectorId);
      if (!preapproval || !account) throw new HttpError(404, 'not_found', `no preapproval ${request.params.id ?? ''}`);
      setPreapprovalStatus(preapproval, input.status);
      if (input.notify) notifyPreapprovalUpdated(ctx, account, preapproval, sendOptionsOf(input));
      return json(200, preapprovalResource(ctx, preapproval));
    });
}
