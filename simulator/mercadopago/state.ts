// The simulated Mercado Pago's in-memory store: one record type per resource, and the context object every resource
// module receives (the store plus the webhook sender) instead of sharing one closure.
import type { WebhookSender } from '../webhook-delivery';
import type { COUNTRIES, CountryId, PaymentTypeId } from './countries';

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

export type Payer = { email: string; first_name: string | null; last_name: string | null; identification: { type: string; number: string } | null };

/** Who a refund came from (sdk-nodejs src/clients/paymentRefund/commonTypes.ts `Source`). */
export type RefundSource = { id: string; name: string; type: string };

/** One refund of a payment, as `GET /v1/payments/{id}/refunds` lists it. */
export type SimRefund = {
  id: number;
  paymentId: number;
  amount: number;
  source: RefundSource;
  dateCreated: string;
  reason: string | null;
};

/** A chargeback (`GET /v1/chargebacks/{id}`); its outcome is the payment's `status_detail` under `charged_back`. */
export type SimChargeback = {
  /** 18 digits, as Mercado Pago's: larger than a JavaScript number holds exactly. */
  id: string;
  paymentId: number;
  collectorId: number;
  amount: number;
  currency: string;
  outcome: 'in_process' | 'settled' | 'reimbursed';
  dateCreated: string;
  dateLastUpdated: string;
  /** How many times it was notified: `created`, then `changed_case_status`. */
  notices: number;
};

export type SimPayment = {
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
  /** Oldest first; `transaction_amount_refunded` is their sum. */
  refunds: SimRefund[];
  chargebackId: string | null;
};

export type SimPreference = {
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

export type SimPreapproval = {
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

export type SimAuthorizedPayment = {
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

/** What the resource modules share, passed explicitly to each of them. */
export type MercadoPagoContext = {
  /** By access token. */
  readonly accounts: Map<string, MercadoPagoSimAccount>;
  readonly accountsById: Map<number, MercadoPagoSimAccount>;
  readonly payments: Map<number, SimPayment>;
  readonly preferences: Map<string, SimPreference>;
  readonly preapprovals: Map<string, SimPreapproval>;
  readonly authorizedPayments: Map<number, SimAuthorizedPayment>;
  readonly chargebacks: Map<string, SimChargeback>;
  /** `X-Idempotency-Key` per account: the same key answers the same resource. */
  readonly idempotency: Map<string, { status: number; body: unknown }>;
  readonly sender: WebhookSender;
};

export function createContext(sender: WebhookSender): MercadoPagoContext {
  return {
    accounts: new Map(),
    accountsById: new Map(),
    payments: new Map(),
    preferences: new Map(),
    preapprovals: new Map(),
    authorizedPayments: new Map(),
    chargebacks: new Map(),
    idempotency: new Map(),
    sender,
  };
}

/** Forgets every account and object, and cancels the sender's pending deliveries. */
export function clearContext(ctx: MercadoPagoContext): void {
  ctx.accounts.clear();
  ctx.accountsById.clear();
  ctx.payments.clear();
  ctx.preferences.clear();
  ctx.preapprovals.clear();
  ctx.authorizedPayments.clear();
  ctx.chargebacks.clear();
  ctx.idempotency.clear();
  ctx.sender.reset();
}
