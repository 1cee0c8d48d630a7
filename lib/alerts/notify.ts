// What the platform tells people when something goes wrong: an alert in the merchant's dashboard (the bell), an
// email to the merchant, and for a customer's own failed payment or cancelled subscription an email to the
// customer. Every write is keyed (alerts by merchant + key, emails by key), so an event processed twice, or a
// scheduler tick run twice, tells nobody anything twice.
//
// Each function takes the database to use: the scheduler calls them inside its locked transaction (on PGlite a
// query outside an open transaction would wait for it forever).
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import type { OrderMismatch } from '@/db/queries/payments';
import { getOrderLocale } from '@/db/queries/orders';
import { getMerchantLanguage } from '@/db/queries/users';
import { alerts, payments, subscriptions, type AlertKind } from '@/db/schema';
import { enqueueEmail, sendDueEmails } from '@/lib/email/outbox';
import { renderEmail, type TemplateName } from '@/lib/email/templates';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import type { ReasonAudience } from '@/lib/gateways/explain';
import { reasonText } from '@/lib/gateways/explain-text';
import { formatMoney } from '@/lib/payments/money';
import type { GatewayId } from '@/core/gateway-ids';
import { DEFAULT_LOCALE, type Locale } from '@/core/locales';

/**
 * A value of an alert's text. Plain strings (ids, names, codes) read the same in every language; an amount and a
 * failure reason are written in each reader's language: the merchant's for the alert and their email, the
 * customer's (their checkout's) for theirs.
 */
type AlertParam = string | { amountMinor: number; currency: string } | { reasonOf: GatewayId; code: string | null; audience: ReasonAudience };

type AlertInput = {
  merchantId: string;
  kind: AlertKind;
  dedupeKey: string;
  accountId: string | null;
  href: string | null;
  params: Record<string, AlertParam>;
};

/** Someone a customer email goes to: their address and the order their payment came from (its language). */
type CustomerRecipient = { email: string | null; orderId: string | null };

async function localized(params: Record<string, AlertParam>, locale: Locale): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(params).map(async ([key, value]): Promise<[string, string]> => {
      if (typeof value === 'string') return [key, value];
      if ('amountMinor' in value) return [key, formatMoney(value.amountMinor, value.currency, locale)];
      return [key, await reasonText(locale, value.reasonOf, value.code, value.audience)];
    }),
  );
  return Object.fromEntries(entries);
}

const TEMPLATE: Record<AlertKind, TemplateName> = {
  payment_failed: 'paymentFailed',
  installment_failed: 'installmentFailed',
  payment_disputed: 'paymentDisputed',
  payment_charged_back: 'paymentChargedBack',
  subscription_cancelled: 'subscriptionCancelled',
  credentials_rejected: 'credentialsRejected',
  verification_failing: 'verificationFailing',
  notification_missed: 'notificationMissed',
  reconciliation_mismatch: 'reconciliationMismatch',
  order_mismatch: 'orderMismatch',
  notifications_silent: 'notificationsSilent',
};

/**
 * Writes the alert and its emails once, in one transaction (a crash between them must not leave an alert whose
 * email is never written, since the alert's key would then stop a second try); true when this call raised it.
 */
