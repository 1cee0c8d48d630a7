// Notifications of the topics the app does not process, each in its documented shape, sent one at a time through
// the control route `POST /_sim/mercadopago/accounts/{userId}/notifications` (and the chargeback notice, which
// disputes.ts also sends). They go to the account's URL (Your integrations: these topics cannot be set per payment)
// and are signed like every Mercado Pago webhook; a body without `data.id` is signed without the `id:` part
// (notifications.ts). Shapes from devsite-docs guides/additional-content/your-integrations/
// notification-additional-info.en.md unless a comment says otherwise.
import { z } from 'zod';
import { json, type Router } from '../http';
import { randomDigits, randomHex, randomUuid } from '../random';
import type { SendOptions } from '../webhook-delivery';
import { accountById } from './accounts';
import { sendWebhook, type Webhook } from './notifications';
import { controlBody, notifyFields } from './requests';
import type { MercadoPagoContext, MercadoPagoSimAccount, SimChargeback } from './state';
import { nowIso } from './time';

export const EXTRA_TOPICS = [
  'stop_delivery_op_wh',
  'automatic-payments',
  'point_integration_wh',
  'delivery',
  'mp-connect',
  'topic_merchant_order_wh',
  'topic_chargebacks_wh',
  'topic_claims_integration_wh',
] as const;

const topicSchema = z.object({
  // `topic_card_id_wh` is what Your integrations calls Card Updater; its notifications say `automatic-payments`.
  topic: z.enum([...EXTRA_TOPICS, 'topic_card_id_wh']),
  /** The notification's `action` where the topic has one (e.g. `application.deauthorized`, `update`). */
  action: z.string().min(1).max(60).optional(),
  /** The payment concerned (fraud alert, chargeback, Point). */
  payment_id: z.number().int().positive().optional(),
  /** The id of what is notified: claim, merchant order, shipment, linked account, customer, payment intent. */
  resource_id: z.string().min(1).max(60).optional(),
  /** Merchant orders: `opened` or `closed`. */
  status: z.enum(['opened', 'closed']).optional(),
  /** Point: the payment intent's amount, in cents as the Point API has it. */
  amount: z.number().int().positive().optional(),
  duplicates: notifyFields.duplicates,
  drop: notifyFields.drop,
});

type TopicInput = z.infer<typeof topicSchema>;
type Built = Omit<Webhook, 'target'>;

const liveMode = (account: MercadoPagoSimAccount) => account.mode === 'live';

/**
 * `topic_chargebacks_wh`, as the chargebacks notification example has it (Mercado Pago developers, "Configure
 * chargeback notifications"): `actions` (a list), `data` with the chargeback's `id` as a JSON number of 18 digits,
 * which a JavaScript number cannot hold exactly, so the body is written by hand and `data.id` in the URL is exact.
 * Only `changed_case_status` appears in the docs; the first notice of a chargeback says `created`.
 */
export function chargebackNotice(account: MercadoPagoSimAccount, chargeback: Pick<SimChargeback, 'id' | 'paymentId' | 'dateLastUpdated'>, first: boolean): Built {
  const notificationId = randomDigits(12);
  const placeholder = '"__chargeback_id__"';
  const body = JSON.stringify({
    actions: [first ? 'created' : 'changed_case_status'],
    api_version: 'v1',
    application_id: account.applicationId,
    data: { checkout: 'PRO', date_updated: chargeback.dateLastUpdated, id: '__chargeback_id__', payment_id: chargeback.paymentId, product_id: randomHex(20).toUpperCase(), site_id: account.siteId, transaction_intent_id: '' },
    date_created: nowIso(),
    id: Number(notificationId),
    live_mode: liveMode(account),
    type: 'topic_chargebacks_wh',
    user_id: account.userId,
    version: Math.floor(Date.now() / 1000),
  }).replace(placeholder, chargeback.id);
  return { notificationId, type: 'topic_chargebacks_wh', topic: 'topic_chargebacks_wh', action: first ? 'created' : 'changed_case_status', resourceId: chargeback.id, dataId: chargeback.id, body };
}

