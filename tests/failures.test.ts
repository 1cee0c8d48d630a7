// When payments fail (issue 7, 12): Secure and Pay's 30-day rule with a moved clock, Mercado Pago's reattempts, and
// the alerts and emails they cause. The simulator sends signed notifications to the real route; the worker
// processes them; the scheduler's job runs at chosen "days". Runs on PGlite and, with DATABASE_URL, PostgreSQL.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { saveConnection } from '@/lib/gateways/connections';
import { getSubscriptionDetail } from '@/db/queries/payment-views';
import { byNotification, getProcessingAccount, recordPayment } from '@/db/queries/payments';
import { alerts, emailOutbox, gatewayAccounts, statusHistory, subscriptions, webhookEvents, webhookRejections } from '@/db/schema';
import { setEmailSender } from '@/lib/email/transport';
import { getSubscription } from '@/lib/gateways/secureandpay/api';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { runJob, type JobContext } from '@/lib/scheduler/jobs';
import { drainWebhookQueue } from '@/lib/webhooks/worker';
import { describeEachDatabase } from './support/databases';
import { newMerchantId, withSimulatedGateways } from './support/simulated-gateways';

const DAY = 86_400_000;
const { simulator, control, settle, connectMercadoPago, connectSecureAndPay } = withSimulatedGateways();
const merchant = newMerchantId;

// No SMTP: every email is kept in the outbox, as in the embedded default.
beforeEach(() => setEmailSender(null));
afterAll(() => setEmailSender(undefined));

const customer = { email: 'ana@example.com', first_name: 'Ana', last_name: 'Lima' };

async function secureAndPaySubscription() {
  const { merchantId, site } = await connectSecureAndPay();
  const created = await control<{ id: string }>('secureandpay/subscriptions', { siteId: site.siteId, amount: 2900, currency: 'USD', reference: 'sub-ref', customer });
  await control(`secureandpay/subscriptions/${created.id}/charges`, { status: 'succeeded', notify: true });
  await settle();
  const api = { baseUrl: `${simulator().url}/secureandpay`, siteId: site.siteId, apiSecret: site.apiSecret };
  return { merchantId, site, api, subscriptionId: created.id };
}

/** Counts Secure and Pay cancel calls made by the job. */
function countingCancel() {
  const calls: string[] = [];
  const cancel: NonNullable<JobContext['aroundCancel']> = async (cancelAtGateway, access, id) => {
    calls.push(id);
    return cancelAtGateway(access, id);
  };
  return { calls, cancel };
}

