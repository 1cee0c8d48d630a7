// The hosted checkout page (`checkout_url`, docs/secureandpay-api.md §3–4): one page for a payment or a
// subscription; the customer approves, is declined or gives up, and goes back to the shop's return or cancel URL.
import { HttpError, html, seeOther, type Router, type SimRequest, type SimResponse } from '../http';
import { formatAmount, radioGroup, renderHostedPage } from '../hosted-page';
import { notifyPayment } from './notifications';
import { siteById } from './sites';
import type { SecureAndPayContext, SimPayment, SimSubscription } from './state';
import { chargeSubscription } from './subscriptions';
import { nowIso } from './time';

const OUTCOMES = [
  { value: 'approve', label: 'Approve the payment', checked: true },
  { value: 'decline', label: 'Decline the card' },
  { value: 'abandon', label: 'Give up and go back to the shop' },
];

function hostedObject(ctx: SecureAndPayContext, id: string): { payment?: SimPayment; subscription?: SimSubscription } {
  const payment = ctx.payments.get(id);
  if (payment?.checkoutUrl) return { payment };
  const subscription = ctx.subscriptions.get(id);
  if (subscription) return { subscription };
  throw new HttpError(404, 'not_found', 'This payment page does not exist.');
}

function checkoutPage(ctx: SecureAndPayContext, id: string, alert?: string, status = 200): SimResponse {
  const { payment, subscription } = hostedObject(ctx, id);
  const object = (payment ?? subscription) as SimPayment | SimSubscription;
  const site = siteById(ctx, object.siteId);
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

async function completeCheckout(ctx: SecureAndPayContext, request: SimRequest): Promise<SimResponse> {
  const id = request.params.id ?? '';
  const { payment, subscription } = hostedObject(ctx, id);
  const object = (payment ?? subscription) as SimPayment | SimSubscription;
  if (object.status !== 'pending') return checkoutPage(ctx, id, `This ${payment ? 'payment' : 'subscription'} is already ${object.status}.`, 409);
  const outcome = (await request.form()).get('outcome');
  if (outcome !== 'approve' && outcome !== 'decline' && outcome !== 'abandon') return checkoutPage(ctx, id, 'Choose an outcome.', 422);

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
    notifyPayment(ctx, payment);
    // The redirect proves nothing; the notification or a read does (§3).
    return back((outcome === 'abandon' ? payment.cancelUrl : payment.returnUrl) ?? payment.returnUrl ?? 'about:blank', { payment_id: payment.id });
  }
  const sub = subscription as SimSubscription;
  if (outcome === 'abandon') return back(sub.cancelUrl, { subscription_id: sub.id });
  const charge = chargeSubscription(ctx, sub, outcome === 'approve' ? 'succeeded' : 'failed', outcome === 'decline' ? 'card_declined' : null);
  notifyPayment(ctx, charge);
  return back(sub.returnUrl, { subscription_id: sub.id, payment_id: charge.id });
}

export function addHostedPageRoutes(api: Router, ctx: SecureAndPayContext): void {
  api
    .add('GET', '/checkout/:id', (request) => checkoutPage(ctx, request.params.id ?? ''))
    .add('POST', '/checkout/:id', (request) => completeCheckout(ctx, request));
}
