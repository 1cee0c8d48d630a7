// The hosted checkout pages (what `init_point` opens): Checkout Pro for a preference, and the subscription page that
// authorizes a preapproval. The customer picks a method and an outcome; the page creates the payment or charge,
// sends the notifications and redirects to the shop as Mercado Pago does.
import { z } from 'zod';
import { HttpError, html, seeOther, type Router, type SimRequest, type SimResponse } from '../http';
import { formatAmount, radioGroup, renderHostedPage, textField, type Choice } from '../hosted-page';
import { randomDigits } from '../random';
import { chargePreapproval, controlChargeSchema, notifyCharge } from './authorized-payments';
import { country, type Method } from './countries';
import { notify } from './notifications';
import { createPayment } from './payments';
import { notifyPreapprovalUpdated, setPreapprovalStatus } from './preapprovals';
import { preferenceTotal } from './preferences';
import type { MercadoPagoContext, MercadoPagoSimAccount, SimPreapproval, SimPreference } from './state';

const OUTCOMES: Choice[] = [
  { value: 'approve', label: 'Approve the payment', checked: true },
  { value: 'decline', label: 'Decline the payment' },
  { value: 'pending', label: 'Leave the payment pending' },
];

// ---- Checkout Pro (a preference's init_point) ---------------------------------------------------------------------

function preferenceFromQuery(ctx: MercadoPagoContext, request: SimRequest): { preference: SimPreference; account: MercadoPagoSimAccount } {
  const preference = ctx.preferences.get(request.query.get('pref_id') ?? '');
  const account = preference && ctx.accountsById.get(preference.collectorId);
  if (!preference || !account) throw new HttpError(404, 'not_found', 'This checkout link does not exist or has expired.');
  return { preference, account };
}

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

async function payPreference(ctx: MercadoPagoContext, request: SimRequest): Promise<SimResponse> {
  const { preference, account } = preferenceFromQuery(ctx, request);
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
  const payment = createPayment(ctx, account, {
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
  notify(ctx, account, { topic: 'payment', action: 'payment.created', resourceId: String(payment.id), notificationUrl: preference.notificationUrl });

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

// ---- subscriptions (a preapproval's init_point) -------------------------------------------------------------------

function preapprovalFromQuery(ctx: MercadoPagoContext, request: SimRequest): { preapproval: SimPreapproval; account: MercadoPagoSimAccount } {
  const preapproval = ctx.preapprovals.get(request.query.get('preapproval_id') ?? '');
  const account = preapproval && ctx.accountsById.get(preapproval.collectorId);
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

async function authorizePreapproval(ctx: MercadoPagoContext, request: SimRequest): Promise<SimResponse> {
  const { preapproval, account } = preapprovalFromQuery(ctx, request);
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
  const charge = chargePreapproval(ctx, account, preapproval, controlChargeSchema.parse({ payment_status: 'approved' }));
  notifyPreapprovalUpdated(ctx, account, preapproval);
  notifyCharge(ctx, account, preapproval, charge, {});
  // Mercado Pago sends the subscriber back to back_url with the preapproval's id.
  const target = new URL(preapproval.backUrl);
  target.searchParams.set('preapproval_id', preapproval.id);
  return seeOther(target.toString());
}

export function addHostedPageRoutes(api: Router, ctx: MercadoPagoContext): void {
  const showCheckout = (request: SimRequest) => {
    const { preference, account } = preferenceFromQuery(ctx, request);
    return checkoutPage(request, preference, account);
  };
  const pay = (request: SimRequest) => payPreference(ctx, request);
  api
    .add('GET', '/checkout/v1/redirect', showCheckout)
    .add('POST', '/checkout/v1/redirect', pay)
    .add('GET', '/sandbox/checkout/v1/redirect', showCheckout)
    .add('POST', '/sandbox/checkout/v1/redirect', pay)
    .add('GET', '/subscriptions/checkout', (request) => {
      const { preapproval, account } = preapprovalFromQuery(ctx, request);
      return subscriptionPage(preapproval, account);
    })
    .add('POST', '/subscriptions/checkout', (request) => authorizePreapproval(ctx, request));
}