export async function raiseAlert(db: Database, alert: AlertInput, now: Date, customer?: CustomerRecipient): Promise<boolean> {
  const written = await db.transaction(async (tx) => {
    const merchant = await getMerchantLanguage(tx, alert.merchantId);
    // The alert keeps its text's values in the merchant's language of the moment (the bell shows them as written).
    const merchantLocale = merchant?.locale ?? DEFAULT_LOCALE;
    const merchantParams = await localized(alert.params, merchantLocale);
    const [row] = await tx
      .insert(alerts)
      .values({ ...alert, params: merchantParams, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: alerts.id });
    if (!row) return null;
    const template = TEMPLATE[alert.kind];
    const ids: (string | null)[] = [];
    const merchantText = merchant ? await renderEmail(template, 'merchant', { ...merchantParams, merchantName: merchant.name }, merchantLocale) : null;
    if (merchant && merchantText) {
      ids.push(await enqueueEmail(tx, { merchantId: alert.merchantId, dedupeKey: `${alert.merchantId}:${alert.dedupeKey}:merchant`, audience: 'merchant', to: merchant.email, ...merchantText }, now));
    }
    // The customer reads their checkout's language; without an order (a payment made elsewhere), the merchant's.
    const customerLocale = (customer?.orderId ? await getOrderLocale(tx, customer.orderId) : undefined) ?? merchantLocale;
    const customerText = customer?.email
      ? await renderEmail(template, 'customer', { ...(await localized(alert.params, customerLocale)), merchantName: merchant?.name ?? '' }, customerLocale)
      : null;
    if (customer?.email && customerText) {
      ids.push(await enqueueEmail(tx, { merchantId: alert.merchantId, dedupeKey: `${alert.merchantId}:${alert.dedupeKey}:customer`, audience: 'customer', to: customer.email, ...customerText }, now));
    }
    return ids.filter((id): id is string => id !== null);
  });
  if (!written) return false;
  // Sent now, after the commit, when a sender is configured; a failure stays queued for the scheduler's retries.
  await sendDueEmails(db, now, written);
  return true;
}

const gatewayName = (gateway: GatewayId) => GATEWAY_CATALOG[gateway].name;

type PaymentRow = typeof payments.$inferSelect;

/**
 * The alerts about one payment share their shape: the payment's merchant, account and page, the gateway's name, the
 * payment's id and amount; `dedupeKey` (default `<kind>:<payment id>`) and `params` add what is particular.
 */
async function raisePaymentAlert(
  db: Database,
  paymentId: string,
  kind: AlertKind,
  now: Date,
  particular: (payment: PaymentRow) => { dedupeKey?: string; params?: Record<string, AlertParam>; toCustomer?: boolean } = () => ({}),
): Promise<boolean> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId)).limit(1);
  if (!payment) return false;
  const { dedupeKey, params, toCustomer } = particular(payment);
  return raiseAlert(
    db,
    {
      merchantId: payment.merchantId,
      kind,
      dedupeKey: dedupeKey ?? `${kind}:${payment.id}`,
      accountId: payment.accountId,
      href: `/payments/${payment.id}`,
      params: { gateway: gatewayName(payment.gateway), paymentId: payment.gatewayPaymentId, amount: { amountMinor: payment.amountMinor, currency: payment.currency }, ...params },
    },
    now,
    toCustomer ? { email: payment.payerEmail, orderId: payment.orderId } : undefined,
  );
}

/** A payment (or subscription charge) failed: the merchant and the paying customer are told, once per payment. */
export function notifyPaymentFailed(db: Database, paymentId: string, now: Date): Promise<boolean> {
  return raisePaymentAlert(db, paymentId, 'payment_failed', now, (payment) => ({
    // Why, in words (issue 12): `reason` for the merchant (alert and email), `customerReason` for the customer.
    params: {
      reason: { reasonOf: payment.gateway, code: payment.statusDetail, audience: 'merchant' },
      customerReason: { reasonOf: payment.gateway, code: payment.statusDetail, audience: 'customer' },
      subscription: payment.subscriptionId ? 'yes' : 'no',
    },
    toCustomer: true,
  }));
}

/** A subscription ended (by the gateway, the customer, or our 30-day rule): told once per subscription. */
export async function notifySubscriptionCancelled(db: Database, subscriptionId: string, now: Date): Promise<boolean> {
  const [subscription] = await db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)).limit(1);
  if (!subscription) return false;
  return raiseAlert(
    db,
    {
      merchantId: subscription.merchantId,
      kind: 'subscription_cancelled',
      dedupeKey: `subscription_cancelled:${subscription.id}`,
      accountId: subscription.accountId,
      href: `/subscriptions/${subscription.id}`,
      params: {
        gateway: gatewayName(subscription.gateway),
        subscriptionId: subscription.gatewaySubscriptionId,
        amount: { amountMinor: subscription.amountMinor, currency: subscription.currency },
        reason: subscription.cancelReason ?? 'none',
      },
    },
    now,
    { email: subscription.payerEmail, orderId: subscription.orderId },
  );
}

