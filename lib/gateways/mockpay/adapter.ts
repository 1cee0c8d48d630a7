// Mock Pay behind the gateway contract: the test-only third gateway (docs/mockpay-api.md). It touches no shared
// file beyond its registration lines; everything it does goes through the same shared code as the real gateways.
import 'server-only';
import { notifyOrderMismatch } from '@/lib/alerts/notify';
import { getDb } from '@/db';
import { gatewayApiUrl } from '@/core/env';
import { byNotification, getProcessingAccount, recordPayment, type ProcessingAccount, type RecordedBy } from '@/db/queries/payments';
import { describeStatusChange, type PaymentStatus } from '@/core/payment-status';
import type { ReturnOutcome } from '@/lib/checkout/types';
import { defineConnect, type AccountAccess, type GatewayAdapter, type GatewayReconcile, type VerifiedCredentials } from '@/lib/gateways/adapter-types';
import { readActiveSecret, saveConnection } from '@/lib/gateways/connections';
import { readAccountSecret } from '@/lib/gateways/secrets';
import { createInSimulator, postToSimulator } from '@/lib/gateways/simulator-control';
import { acknowledgeOnly, type WebhookProcessor } from '@/lib/webhooks/processor';
import { createCheckout, getAccount, getPayment, type MockPayCallOptions, type MockPayPayment } from './api';
import { mockpayCatalog } from './catalog';
import { mockpayConnectSchema, mockpayUpdateSchema } from './schema';
import { mockpayWebhook } from './webhook';

const PRODUCTION_API_URL = 'https://api.mockpay.invalid';
const apiUrl = () => gatewayApiUrl(mockpayCatalog.id, PRODUCTION_API_URL);

async function callOptions(access: AccountAccess, timeoutMs?: number): Promise<MockPayCallOptions | null> {
  const apiKey = await access.secret('apiKey');
  return apiKey ? { baseUrl: access.apiUrl, apiKey, ...(timeoutMs ? { timeoutMs } : {}) } : null;
}

/** The account an API key opens is Mock Pay's account id; its notifications are signed with that same key. */
async function verify(merchantId: string, input: { apiKey: string }): Promise<VerifiedCredentials> {
  const apiKey = input.apiKey || (await readActiveSecret(merchantId, mockpayCatalog.id, 'apiKey'));
  if (!apiKey) return { ok: false, state: { status: 'error', fieldErrors: { apiKey: ['mockEnterApiKey'] } } };
  const account = await getAccount({ baseUrl: apiUrl(), apiKey });
  if (!account.ok) {
    return {
      ok: false,
      state:
        account.reason === 'unauthorized'
          ? { status: 'error', message: 'errors.mockKeyRejected', fieldErrors: { apiKey: ['mockKeyRejected'] } }
          : { status: 'error', message: 'errors.mockUnreachable' },
    };
  }
  return {
    ok: true,
    account: { id: account.value.id, name: null, email: null },
    switchNeeds: {},
    // Mock Pay names an account by its id only.
    describeConnected: async (id) => ({ id, name: null, email: null }),
    save: async () => {
      await saveConnection({
        merchantId,
        gateway: mockpayCatalog.id,
        mode: 'test',
        externalAccountId: account.value.id,
        publicCredentials: {},
        secrets: { apiKey },
      });
      return { status: 'success', message: 'connect.saved' };
    },
  };
}

const STATUS: Record<MockPayPayment['status'], PaymentStatus> = { pending: 'pending', paid: 'approved', failed: 'rejected' };

/** payment.updated: the body names the payment; its state is read from Mock Pay, never taken from the body. */
const processPayment: WebhookProcessor = async (event) => {
  const account = await getProcessingAccount(event.accountId);
  if (!account) throw new Error('account not found');
  if (!event.resourceId) return { status: 'ignored', result: 'The notification names no payment.' };
  const apiKey = await readAccountSecret(account.id, 'apiKey');
  if (!apiKey) throw new Error('the account has no API key');
  const fetched = await getPayment({ baseUrl: apiUrl(), apiKey }, event.resourceId);
  if (!fetched.ok) {
    if (fetched.reason === 'not_found') return { status: 'rejected', result: `Rejected: Mock Pay has no payment ${event.resourceId} for this account.` };
    throw new Error(`Mock Pay answered ${fetched.reason}`);
  }
  const change = await recordMockPayPayment(account, fetched.value, byNotification(event.id));
  return { status: 'processed', result: describeStatusChange(`Payment ${fetched.value.id}`, change) };
};