function buildTopic(account: MercadoPagoSimAccount, input: TopicInput): Built {
  const now = nowIso();
  const paymentId = input.payment_id ?? Number(randomDigits(11));
  const envelope = (type: string, action: string, data: Record<string, unknown>, id: string | number) => ({ action, api_version: 'v1', data, date_created: now, id, live_mode: liveMode(account), type, user_id: account.userId });
  switch (input.topic) {
    case 'stop_delivery_op_wh': {
      // Fraud alert: `data` without `id`; "this type of notification does not adhere to the usual retry logic. If you
      // do not respond with 200 or 201 upon receipt, the notification will be lost and will not be resent."
      const body = { ...envelope('stop_delivery_op_wh', input.action ?? 'Created', { description: 'desc', merchant_order: Number(randomDigits(12)), payment_id: paymentId, site_id: account.siteId }, String(paymentId)), version: 1 };
      return { notificationId: `fraud-${randomDigits(12)}`, type: body.type, topic: body.type, action: body.action, resourceId: String(paymentId), dataId: null, body: JSON.stringify(body), retry: false };
    }
    case 'automatic-payments':
    case 'topic_card_id_wh': {
      // Card Updater: a string id, `data` with the customer and card ids, no `data.id`.
      const oldCard = Number(randomDigits(11));
      const data = { customer_id: input.resource_id ?? `${randomDigits(9)}-${randomHex(12)}`, new_card_id: Number(randomDigits(11)), old_card_id: oldCard };
      const body = { ...envelope('automatic-payments', input.action ?? 'card.updated', data, randomHex(32)), application_id: account.applicationId, version: 1 };
      return { notificationId: String(body.id), type: body.type, topic: body.type, action: body.action, resourceId: data.customer_id, dataId: null, body: JSON.stringify(body) };
    }
    case 'point_integration_wh': {
      // The payment intent itself ("Finished" example of the Point notifications page,
      // https://www.mercadopago.com.br/developers/en/docs/mp-point/integration-configuration/integrate-with-pdv/notifications).
      const id = input.resource_id ?? randomUuid();
      const body = { amount: input.amount ?? 1500, caller_id: account.userId, client_id: account.applicationId, created_at: now.slice(0, 19).replace('T', ' '), id, payment: { id: paymentId, state: 'approved', type: 'credit_card' }, state: 'FINISHED', additional_info: { external_reference: 'information' } };
      return { notificationId: id, type: 'point_integration_wh', topic: 'point_integration_wh', action: body.state, resourceId: id, dataId: null, body: JSON.stringify(body) };
    }
    case 'delivery': {
      // `{_id, topic, resource, …}`; "confirm … within 500 ms. Otherwise … new notification attempts every 12 hours"
      // (the 500 ms time-out is kept; retries follow the sender's schedule).
      const id = randomUuid();
      const resource = `/shipments/${input.resource_id ?? randomDigits(8)}`;
      const body = { _id: id, topic: 'delivery', resource, user_id: account.userId, application_id: String(account.applicationId), sent: now, attempts: 1, received: now, actions: [] };
      return { notificationId: id, type: 'delivery', topic: 'delivery', action: null, resourceId: resource, dataId: null, body: JSON.stringify(body), timeoutMs: 500 };
    }
    case 'mp-connect': {
      // Account linking through OAuth. The docs show only the common envelope (webhooks.en.md: `type` "mp-connect");
      // the actions are `application.authorized` / `application.deauthorized`, `data.id` the linked account.
      const linked = input.resource_id ?? randomDigits(10);
      const body = { ...envelope('mp-connect', input.action ?? 'application.authorized', { id: linked }, Number(randomDigits(12))), application_id: account.applicationId, version: 1 };
      return { notificationId: String(body.id), type: body.type, topic: body.type, action: body.action, resourceId: linked, dataId: linked, body: JSON.stringify(body) };
    }
    case 'topic_merchant_order_wh': {
      // As deliveries of this topic look (no data.id; the order's id is the notification's id and status beside it).
      const orderId = input.resource_id ?? randomDigits(11);
      const status = input.status ?? (input.action === 'update' ? 'closed' : 'opened');
      const action = input.action ?? (status === 'closed' ? 'update' : 'create');
      const body = { action, application_id: String(account.applicationId), data: { currency_id: '', marketplace: 'NONE', status }, date_created: now, id: orderId, live_mode: liveMode(account), status, type: 'topic_merchant_order_wh', user_id: account.userId, version: status === 'closed' ? 1 : 0 };
      return { notificationId: `order-${orderId}-${randomDigits(6)}`, type: body.type, topic: body.type, action, resourceId: orderId, dataId: null, body: JSON.stringify(body) };
    }
    case 'topic_chargebacks_wh':
      return chargebackNotice(account, { id: input.resource_id ?? randomDigits(18), paymentId, dateLastUpdated: now }, input.action !== 'changed_case_status');
    case 'topic_claims_integration_wh': {
      // The docs' example for claims repeats the fraud alert; its field table says: `data.id` the claim, `data.resource`
      // the kind of resource, `type` "will always be `claim`".
      const claimId = input.resource_id ?? randomDigits(10);
      const body = envelope('claim', input.action ?? 'created', { id: claimId, resource: 'claims' }, Number(randomDigits(12)));
      return { notificationId: String(body.id), type: 'claim', topic: 'topic_claims_integration_wh', action: body.action, resourceId: claimId, dataId: claimId, body: JSON.stringify(body) };
    }
  }
}

export function sendTopic(ctx: MercadoPagoContext, account: MercadoPagoSimAccount, built: Built, sendOptions: SendOptions): boolean {
  return sendWebhook(ctx, account, built, sendOptions);
}

export function addTopicControlRoutes(control: Router, ctx: MercadoPagoContext): void {
  control.add('POST', '/accounts/:userId/notifications', async (request) => {
    const account = accountById(ctx, Number(request.params.userId));
    const input = await controlBody(request, topicSchema);
    const built = buildTopic(account, input);
    const sent = sendTopic(ctx, account, built, { duplicates: input.duplicates, drop: input.drop });
    return json(202, { sent, notificationId: built.notificationId, type: built.type, dataId: built.dataId, body: built.body });
  });
}
