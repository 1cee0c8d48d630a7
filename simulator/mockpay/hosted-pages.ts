// The hosted page behind a checkout's `url` (docs/mockpay-api.md "Hosted page"): the amount and two buttons, Pay and
// Decline; posting sets the payment paid or failed, notifies it, and sends the customer to `return_url?payment_id=…`.
import { HttpError, html, seeOther, type Router, type SimRequest, type SimResponse } from '../http';
import { formatAmount, renderHostedPage } from '../hosted-page';
import { notifyPayment } from './notifications';
import { CURRENCY, nowIso, type MockPayCheckout, type MockPayContext, type MockPayPayment } from './state';

const OUTCOMES = { pay: 'paid', decline: 'failed' } as const;

function checkoutById(ctx: MockPayContext, id: string): { checkout: MockPayCheckout; payment: MockPayPayment } {
  const checkout = ctx.checkouts.get(id);
  const payment = checkout && ctx.payments.get(checkout.paymentId);
  if (!checkout || !payment) throw new HttpError(404, 'not_found', 'This payment page does not exist.');
  return { checkout, payment };
}

function payPage(ctx: MockPayContext, id: string, alert?: string, status = 200): SimResponse {
  const { payment } = checkoutById(ctx, id);
  const open = payment.status === 'pending';
  const amount = formatAmount(payment.amount, CURRENCY); // whole yen: 1500 → ¥1,500
  return html(status, renderHostedPage({
    gateway: 'Mock Pay',
    heading: 'Complete your payment',
    summary: [
      ['Amount', amount],
      ...(payment.reference ? ([['Reference', payment.reference]] as Array<[string, string]>) : []),
      ...(payment.email ? ([['Email', payment.email]] as Array<[string, string]>) : []),
      ...(open ? [] : ([['Status', payment.status]] as Array<[string, string]>)),
    ],
    ...(alert ? { alert } : {}),
    controls: '',
    submitLabel: 'Reload',
    ...(open ? { buttons: [{ name: 'outcome', value: 'pay', label: 'Pay' }, { name: 'outcome', value: 'decline', label: 'Decline' }] } : {}),
    action: `/mockpay/pay/${encodeURIComponent(id)}`,
  }));
}

async function completePayment(ctx: MockPayContext, request: SimRequest): Promise<SimResponse> {
  const id = request.params.id ?? '';
  const { checkout, payment } = checkoutById(ctx, id);
  if (payment.status !== 'pending') return payPage(ctx, id, `This payment is already ${payment.status}.`, 409);
  const outcome = (await request.form()).get('outcome');
  if (outcome !== 'pay' && outcome !== 'decline') return payPage(ctx, id, 'Choose Pay or Decline.', 422);
  payment.status = OUTCOMES[outcome];
  payment.updated = nowIso();
  notifyPayment(ctx, payment);
  const back = new URL(checkout.returnUrl);
  back.searchParams.set('payment_id', payment.id);
  return seeOther(back.toString());
}

export function addHostedPageRoutes(api: Router, ctx: MockPayContext): void {
  api
    .add('GET', '/pay/:id', (request) => payPage(ctx, request.params.id ?? ''))
    .add('POST', '/pay/:id', (request) => completePayment(ctx, request));
}