/** A payment read from Mock Pay, recorded the same way whoever told us (a notification, reconciliation). */
async function recordMockPayPayment(account: ProcessingAccount, payment: MockPayPayment, by: RecordedBy) {
  const change = await recordPayment(
    account,
    {
      gatewayPaymentId: payment.id,
      reference: payment.reference,
      amountMinor: payment.amount,
      currency: payment.currency,
      status: STATUS[payment.status],
      statusDetail: null,
      paymentMethodType: null,
      payerEmail: payment.email,
      payerName: null,
      gatewayCreatedAt: new Date(payment.created),
      approvedAt: payment.status === 'paid' ? new Date(payment.updated) : null,
      gatewayUpdatedAt: new Date(payment.updated),
    },
    by,
  );
  if (change.orderMismatch) await notifyOrderMismatch(await getDb(), change.id, change.orderMismatch, new Date());
  return change;
}

/**
 * Check now on a Mock Pay payment: `GET /v1/payments/{id}` (docs/mockpay-api.md). An order cannot be asked about:
 * the API has no search by reference and no read of a checkout, and the order keeps the checkout's id.
 */
const mockpayReconcile: GatewayReconcile = {
  order: null,
  async payment(access, known, by) {
    const options = await callOptions(access, by.source === 'check_now' ? 7_000 : undefined);
    const account = await getProcessingAccount(access.account.id);
    if (!options || !account) return { outcome: 'failed', reason: 'no_credentials' };
    const fetched = await getPayment(options, known.gatewayPaymentId);
    if (!fetched.ok) return { outcome: 'failed', reason: fetched.reason };
    const payment = fetched.value;
    const problem =
      payment.account_id !== access.account.externalAccountId
        ? 'account'
        : payment.currency !== known.currency
          ? 'currency'
          : payment.amount !== known.amountMinor
            ? 'amount'
            : null;
    if (problem) return { outcome: 'mismatch', kind: 'payment', resourceId: payment.id, problem };
    const change = await recordMockPayPayment(account, payment, by);
    return { outcome: 'found', records: [{ kind: 'payment', id: change.id, resourceId: payment.id, change: change.change, status: change.to }] };
  },
};

const OUTCOME: Record<MockPayPayment['status'], ReturnOutcome> = { paid: 'success', pending: 'pending', failed: 'failure' };

export const mockpayAdapter: GatewayAdapter = {
  catalog: mockpayCatalog,
  defaultApiUrl: PRODUCTION_API_URL,
  connect: defineConnect({
    gateway: mockpayCatalog.id,
    secretFields: ['apiKey'],
    connect: { schema: mockpayConnectSchema, verify },
    update: { schema: mockpayUpdateSchema, verify },
  }),
  webhook: mockpayWebhook,
  processors: { byType: new Map([['payment.updated', processPayment]]), otherwise: acknowledgeOnly(mockpayCatalog.name) },
  checkout: {
    async create(access, request) {
      const options = await callOptions(access);
      if (!options) return { ok: false, reason: 'unauthorized', detail: 'no stored API key' };
      if (request.price.kind !== 'one_time') return { ok: false, reason: 'unexpected', detail: 'Mock Pay takes one-time payments only' };
      const body = {
        amount: request.order.amountMinor,
        currency: request.order.currency,
        reference: request.order.id,
        email: request.order.email,
        return_url: request.urls.success,
        notification_url: request.urls.notification,
      };
      const result = await createCheckout(options, body, request.idempotencyKey);
      return result.ok ? { ok: true, id: result.value.id, url: result.value.url } : { ok: false, reason: result.reason, detail: `${result.status ?? ''} ${result.reason}`.trim() };
    },
    async confirmReturn(access, orderId, query) {
      const paymentId = query.get('payment_id');
      const options = paymentId ? await callOptions(access, 5_000) : null;
      if (!paymentId || !options) return null;
      const result = await getPayment(options, paymentId);
      return result.ok && result.value.reference === orderId && result.value.account_id === access.account.externalAccountId ? OUTCOME[result.value.status] : null;
    },
  },
  reconcile: mockpayReconcile,
  cancelUnpaidSubscription: null,
  testNotification: {
    send: async (control, access, webhookUrl) => {
      const accountId = access.account.externalAccountId;
      if (!accountId || !(await postToSimulator(`${control}/accounts/${accountId}/webhook`, { url: webhookUrl }))) return null;
      return createInSimulator(`${control}/payments`, { accountId, status: 'paid', amount: 1000, reference: 'test-notification', notify: true });
    },
    realGatewayMessage: 'manage.testNotificationReal.mockpay',
  },
  health: {
    notifiesInTestMode: true,
    fixes: { silence: 'health.fix.mockpay.silence', quiet: 'health.fix.mockpay.quiet', verification: 'health.fix.mockpay.verification' },
  },
};
