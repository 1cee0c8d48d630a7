// The notifications inbox partitioned by month (issue 16, migration 0013): each notification lands in its month's
// partition, a redelivery is recognised across a month boundary, a month without a partition is caught by the default
// one and moved out when its month is added, and retention drops a past month whole but never one with queued work.
// PGlite and, with DATABASE_URL, PostgreSQL.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { addInboxMonths, dropInboxMonthsBefore, listInboxMonths } from '@/db/queries/inbox-partitions';
import { monthOf, storeNotification, type InboxEntry } from '@/db/queries/webhook-events';
import { gatewayAccounts, webhookEvents } from '@/db/schema';
import { INBOX_MONTHS_AHEAD, purgeOldData, retentionSettings } from '@/lib/scheduler/retention';
import { describeEachDatabase } from './support/databases';
import { connectMercadoPago } from './webhooks/support';

const DAY = 86_400_000;

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => vi.restoreAllMocks());

it('names a time by the first day of its month in UTC', () => {
  expect(monthOf(new Date('2027-01-31T23:59:59.999Z'))).toBe('2027-01-01');
  expect(monthOf(new Date('2027-02-01T00:00:00.000Z'))).toBe('2027-02-01');
  // 22:30 on 31 December in São Paulo is already January in UTC.
  expect(monthOf(new Date('2026-12-31T22:30:00-03:00'))).toBe('2027-01-01');
});

