// The overview's rollup (payment_totals) stays exactly what a GROUP BY over payments gives, whatever sequence of
// notifications records the payments, and the overview groups it into days of the merchant's own time zone.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PAYMENT_STATUSES } from '@/core/payment-status';
import type { DatabaseHandle } from '@/db';
import {
  applyPaymentTotals,
  getOverviewTotals,
  getSetupProgress,
  listLatestUnreadAlerts,
  listRecentPayments,
  usableTimeZone,
} from '@/db/queries/overview';
import { byNotification, getProcessingAccount, recordPayment, type PaymentFacts } from '@/db/queries/payments';
import { createUser } from '@/db/queries/users';
import { alerts, gatewayAccounts, orders, paymentTotals, payments, prices, webhookEvents } from '@/db/schema';
import { saveConnection } from '@/lib/gateways/connections';
import { summarizeTotals } from '@/lib/overview/summary';
import { describeEachDatabase } from './support/databases';

async function merchant() {
  const user = await createUser({ name: 'Ana', email: `ana-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('no user');
  return user;
}

async function account(merchantId?: string) {
  const owner = merchantId ?? (await merchant()).id;
  const connection = await saveConnection({
    merchantId: owner,
    gateway: 'mercadopago',
    mode: 'live',
    country: 'BR',
    externalAccountId: String(Math.floor(Math.random() * 1e9)),
    publicCredentials: { publicKey: 'APP_USR-public' },
    secrets: { accessToken: 'APP_USR-token-0000' },
  });
  const found = await getProcessingAccount(connection.id);
  if (!found) throw new Error('no account');
  return found;
}

const facts = (overrides: Partial<PaymentFacts>): PaymentFacts => ({
  gatewayPaymentId: '1',
  reference: null,
  amountMinor: 10_000,
  currency: 'BRL',
  status: 'approved',
  statusDetail: 'accredited',
  paymentMethodType: 'credit_card',
  payerEmail: null,
  payerName: null,
  gatewayCreatedAt: new Date('2026-12-01T10:00:00Z'),
  approvedAt: null,
  gatewayUpdatedAt: null,
  ...overrides,
});

const at = (iso: string) => new Date(iso);

/** postgres.js returns the rows, PGlite an object holding them. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** The rollup's non-zero rows, and the same sums computed afresh from payments, as comparable strings. */
async function rollupAndTruth(handle: DatabaseHandle, merchantIds: string[]) {
  const ids = sql.join(merchantIds.map((id) => sql`${id}::uuid`), sql`, `);
  const rollup = rowsOf<{ line: string }>(
    await handle.db.execute(sql`
      select concat_ws('|', merchant_id, currency, to_char(bucket at time zone 'UTC', 'YYYY-MM-DD HH24:MI'), approved_minor, approved_count, failed_count) as line
      from payment_totals
      where merchant_id in (${ids}) and (approved_minor <> 0 or approved_count <> 0 or failed_count <> 0)
      order by 1`),
  ).map((row) => row.line);
  const truth = rowsOf<{ line: string }>(
    await handle.db.execute(sql`
      select concat_ws('|', merchant_id, currency, to_char(to_timestamp(floor(extract(epoch from created_at) / 900) * 900) at time zone 'UTC', 'YYYY-MM-DD HH24:MI'),
        coalesce(sum(amount_minor - refunded_minor) filter (where status = 'approved'), 0),
        count(*) filter (where status = 'approved'), count(*) filter (where status in ('rejected', 'cancelled'))) as line
      from payments
      where merchant_id in (${ids}) and status in ('approved', 'rejected', 'cancelled')
      group by merchant_id, currency, to_timestamp(floor(extract(epoch from created_at) / 900) * 900)
      order by 1`),
  ).map((row) => row.line);
  return { rollup, truth };
}

describeEachDatabase('overview rollup', (current) => {
  it('equals a fresh GROUP BY after inserts, status changes, refunds and notifications out of order', async () => {
    const owner = await account();
    const record = (overrides: Partial<PaymentFacts>) => recordPayment(owner, facts(overrides), byNotification(null));
    // approved → partially refunded → refunded
    await record({ gatewayPaymentId: 'a', gatewayUpdatedAt: at('2026-12-01T10:00:00Z') });
    await record({ gatewayPaymentId: 'a', statusDetail: 'partially_refunded', refundedMinor: 2_500, gatewayUpdatedAt: at('2026-12-01T11:00:00Z') });
    let check = await rollupAndTruth(current(), [owner.merchantId]);
    expect(check.rollup).toEqual(check.truth);
    expect(check.rollup).toHaveLength(1);
    expect(check.rollup[0]).toMatch(/\|7500\|1\|0$/);
    await record({ gatewayPaymentId: 'a', status: 'refunded', statusDetail: 'refunded', refundedMinor: 10_000, gatewayUpdatedAt: at('2026-12-01T12:00:00Z') });
    // pending → rejected
    await record({ gatewayPaymentId: 'b', status: 'pending', statusDetail: 'pending_contingency', amountMinor: 4_000 });
    await record({ gatewayPaymentId: 'b', status: 'rejected', statusDetail: 'cc_rejected_other_reason', amountMinor: 4_000 });
    // Out of order: approved first, its older pending copy late (nothing changes), then a dispute and its resolution.
    await record({ gatewayPaymentId: 'c', amountMinor: 7_000, gatewayUpdatedAt: at('2026-12-01T10:05:00Z') });
    expect((await record({ gatewayPaymentId: 'c', status: 'pending', amountMinor: 7_000, gatewayUpdatedAt: at('2026-12-01T10:00:00Z') })).change).toBe('unchanged');
    await record({ gatewayPaymentId: 'c', status: 'in_mediation', amountMinor: 7_000, gatewayUpdatedAt: at('2026-12-02T10:00:00Z') });
    check = await rollupAndTruth(current(), [owner.merchantId]);
    expect(check.rollup).toEqual(check.truth);
    await record({ gatewayPaymentId: 'c', status: 'approved', amountMinor: 7_000, gatewayUpdatedAt: at('2026-12-03T10:00:00Z') });
    // A second currency, cancelled.
    await record({ gatewayPaymentId: 'd', status: 'authorized', currency: 'USD', amountMinor: 1_000 });
    await record({ gatewayPaymentId: 'd', status: 'cancelled', currency: 'USD', amountMinor: 1_000 });
    check = await rollupAndTruth(current(), [owner.merchantId]);
    expect(check.rollup).toEqual(check.truth);
    // c approved (7 000); a refunded and b rejected; d cancelled in USD.
    const lines = check.rollup.map((line) => line.split('|').slice(1).filter((_, i) => i !== 1).join('|'));
    expect(lines).toEqual(['BRL|7000|1|1', 'USD|0|0|1']);
  });

  it('stays exact under any sequence of notifications (property), and the migration’s backfill computes the same', async () => {
    const handle = current();
    const owners = [await account(), await account()];
    const event = fc.record({
      owner: fc.integer({ min: 0, max: 1 }),
      id: fc.constantFrom('p1', 'p2'),
      // Every status, approved more often: its partial refunds (same status, newer copy) are the subtle case.
      status: fc.oneof({ weight: 3, arbitrary: fc.constant('approved' as const) }, { weight: 5, arbitrary: fc.constantFrom(...PAYMENT_STATUSES) }),
      currency: fc.constantFrom('BRL', 'USD'),
      amountMinor: fc.constantFrom(1_000, 2_500),
      refundedMinor: fc.option(fc.constantFrom(0, 500, 1_000), { nil: undefined }),
      detail: fc.constantFrom('accredited', 'partially_refunded', null),
      updatedMinute: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 12 }), async (events) => {
        run += 1;
        for (const e of events) {
          const owner = owners[e.owner];
          if (!owner) throw new Error('no owner');
          await recordPayment(
            owner,
            facts({
              gatewayPaymentId: `${run}-${e.id}`,
              status: e.status,
              currency: e.currency,
              amountMinor: e.amountMinor,
              refundedMinor: e.refundedMinor,
              statusDetail: e.detail,
              gatewayUpdatedAt: e.updatedMinute === null ? null : new Date(Date.UTC(2026, 11, 1, 10, e.updatedMinute)),
            }),
            byNotification(null),
          );
        }
        const check = await rollupAndTruth(handle, owners.map((owner) => owner.merchantId));
        expect(check.rollup).toEqual(check.truth);
      }),
      { numRuns: 40 },
    );
    // Spread the payments over several quarter hours and rebuild the rollup with the migration's own statement.
    await handle.db.execute(sql`update payments set created_at = created_at - (random() * interval '3 days')`);
    await handle.db.delete(paymentTotals);
    const migration = readFileSync(path.join(__dirname, '..', 'db', 'migrations', '0010_payment_totals.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((statement) => statement.includes('INSERT INTO "payment_totals"'));
    if (!backfill) throw new Error('no backfill statement in migration 0010');
    await handle.db.execute(sql.raw(backfill));
    const check = await rollupAndTruth(handle, owners.map((owner) => owner.merchantId));
    expect(check.truth.length).toBeGreaterThan(0);
    expect(check.rollup).toEqual(check.truth);
  });

  it('keeps every concurrent change to one bucket (additive upserts)', async () => {
    const owner = await account();
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordPayment(owner, facts({ gatewayPaymentId: `c${i}`, amountMinor: 100 }), byNotification(null))));
    const check = await rollupAndTruth(current(), [owner.merchantId]);
    expect(check.rollup).toEqual(check.truth);
    const [sum] = await current()
      .db.select({ total: sql<string>`sum(${paymentTotals.approvedMinor})::text`, count: sql<number>`sum(${paymentTotals.approvedCount})::int` })
      .from(paymentTotals)
      .where(eq(paymentTotals.merchantId, owner.merchantId));
    expect(sum).toEqual({ total: '2000', count: 20 });
  });
});

describeEachDatabase('overview days in the merchant’s time zone', () => {
  /** Approved (or rejected) payments created at the given times, put straight into the rollup. */
  async function seed(merchantId: string, rows: Array<[iso: string, amountMinor: number, status?: 'approved' | 'rejected']>) {
    const { getDb } = await import('@/db');
    const db = await getDb();
    for (const [iso, amountMinor, status = 'approved'] of rows) {
      await applyPaymentTotals(db, null, { merchantId, currency: 'BRL', createdAt: new Date(iso), status, amountMinor, refundedMinor: 0 });
    }
  }

  it('America/Sao_Paulo (UTC−3): a day runs from 03:00 to 03:00 UTC', async () => {
    const { id } = await merchant();
    await seed(id, [
      ['2026-12-02T02:59:59Z', 1], // 1 Dec, 23:59:59 in São Paulo
      ['2026-12-02T03:00:00Z', 10], // 2 Dec, 00:00
      ['2026-12-03T02:45:00Z', 100], // 2 Dec, 23:45 (the day's last quarter hour)
      ['2026-12-03T03:00:00Z', 1_000], // 3 Dec: tomorrow, not shown
      ['2026-12-02T12:00:00Z', 0, 'rejected'],
    ]);
    const { today, days } = await getOverviewTotals(id, 'America/Sao_Paulo', { days: 30, now: at('2026-12-02T23:00:00Z') });
    expect(today).toBe('2026-12-02');
    expect(days.map((d) => [d.day, d.approvedMinor, d.approvedCount, d.failedCount]).sort()).toEqual([
      ['2026-12-01', 1, 1, 0],
      ['2026-12-02', 110, 2, 1],
    ]);
    const [brl] = summarizeTotals(today, days);
    expect(brl?.today).toEqual({ approvedMinor: 110, approvedCount: 2, failedCount: 1 });
    expect(brl?.week).toEqual({ approvedMinor: 111, approvedCount: 3, failedCount: 1 });
    // The same rows in UTC: 02:59:59 and 03:00 are both on 2 December, and the 3 December ones are today's.
    const utc = await getOverviewTotals(id, 'UTC', { days: 30, now: at('2026-12-03T10:00:00Z') });
    expect(utc.days.map((d) => [d.day, d.approvedMinor]).sort()).toEqual([
      ['2026-12-02', 11],
      ['2026-12-03', 1_100],
    ]);
  });

  it('Asia/Kolkata (UTC+5:30) and Asia/Kathmandu (UTC+5:45): days start on a half and a quarter hour', async () => {
    const { id } = await merchant();
    await seed(id, [
      ['2026-12-01T18:15:00Z', 1], // Kolkata 1 Dec 23:45 | Kathmandu 2 Dec 00:00
      ['2026-12-01T18:30:00Z', 10], // Kolkata 2 Dec 00:00
      ['2026-12-02T18:15:00Z', 100], // Kolkata 2 Dec 23:45 | Kathmandu 3 Dec 00:00
    ]);
    const kolkata = await getOverviewTotals(id, 'Asia/Kolkata', { days: 30, now: at('2026-12-02T12:00:00Z') });
    expect(kolkata.today).toBe('2026-12-02');
    expect(kolkata.days.map((d) => [d.day, d.approvedMinor]).sort()).toEqual([
      ['2026-12-01', 1],
      ['2026-12-02', 110],
    ]);
    const kathmandu = await getOverviewTotals(id, 'Asia/Kathmandu', { days: 30, now: at('2026-12-02T12:00:00Z') });
    expect(kathmandu.days.map((d) => [d.day, d.approvedMinor]).sort()).toEqual([['2026-12-02', 11]]);
  });

  it('reads 30 days, today included: the first of them from its midnight, nothing before', async () => {
    const { id } = await merchant();
    await seed(id, [
      ['2026-11-03T02:59:00Z', 1], // São Paulo 2 Nov 23:59: 31 days ago, left out
      ['2026-11-03T03:00:00Z', 10], // 3 Nov 00:00: the first of the 30 days
      ['2026-11-26T03:00:00Z', 100], // 26 Nov: the first of the last 7 days
    ]);
    const { today, days } = await getOverviewTotals(id, 'America/Sao_Paulo', { days: 30, now: at('2026-12-02T15:00:00Z') });
    expect(days.map((d) => d.day).sort()).toEqual(['2026-11-03', '2026-11-26']);
    const [brl] = summarizeTotals(today, days);
    expect(brl?.series).toHaveLength(30);
    expect(brl?.series[0]).toEqual({ day: '2026-11-03', approvedMinor: 10, approvedCount: 1 });
    expect(brl?.week.approvedMinor).toBe(100);
    expect(brl?.month.approvedMinor).toBe(110);
    expect(brl?.today.approvedMinor).toBe(0);
  });

  it('falls back to UTC for a zone it does not know, and has no rows for a new merchant', async () => {
    expect(usableTimeZone('Not/AZone')).toBe('UTC');
    expect(usableTimeZone('Asia/Calcutta')).toBe('Asia/Calcutta');
    const { id } = await merchant();
    const { today, days } = await getOverviewTotals(id, 'Not/AZone', { days: 30, now: at('2026-12-02T23:30:00Z') });
    expect(today).toBe('2026-12-02');
    expect(days).toEqual([]);
  });
});

describeEachDatabase('overview setup checklist, recent payments and alerts', (current) => {
  it('ticks each step from what the merchant has done', async () => {
    const user = await merchant();
    expect(await getSetupProgress(user.id)).toEqual({
      gatewayConnected: false,
      webhookReceived: false,
      priceCreated: false,
      pageShared: false,
      firstPayment: false,
    });
    const owner = await account(user.id);
    expect(await getSetupProgress(user.id)).toMatchObject({ gatewayConnected: true, webhookReceived: false });
    const db = current().db;
    await db.insert(webhookEvents).values({ accountId: owner.id, gateway: 'mercadopago', channel: 'webhook', verification: 'verified', dedupeKey: 'k1', type: 'payment', rawBody: '{}' });
    expect(await getSetupProgress(user.id)).toMatchObject({ webhookReceived: true, priceCreated: false });
    const [price] = await db
      .insert(prices)
      .values({ merchantId: user.id, slug: `p-${randomBytes(4).toString('hex')}`, name: 'Curso', amountMinor: 10_000, currency: 'BRL', kind: 'one_time', gateway: 'mercadopago', accountId: owner.id })
      .returning();
    if (!price) throw new Error('no price');
    expect(await getSetupProgress(user.id)).toMatchObject({ priceCreated: true, pageShared: false });
    await db.insert(orders).values({
      merchantId: user.id,
      priceId: price.id,
      accountId: owner.id,
      submissionKey: randomBytes(8).toString('hex'),
      amountMinor: 10_000,
      currency: 'BRL',
      customerEmail: 'joao@example.com',
      customerFirstName: 'João',
      customerLastName: 'Silva',
    });
    expect(await getSetupProgress(user.id)).toMatchObject({ pageShared: true, firstPayment: false });
    await recordPayment(owner, facts({ gatewayPaymentId: 'first' }), byNotification(null));
    expect(Object.values(await getSetupProgress(user.id)).every(Boolean)).toBe(true);
    // Disconnected: the gateway and its webhook URL are to be set up again (a reconnected account has a new URL).
    await db.update(gatewayAccounts).set({ status: 'disconnected' }).where(eq(gatewayAccounts.id, owner.id));
    expect(await getSetupProgress(user.id)).toMatchObject({ gatewayConnected: false, webhookReceived: false, priceCreated: true, firstPayment: true });
  });

  it('lists the latest payments and unread alerts, newest first, only the merchant’s own', async () => {
    const owner = await account();
    const stranger = await account();
    for (let i = 0; i < 10; i += 1) await recordPayment(owner, facts({ gatewayPaymentId: `r${i}`, payerName: `Payer ${i}` }), byNotification(null));
    await recordPayment(stranger, facts({ gatewayPaymentId: 'x' }), byNotification(null));
    const db = current().db;
    // Distinct creation times, so "newest first" is observable.
    await db.execute(sql`update payments set created_at = now() - (cast(substr(gateway_payment_id, 2) as int) * interval '1 minute') where merchant_id = ${owner.merchantId}`);
    const recent = await listRecentPayments(owner.merchantId, 8);
    expect(recent.map((p) => p.payerName)).toEqual(['Payer 0', 'Payer 1', 'Payer 2', 'Payer 3', 'Payer 4', 'Payer 5', 'Payer 6', 'Payer 7']);
    const ownRows = await db.select({ id: payments.id }).from(payments).where(eq(payments.merchantId, owner.merchantId));
    expect(ownRows).toHaveLength(10);

    const alert = (key: string, minutesAgo: number, read = false) => ({
      merchantId: owner.merchantId,
      kind: 'payment_failed' as const,
      dedupeKey: key,
      params: {},
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
      readAt: read ? new Date() : null,
    });
    await db.insert(alerts).values([alert('a', 5), alert('b', 4, true), alert('c', 3), alert('d', 2), alert('e', 1)]);
    await db.insert(alerts).values({ ...alert('z', 0), merchantId: stranger.merchantId });
    expect((await listLatestUnreadAlerts(owner.merchantId, 3)).map((a) => a.id).length).toBe(3);
    const latest = await listLatestUnreadAlerts(owner.merchantId, 10);
    const keys = await Promise.all(latest.map(async (row) => (await db.select({ key: alerts.dedupeKey }).from(alerts).where(eq(alerts.id, row.id)))[0]?.key));
    expect(keys).toEqual(['e', 'd', 'c', 'a']);
  });
});

describe('usableTimeZone', () => {
  it('keeps IANA zones and refuses anything else', () => {
    expect(usableTimeZone('America/Sao_Paulo')).toBe('America/Sao_Paulo');
    expect(usableTimeZone('')).toBe('UTC');
    expect(usableTimeZone("UTC'; drop table users; --")).toBe('UTC');
  });
});