/** The gateway refused the account's credentials while we processed its notifications: once per account. */
export async function notifyCredentialsRejected(db: Database, account: { id: string; merchantId: string; gateway: GatewayId }, now: Date): Promise<boolean> {
  return raiseAlert(
    db,
    {
      merchantId: account.merchantId,
      kind: 'credentials_rejected',
      dedupeKey: `credentials_rejected:${account.id}`,
      accountId: account.id,
      href: `/settings/payment-gateways/${account.gateway}/manage`,
      params: { gateway: gatewayName(account.gateway) },
    },
    now,
  );
}

/** Requests to an account's webhook URL fail verification: once per account, reason and (UTC) day. */
export async function notifyVerificationFailing(
  db: Database,
  rejection: { accountId: string; merchantId: string; gateway: GatewayId; reason: string; count: number },
  now: Date,
): Promise<boolean> {
  const day = now.toISOString().slice(0, 10);
  return raiseAlert(
    db,
    {
      merchantId: rejection.merchantId,
      kind: 'verification_failing',
      dedupeKey: `verification_failing:${rejection.accountId}:${rejection.reason}:${day}`,
      accountId: rejection.accountId,
      href: `/settings/payment-gateways/${rejection.gateway}/notifications`,
      params: { gateway: gatewayName(rejection.gateway), reason: rejection.reason, count: String(rejection.count) },
    },
    now,
  );
}

/** The paying customer disputed a payment (GW-MP21: in_mediation): the merchant must answer at the gateway. */
export function notifyPaymentDisputed(db: Database, paymentId: string, now: Date): Promise<boolean> {
  return raisePaymentAlert(db, paymentId, 'payment_disputed', now);
}

/**
 * A chargeback (GW-MP21: charged_back, with detail in_process, settled or reimbursed): told when it happens and
 * again for its outcome, once each.
 */
export function notifyPaymentChargedBack(db: Database, paymentId: string, now: Date): Promise<boolean> {
  return raisePaymentAlert(db, paymentId, 'payment_charged_back', now, (payment) => {
    const outcome = payment.statusDetail ?? 'in_process';
    return { dedupeKey: `payment_charged_back:${payment.id}:${outcome}`, params: { outcome } };
  });
}

/**
 * A subscription's installment failed for good, after the gateway's own retries (GW-MP23): the merchant and the
 * customer are told once per installment, with how many attempts were made, never once per retry.
 */
export async function notifyInstallmentFailed(
  db: Database,
  installment: { subscriptionId: string; installmentId: string; attempts: number; reason: string },
  now: Date,
): Promise<boolean> {
  const [subscription] = await db.select().from(subscriptions).where(eq(subscriptions.id, installment.subscriptionId)).limit(1);
  if (!subscription) return false;
  return raiseAlert(
    db,
    {
      merchantId: subscription.merchantId,
      kind: 'installment_failed',
      dedupeKey: `installment_failed:${subscription.id}:${installment.installmentId}`,
      accountId: subscription.accountId,
      href: `/subscriptions/${subscription.id}`,
      params: {
        gateway: gatewayName(subscription.gateway),
        subscriptionId: subscription.gatewaySubscriptionId,
        amount: { amountMinor: subscription.amountMinor, currency: subscription.currency },
        attempts: String(installment.attempts),
        reason: { reasonOf: subscription.gateway, code: installment.reason, audience: 'merchant' },
        customerReason: { reasonOf: subscription.gateway, code: installment.reason, audience: 'customer' },
      },
    },
    now,
    { email: subscription.payerEmail, orderId: subscription.orderId },
  );
}