describeEachDatabase('the inbox by month', (current) => {
  const db = () => current().db;

  async function account(): Promise<string> {
    const connected = await connectMercadoPago();
    const [row] = await db().select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.publicId, connected.publicId));
    if (!row) throw new Error('no account');
    return row.id;
  }

  function entry(accountId: string, receivedAt: Date, dedupeKey = `webhook:${randomUUID()}`): InboxEntry {
    return {
      accountId,
      gateway: 'mercadopago',
      channel: 'webhook',
      verification: 'verified',
      dedupeKey,
      eventId: dedupeKey,
      resourceId: '123',
      type: 'payment',
      action: 'payment.updated',
      occurredAt: receivedAt,
      rawBody: '{"data":{"id":"123"}}',
      headers: {},
      query: '',
      receivedAt,
    };
  }

  /** Which table holds each of the account's notifications, by dedupe key. */
  async function placement(accountId: string): Promise<Record<string, string>> {
    const rows = await db()
      .select({ key: webhookEvents.dedupeKey, partition: sql<string>`${webhookEvents}.tableoid::regclass::text` })
      .from(webhookEvents)
      .where(eq(webhookEvents.accountId, accountId));
    return Object.fromEntries(rows.map((row) => [row.key, row.partition]));
  }

  it('starts with this month and the next three, and stores a notification in its own month', async () => {
    const now = new Date();
    const months = (await listInboxMonths(db())).map((month) => month.month);
    for (let ahead = 0; ahead <= INBOX_MONTHS_AHEAD; ahead++) {
      expect(months).toContain(monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1))));
    }
    const accountId = await account();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 3));
    expect(await storeNotification(db(), entry(accountId, now, 'now'))).toBe('stored');
    expect(await storeNotification(db(), entry(accountId, next, 'next'))).toBe('stored');
    const name = (at: Date) => `webhook_events_y${at.getUTCFullYear()}m${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(await placement(accountId)).toEqual({ now: name(now), next: name(next) });
  });

  it('recognises a redelivery in the same month and in the next one', async () => {
    const accountId = await account();
    await addInboxMonths(db(), new Date('2031-01-10T00:00:00Z'), 3);
    const first = new Date('2031-01-31T23:50:00Z');
    expect(await storeNotification(db(), entry(accountId, first, 'key-1'))).toBe('stored');
    expect(await storeNotification(db(), entry(accountId, new Date('2031-01-31T23:55:00Z'), 'key-1'))).toBe('duplicate');
    // Ten minutes later it is February: another partition, and still the same notification.
    expect(await storeNotification(db(), entry(accountId, new Date('2031-02-01T00:00:00Z'), 'key-1'))).toBe('duplicate');
    expect(await storeNotification(db(), entry(accountId, new Date('2031-02-27T00:00:00Z'), 'key-1'))).toBe('duplicate');
    const rows = await db().select({ month: webhookEvents.receivedMonth }).from(webhookEvents).where(eq(webhookEvents.dedupeKey, 'key-1'));
    expect(rows).toEqual([{ month: '2031-01-01' }]);
  });

  it('keeps a notification whose month has no partition in the default one, and moves it when the month is added', async () => {
    const accountId = await account();
    const far = new Date('2040-05-20T10:00:00Z');
    expect(await storeNotification(db(), entry(accountId, far, 'far'))).toBe('stored');
    expect((await placement(accountId)).far).toBe('webhook_events_default');
    // A redelivery while it waits there is still one notification.
    expect(await storeNotification(db(), entry(accountId, far, 'far'))).toBe('duplicate');

    const added = await addInboxMonths(db(), new Date(), INBOX_MONTHS_AHEAD);
    expect(added).toContain('2040-05-01');
    expect((await placement(accountId)).far).toBe('webhook_events_y2040m05');
    const [row] = await db().select().from(webhookEvents).where(eq(webhookEvents.dedupeKey, 'far'));
    expect(row).toMatchObject({ status: 'pending', rawBody: '{"data":{"id":"123"}}', receivedAt: far, receivedMonth: '2040-05-01' });
    // Adding it again changes nothing.
    expect(await addInboxMonths(db(), new Date(), INBOX_MONTHS_AHEAD)).toEqual([]);
  });

  it('drops a month that ended before the cutoff whole, and keeps one that still holds queued work', async () => {
    const accountId = await account();
    await addInboxMonths(db(), new Date('2020-01-15T00:00:00Z'), 2);
    for (const [key, at] of [
      ['jan-a', '2020-01-05T00:00:00Z'],
      ['jan-b', '2020-01-31T23:59:59Z'],
      ['feb', '2020-02-10T00:00:00Z'],
      ['mar', '2020-03-10T00:00:00Z'],
    ] as const) {
      expect(await storeNotification(db(), entry(accountId, new Date(at), key))).toBe('stored');
    }
    await db().update(webhookEvents).set({ status: 'processed' }).where(sql`${webhookEvents.dedupeKey} in ('jan-a', 'jan-b', 'mar')`);

    // The cutoff is in March: January and February ended before it; February still has a pending notification.
    const result = await dropInboxMonthsBefore(db(), new Date('2020-03-05T00:00:00Z'));
    expect(result).toEqual({ dropped: ['2020-01-01'], kept: ['2020-02-01'] });
    expect(Object.keys(await placement(accountId)).sort()).toEqual(['feb', 'mar']);
    const months = (await listInboxMonths(db())).map((month) => month.month);
    expect(months).not.toContain('2020-01-01');
    expect(months).toContain('2020-02-01');

    // Once February's notification is processed, the next run drops it too; March (not ended) stays.
    await db().update(webhookEvents).set({ status: 'processed' }).where(eq(webhookEvents.dedupeKey, 'feb'));
    expect(await dropInboxMonthsBefore(db(), new Date('2020-03-05T00:00:00Z'))).toEqual({ dropped: ['2020-02-01'], kept: [] });
    expect(Object.keys(await placement(accountId))).toEqual(['mar']);
  });

  it('is part of the retention job: the months ahead are added and the months past RETENTION_NOTIFICATION_DAYS dropped', async () => {
    const accountId = await account();
    await addInboxMonths(db(), new Date('2024-06-01T00:00:00Z'), 0);
    expect(await storeNotification(db(), entry(accountId, new Date('2024-06-10T00:00:00Z'), 'old'))).toBe('stored');
    // Everything this database holds (the earlier tests' notifications too) is done with.
    await db().update(webhookEvents).set({ status: 'processed' });
    const now = new Date('2045-01-15T00:00:00Z');
    const summary = await purgeOldData(db(), now, { ...retentionSettings(), notificationDays: 400 });
    expect(summary.inboxMonthsAdded).toBe(INBOX_MONTHS_AHEAD + 1);
    expect(summary.inboxMonthsDropped).toBeGreaterThanOrEqual(1);
    const months = (await listInboxMonths(db())).map((month) => month.month);
    expect(months).toEqual(['2045-01-01', '2045-02-01', '2045-03-01', '2045-04-01']);
    expect(await placement(accountId)).toEqual({});
    // Nothing 400 days old or younger was dropped.
    expect(new Date(`${months[0]}T00:00:00Z`).getTime()).toBeGreaterThan(now.getTime() - 400 * DAY);
  });
});