describeEachDatabase('when payments fail', (current) => {
  const db = () => current().db;

  const subscriptionRow = async (gatewayId: string) => {
    const [row] = await db().select().from(subscriptions).where(eq(subscriptions.gatewaySubscriptionId, gatewayId));
    if (!row) throw new Error(`no subscription ${gatewayId}`);
    return row;
  };
  const alertsOf = (merchantId: string) => db().select().from(alerts).where(eq(alerts.merchantId, merchantId)).orderBy(asc(alerts.createdAt));
  const accountIdOf = async (merchantId: string) => {
    const [row] = await db().select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.merchantId, merchantId));
    if (!row) throw new Error('no account');
    return row.id;
  };
  const emailsOf = (merchantId: string) => db().select().from(emailOutbox).where(eq(emailOutbox.merchantId, merchantId)).orderBy(asc(emailOutbox.createdAt));

  it('Secure and Pay: a failure on day 0 is notified once; day 29 is still past due; day 30 cancels at the gateway and here, notified once more', async () => {
    const { merchantId, api, subscriptionId } = await secureAndPaySubscription();
    expect((await subscriptionRow(subscriptionId)).status).toBe('authorized');

    await control(`secureandpay/subscriptions/${subscriptionId}/charges`, { status: 'failed', failure_reason: 'insufficient_funds', notify: true, duplicates: 1 });
    await settle();
    const pastDue = await subscriptionRow(subscriptionId);
    expect(pastDue.status).toBe('past_due');
    expect(pastDue.pastDueSince).toBeInstanceOf(Date);
    const day0 = pastDue.pastDueSince ?? new Date();

    // Processing the failure again (e.g. a worker died mid-way) notifies nobody twice.
    await db().update(webhookEvents).set({ status: 'pending', nextAttemptAt: new Date(0) }).where(eq(webhookEvents.type, 'payment.failed'));
    await drainWebhookQueue();
    expect((await alertsOf(merchantId)).map((alert) => alert.kind)).toEqual(['payment_failed']);
    const afterFailure = await emailsOf(merchantId);
    expect(afterFailure.map((email) => [email.audience, email.status])).toEqual(
      expect.arrayContaining([
        ['merchant', 'kept'],
        ['customer', 'kept'],
      ]),
    );
    expect(afterFailure).toHaveLength(2);
    expect(afterFailure.find((email) => email.audience === 'customer')?.toAddress).toBe('ana@example.com');

    const { calls, cancel } = countingCancel();
    const day29 = await runJob('cancel-unpaid-subscriptions', { now: new Date(day0.getTime() + 29 * DAY), aroundCancel: cancel });
    expect(day29).toMatchObject({ ran: true, result: { cancelled: 0 } });
    expect((await subscriptionRow(subscriptionId)).status).toBe('past_due');
    expect(calls).toEqual([]);

    const day30 = await runJob('cancel-unpaid-subscriptions', { now: new Date(day0.getTime() + 30 * DAY), aroundCancel: cancel });
    expect(day30).toMatchObject({ ran: true, result: { cancelled: 1 } });
    expect(calls).toEqual([subscriptionId]);
    const atGateway = await getSubscription(api, subscriptionId);
    expect(atGateway.ok && atGateway.subscription.status).toBe('cancelled');
    const cancelled = await subscriptionRow(subscriptionId);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'no payment within 30 days' });
    const history = await db()
      .select({ from: statusHistory.fromStatus, to: statusHistory.toStatus })
      .from(statusHistory)
      .where(and(eq(statusHistory.entityType, 'subscription'), eq(statusHistory.entityId, cancelled.id)))
      .orderBy(asc(statusHistory.at));
    expect(history.at(-1)).toEqual({ from: 'past_due', to: 'cancelled' });

    // Secure and Pay's own subscription.cancelled notification, and the next day's run, change nothing more.
    await settle();
    await runJob('cancel-unpaid-subscriptions', { now: new Date(day0.getTime() + 31 * DAY), aroundCancel: cancel });
    expect(calls).toHaveLength(1);
    expect((await alertsOf(merchantId)).map((alert) => alert.kind)).toEqual(['payment_failed', 'subscription_cancelled']);
    const emails = await emailsOf(merchantId);
    expect(emails).toHaveLength(4);
    expect(emails.filter((email) => email.subject.includes('cancelled')).map((email) => email.audience).sort()).toEqual(['customer', 'merchant']);
    expect(emails.find((email) => email.audience === 'customer' && email.subject.includes('cancelled'))?.body).toContain('no payment within 30 days');
  });

  it('Secure and Pay: a payment on day 10 makes it active again and nothing is cancelled on day 30', async () => {
    const { merchantId, subscriptionId } = await secureAndPaySubscription();
    await control(`secureandpay/subscriptions/${subscriptionId}/charges`, { status: 'failed', notify: true });
    await settle();
    const day0 = (await subscriptionRow(subscriptionId)).pastDueSince;
    expect(day0).toBeInstanceOf(Date);
    await control(`secureandpay/subscriptions/${subscriptionId}/charges`, { status: 'succeeded', notify: true });
    await settle();
    const paid = await subscriptionRow(subscriptionId);
    expect(paid).toMatchObject({ status: 'authorized', pastDueSince: null });

    const { calls, cancel } = countingCancel();
    const day30 = await runJob('cancel-unpaid-subscriptions', { now: new Date((day0 ?? new Date()).getTime() + 30 * DAY), aroundCancel: cancel });
    expect(day30.result).toMatchObject({ cancelled: 0 });
    expect(calls).toEqual([]);
    expect((await subscriptionRow(subscriptionId)).status).toBe('authorized');
    expect((await alertsOf(merchantId)).map((alert) => alert.kind)).toEqual(['payment_failed']);
  });

  it('two scheduler instances running at once cancel once', async () => {
    const { merchantId, subscriptionId } = await secureAndPaySubscription();
    await control(`secureandpay/subscriptions/${subscriptionId}/charges`, { status: 'failed', notify: true });
    await settle();
    const day0 = (await subscriptionRow(subscriptionId)).pastDueSince ?? new Date();
    const { calls, cancel } = countingCancel();
    const now = new Date(day0.getTime() + 30 * DAY);
    const runs = await Promise.all([
      runJob('cancel-unpaid-subscriptions', { now, aroundCancel: cancel }),
      runJob('cancel-unpaid-subscriptions', { now, aroundCancel: cancel }),
    ]);
    expect(calls).toEqual([subscriptionId]);
    const cancelledBy = runs.filter((run) => run.ran && run.result?.cancelled === 1);
    expect(cancelledBy).toHaveLength(1);
    // The other instance either found the lock taken (its tick overlapped the claim) or claimed nothing: the
    // subscription was leased to the first until its work is done.
    const other = runs.find((run) => run !== cancelledBy[0]);
    expect(other?.ran === false || other?.result?.cancelled === 0).toBe(true);
    expect((await alertsOf(merchantId)).filter((alert) => alert.kind === 'subscription_cancelled')).toHaveLength(1);
  });

  it('the 30-day cancellation asks the gateway with no transaction open: a slow gateway (3 s) makes no other query wait, and another instance does not ask again', async () => {
    const { merchantId, subscriptionId } = await secureAndPaySubscription();
    await control(`secureandpay/subscriptions/${subscriptionId}/charges`, { status: 'failed', notify: true });
    await settle();
    const day0 = (await subscriptionRow(subscriptionId)).pastDueSince ?? new Date();
    const now = new Date(day0.getTime() + 30 * DAY);
    const calls: string[] = [];
    let started: () => void = () => {};
    const calling = new Promise<void>((resolve) => (started = resolve));
    const slowCancel: NonNullable<JobContext['aroundCancel']> = async (cancelAtGateway, access, id) => {
      calls.push(id);
      started();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return cancelAtGateway(access, id);
    };
    const run = runJob('cancel-unpaid-subscriptions', { now, aroundCancel: slowCancel });
    await calling;
    const before = performance.now();
    await db().execute(sql`select 1`);
    expect(performance.now() - before).toBeLessThan(500);
    if (current().kind === 'postgres') {
      const open = await db().execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
      expect((Array.isArray(open) ? open : (open as unknown as { rows: Array<{ n: number }> }).rows)[0]).toMatchObject({ n: 0 });
    }
    // A second instance's tick while the gateway is being asked: the subscription is leased, nothing is asked twice.
    expect(await runJob('cancel-unpaid-subscriptions', { now, aroundCancel: slowCancel })).toMatchObject({ ran: true, result: { cancelled: 0, failed: 0 } });
    expect((await run).result).toEqual({ cancelled: 1, failed: 0 });
    expect(calls).toEqual([subscriptionId]);
    expect((await subscriptionRow(subscriptionId)).status).toBe('cancelled');
    expect((await alertsOf(merchantId)).filter((alert) => alert.kind === 'subscription_cancelled')).toHaveLength(1);
  });

  it('a tick finds the job locked by another instance and skips it (PostgreSQL)', async () => {
    if (current().kind !== 'postgres') return;
    const handle = current();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(726101)`);
      locked();
      await held;
    });
    await isLocked;
    expect(await runJob('cancel-unpaid-subscriptions', { now: new Date() })).toEqual({ job: 'cancel-unpaid-subscriptions', ran: false });
    release();
    await holder;
  });

  it('Mercado Pago: an installment declined once and on all 4 reattempts shows every attempt with Mercado Pago’s dates, and is told once (GW-MP22, GW-MP23)', async () => {
    const { merchantId, account } = await connectMercadoPago();
    const preapproval = await control<{ id: string }>('mercadopago/preapprovals', {
      userId: account.userId,
      status: 'authorized',
      payer_email: 'ana@example.com',
      auto_recurring: { frequency: 1, frequency_type: 'months', transaction_amount: 49.9, currency_id: 'BRL' },
      notify: true,
    });
    await settle();
    const first = await control<{ id: number; next_retry_date: string | null }>(`mercadopago/preapprovals/${preapproval.id}/charges`, {
      payment_status: 'rejected',
      status_detail: 'cc_rejected_insufficient_amount',
      notify: true,
    });
    await settle();
    const reported = [first];
    for (let reattempt = 0; reattempt < 4; reattempt++) {
      reported.push(
        await control<{ id: number; status: string; retry_attempt: number; next_retry_date: string | null }>(`mercadopago/preapprovals/${preapproval.id}/charges`, {
          payment_status: 'rejected',
          status_detail: 'cc_rejected_insufficient_amount',
          authorized_payment_id: first.id,
          notify: true,
        }),
      );
      await settle();
    }

    const row = await subscriptionRow(preapproval.id);
    const detail = await getSubscriptionDetail(merchantId, row.id);
    const charges = [...(detail?.charges ?? [])].sort((a, b) => a.attempt - b.attempt);
    // Every attempt as Mercado Pago numbers it (retry_attempt 1 = the first charge), no cap of ours.
    expect(charges.map((c) => c.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(charges.map((c) => c.installmentStatus)).toEqual(['recycling', 'recycling', 'recycling', 'recycling', 'processed']);
    // The next attempt is Mercado Pago's own date while it retries; none once the installment is processed.
    const retries = GATEWAY_CATALOG.mercadopago.failures.retries;
    const next = charges.map((c) => retries?.nextAttempt(c) ?? null);
    expect(next.slice(0, 4).map((n) => n && { at: n.at.toISOString(), estimated: n.estimated })).toEqual(
      reported.slice(0, 4).map((r) => ({ at: new Date(r.next_retry_date ?? 0).toISOString(), estimated: false })),
    );
    expect(next[4]).toBeNull();
    // Within ten days of the first attempt (GW-MP22).
    const span = (charges[4]?.chargedAt?.getTime() ?? 0) - (charges[0]?.chargedAt?.getTime() ?? 0);
    expect(span).toBeLessThanOrEqual(10 * DAY);
    // One alert and one email each to the merchant and the customer, for the installment: none per retry.
    const kinds = (await alertsOf(merchantId)).map((alert) => alert.kind);
    expect(kinds.filter((kind) => kind === 'installment_failed')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'payment_failed')).toHaveLength(0);
    const emails = await emailsOf(merchantId);
    expect(emails.map((email) => email.audience).sort()).toEqual(['customer', 'merchant']);
    expect(emails.find((email) => email.audience === 'merchant')?.body).toContain('failed after 5 attempts');
  });

  it('Mercado Pago: three installments declined for good cancel the subscription, told once (GW-MP23)', async () => {
    const { merchantId, account } = await connectMercadoPago();
    const preapproval = await control<{ id: string }>('mercadopago/preapprovals', {
      userId: account.userId,
      status: 'authorized',
      payer_email: 'ana@example.com',
      auto_recurring: { frequency: 1, frequency_type: 'months', transaction_amount: 49.9, currency_id: 'BRL' },
      notify: true,
    });
    await settle();
    for (let installment = 0; installment < 3; installment++) {
      const charge = await control<{ id: number }>(`mercadopago/preapprovals/${preapproval.id}/charges`, { payment_status: 'rejected', notify: true });
      for (let reattempt = 0; reattempt < 4; reattempt++) {
        await control(`mercadopago/preapprovals/${preapproval.id}/charges`, { payment_status: 'rejected', authorized_payment_id: charge.id, notify: true });
      }
      await settle();
    }
    expect((await subscriptionRow(preapproval.id)).status).toBe('cancelled');
    const kinds = (await alertsOf(merchantId)).map((alert) => alert.kind);
    expect(kinds.filter((kind) => kind === 'installment_failed')).toHaveLength(3);
    expect(kinds.filter((kind) => kind === 'subscription_cancelled')).toHaveLength(1);
  });

  it('Mercado Pago without a retry date: the seed’s rule only estimates the next boleto or pix attempt, marked as such (GW-MP25)', () => {
    const retries = GATEWAY_CATALOG.mercadopago.failures.retries;
    const chargedAt = new Date(Date.UTC(2026, 0, 5, 12));
    const attempt = { attempt: 1, status: 'rejected', installmentStatus: 'recycling', paymentMethodType: 'pix', chargedAt, nextRetryAt: null };
    expect(retries?.nextAttempt(attempt)).toEqual({ at: new Date(chargedAt.getTime() + 7 * DAY), estimated: true });
    expect(retries?.nextAttempt({ ...attempt, paymentMethodType: 'visa' })).toBeNull();
    expect(retries?.nextAttempt({ ...attempt, installmentStatus: 'processed' })).toBeNull();
  });

  it('a payment recorded just before a crash is still told when its notification is processed again (kill-9 drill)', async () => {
    const { merchantId, account } = await connectMercadoPago();
    const payment = await control<{ id: number }>('mercadopago/payments', { userId: account.userId, status: 'rejected', transaction_amount: 10, notify: false });
    // The crash: the payment and its history were committed, the alert was not.
    const [row] = await db().select().from(gatewayAccounts).where(eq(gatewayAccounts.merchantId, merchantId));
    const processing = row && (await getProcessingAccount(row.id));
    if (!processing) throw new Error('no account');
    await recordPayment(
      processing,
      { gatewayPaymentId: String(payment.id), reference: null, amountMinor: 1000, currency: 'BRL', status: 'rejected', statusDetail: 'cc_rejected_other_reason', paymentMethodType: 'credit_card', payerEmail: null, payerName: null, gatewayCreatedAt: null, approvedAt: null, gatewayUpdatedAt: null },
      byNotification(null),
    );
    expect(await alertsOf(merchantId)).toHaveLength(0);
    // The notification comes (again): nothing new to record, and the alert is raised once.
    await control(`mercadopago/payments/${payment.id}/status`, { status: 'rejected', notify: true, duplicates: 1 });
    await settle();
    expect((await alertsOf(merchantId)).map((alert) => alert.kind)).toEqual(['payment_failed']);
  });

  it('credentials the gateway refuses raise one alert per account, however often the notification is retried', async () => {
    // The webhook secret is right (notifications get in); the access token is one Mercado Pago refuses.
    const { merchantId, account } = await connectMercadoPago({ accessToken: 'APP_USR-0000000000000000-000000-00000000000000000000000000000000-1' });
    await control('mercadopago/payments', { userId: account.userId, status: 'approved', transaction_amount: 10, notify: true });
    await settle();
    const accountId = await accountIdOf(merchantId);
    await db().update(webhookEvents).set({ nextAttemptAt: new Date(0) }).where(eq(webhookEvents.accountId, accountId));
    await drainWebhookQueue();
    const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId));
    expect(event?.lastError).toMatch(/unauthorized/);
    const rejected = (await alertsOf(merchantId)).filter((alert) => alert.kind === 'credentials_rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.href).toBe('/settings/payment-gateways/mercadopago/manage');
    expect((await emailsOf(merchantId)).map((email) => email.subject)).toEqual(['Mercado Pago refused your credentials']);
  });

  it('requests failing verification raise one alert per account, reason and day', async () => {
    const merchantId = await merchant();
    await saveConnection({
      merchantId,
      gateway: 'secureandpay',
      mode: 'live',
      externalAccountId: `site_${randomBytes(8).toString('hex')}`,
      publicCredentials: {},
      secrets: { apiSecret: randomBytes(20).toString('hex') },
    });
    const accountId = await accountIdOf(merchantId);
    const now = new Date(Date.UTC(2026, 10, 22, 10));
    await db().insert(webhookRejections).values({ accountId, reason: 'bad_signature', count: 3, firstAt: now, lastAt: now });
    expect((await runJob('verification-alerts', { now })).result).toEqual({ raised: 1 });
    expect((await runJob('verification-alerts', { now: new Date(now.getTime() + 60_000) })).result).toEqual({ raised: 0 });
    // The next day, still failing: one more.
    const tomorrow = new Date(now.getTime() + DAY);
    await db().update(webhookRejections).set({ count: 5, lastAt: tomorrow }).where(eq(webhookRejections.accountId, accountId));
    expect((await runJob('verification-alerts', { now: tomorrow })).result).toEqual({ raised: 1 });
    const verification = (await alertsOf(merchantId)).filter((alert) => alert.kind === 'verification_failing');
    expect(verification.map((alert) => alert.params)).toEqual([
      { gateway: 'Secure and Pay', reason: 'bad_signature', count: '3' },
      { gateway: 'Secure and Pay', reason: 'bad_signature', count: '5' },
    ]);
  });
});