/**
 * Reconciliation or Check now found what no notification told us (issue 12): a payment or subscription recorded,
 * or its status moved. The merchant learns that a notification did not arrive: once per record, however many
 * checks find more about it later.
 */
export async function notifyNotificationMissed(db: Database, record: { kind: 'payment' | 'subscription'; id: string }, now: Date): Promise<boolean> {
  const found =
    record.kind === 'payment'
      ? (await db.select().from(payments).where(eq(payments.id, record.id)).limit(1)).map((row) => ({ ...row, resourceId: row.gatewayPaymentId }))
      : (await db.select().from(subscriptions).where(eq(subscriptions.id, record.id)).limit(1)).map((row) => ({ ...row, resourceId: row.gatewaySubscriptionId }));
  const [row] = found;
  if (!row) return false;
  return raiseAlert(
    db,
    {
      merchantId: row.merchantId,
      kind: 'notification_missed',
      dedupeKey: `notification_missed:${record.kind}:${row.id}`,
      accountId: row.accountId,
      href: record.kind === 'payment' ? `/payments/${row.id}` : `/subscriptions/${row.id}`,
      params: { gateway: gatewayName(row.gateway), kind: record.kind, resourceId: row.resourceId, status: row.status },
    },
    now,
  );
}

/**
 * Reconciliation found a payment or subscription naming one of the merchant's orders that belongs to another
 * account or is for another amount or currency: nothing was recorded, and the merchant is told once per resource.
 */
export async function notifyReconciliationMismatch(
  db: Database,
  mismatch: {
    merchantId: string;
    accountId: string;
    gateway: GatewayId;
    kind: 'payment' | 'subscription';
    resourceId: string;
    problem: 'account' | 'amount' | 'currency';
    href: string | null;
  },
  now: Date,
): Promise<boolean> {
  return raiseAlert(
    db,
    {
      merchantId: mismatch.merchantId,
      kind: 'reconciliation_mismatch',
      dedupeKey: `reconciliation_mismatch:${mismatch.accountId}:${mismatch.kind}:${mismatch.resourceId}`,
      accountId: mismatch.accountId,
      href: mismatch.href,
      params: { gateway: gatewayName(mismatch.gateway), kind: mismatch.kind, resourceId: mismatch.resourceId, problem: mismatch.problem },
    },
    now,
  );
}

/**
 * A payment names one of the merchant's orders but is not what the order asked for (another gateway account,
 * currency or amount): it is recorded, the order is not marked paid, and the merchant is told once per payment.
 */
export function notifyOrderMismatch(db: Database, paymentId: string, mismatch: OrderMismatch, now: Date): Promise<boolean> {
  return raisePaymentAlert(db, paymentId, 'order_mismatch', now, (payment) => ({
    params: {
      orderId: mismatch.orderId,
      problem: mismatch.problem,
      currency: payment.currency,
      expected: { amountMinor: mismatch.expectedAmountMinor, currency: mismatch.expectedCurrency },
      expectedCurrency: mismatch.expectedCurrency,
    },
  }));
}

/**
 * Gateway health (issue 15): checkouts were started on an account and no notification at all has arrived for hours
 * (lib/gateways/health.ts). Once per account and episode: an episode is named by its first silent checkout, so the
 * alert comes again only after a notification arrived and checkouts went silent anew.
 */
export function notifyNotificationsSilent(
  db: Database,
  silence: { accountId: string; merchantId: string; gateway: GatewayId; firstOrderId: string; firstAt: Date; checkouts: number; hours: number },
  now: Date,
): Promise<boolean> {
  return raiseAlert(
    db,
    {
      merchantId: silence.merchantId,
      kind: 'notifications_silent',
      dedupeKey: `notifications_silent:${silence.accountId}:${silence.firstOrderId}`,
      accountId: silence.accountId,
      href: `/settings/payment-gateways/${silence.gateway}/manage`,
      params: { gateway: gatewayName(silence.gateway), checkouts: String(silence.checkouts), hours: String(silence.hours) },
    },
    now,
  );
}
