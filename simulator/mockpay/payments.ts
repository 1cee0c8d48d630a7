// Mock Pay checkouts and payments (docs/mockpay-api.md "Operations"): `POST /v1/checkouts` opens a pending payment
// the customer settles on the hosted page (hosted-pages.ts), `GET /v1/payments/{id}`; and the control route that
// creates a payment in any state and notifies it to the account's webhook URL.
import { z } from 'zod';
import { HttpError, headerValue, json, type Router, type SimResponse } from '../http';
import { randomHex } from '../random';
import { accountById, authenticate } from './accounts';
import { notifyPayment } from './notifications';
import { apiBody, controlBody, httpUrl } from './requests';
import { CURRENCY, nowIso, type MockPayAccount, type MockPayContext, type MockPayPayment } from './state';

const checkoutSchema = z.object({
  amount: z.number().int().min(1),
  currency: z.literal(CURRENCY, { error: 'Mock Pay takes JPY only' }),
  reference: z.string().max(200),
  email: z.string().max(320),
  return_url: httpUrl,
  notification_url: httpUrl,
});

const controlPaymentSchema = z.object({
  accountId: z.string().min(1),
  status: z.enum(['pending', 'paid', 'failed']),
  amount: z.number().int().min(1),
  reference: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  notify: z.boolean().default(true),
});

export function paymentResource(payment: MockPayPayment) {
  return {
    id: payment.id,
    account_id: payment.accountId,
    status: payment.status,
    amount: payment.amount,
    currency: CURRENCY,
    reference: payment.reference,
    email: payment.email,
    created: payment.created,
    updated: payment.updated,
  };
}

function newPayment(ctx: MockPayContext, input: Omit<MockPayPayment, 'id' | 'created' | 'updated'>): MockPayPayment {
  const created = nowIso();
  const payment: MockPayPayment = { ...input, id: `pay_${randomHex(16)}`, created, updated: created };
  ctx.payments.set(payment.id, payment);
  return payment;
}

/** `Idempotency-Key`: the same key (per account) answers the first successful result again, whatever the body. */
async function idempotent(ctx: MockPayContext, account: MockPayAccount, key: string | undefined, create: () => Promise<SimResponse>): Promise<SimResponse> {
  if (!key) return create();
  const slot = `${account.id}:${key}`;
  const known = ctx.idempotency.get(slot);
  if (known) return known;
  // The promise is kept at once, so a concurrent retry with the same key waits for this answer instead of creating twice.
  const answer = create();
  ctx.idempotency.set(slot, answer);
  const forget = () => {
    if (ctx.idempotency.get(slot) === answer) ctx.idempotency.delete(slot);
  };
  const response = await answer.catch((error: unknown) => {
    forget();
    throw error;
  });
  if (response.status >= 300) forget();
  return response;
}

export function addPaymentRoutes(api: Router, ctx: MockPayContext): void {
  api
    .add('POST', '/v1/checkouts', async (request) => {
      const account = authenticate(ctx, request);
      return idempotent(ctx, account, headerValue(request.headers, 'idempotency-key'), async () => {
        const body = apiBody(checkoutSchema, await request.json());
        const payment = newPayment(ctx, {
          accountId: account.id,
          status: 'pending',
          amount: body.amount,
          reference: body.reference,
          email: body.email,
          notificationUrl: body.notification_url,
        });
        const checkout = { id: `chk_${randomHex(16)}`, accountId: account.id, paymentId: payment.id, returnUrl: body.return_url };
        ctx.checkouts.set(checkout.id, checkout);
        // The page's absolute URL as the client reached the simulator (like Secure and Pay's checkout_url).
        return json(201, { id: checkout.id, url: `${request.origin}/mockpay/pay/${checkout.id}`, payment_id: payment.id });
      });
    })
    .add('GET', '/v1/payments/:id', (request) => {
      const account = authenticate(ctx, request);
      const id = request.params.id ?? '';
      const payment = ctx.payments.get(id);
      // Another account's payment is as unknown as a missing one.
      if (!payment || payment.accountId !== account.id) throw new HttpError(404, 'not_found', `no payment ${id}`);
      return json(200, paymentResource(payment));
    });
}

export function addPaymentControlRoutes(control: Router, ctx: MockPayContext): void {
  control.add('POST', '/payments', async (request) => {
    const input = await controlBody(request, controlPaymentSchema);
    const account = accountById(ctx, input.accountId);
    const payment = newPayment(ctx, {
      accountId: account.id,
      status: input.status,
      amount: input.amount,
      reference: input.reference ?? null,
      email: input.email ?? null,
      notificationUrl: null,
    });
    if (input.notify) notifyPayment(ctx, payment);
    return json(201, paymentResource(payment));
  });
}
