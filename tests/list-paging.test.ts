// The Payments and Subscriptions lists a page at a time (issue 16): a cursor in the URL instead of a page number,
// Newer / Older in both directions without a row lost or repeated (rows sharing one created_at included), a count
// that stops at its cap, and the substring search on the trigram indexes (pg_trgm, loaded on PGlite too).
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { listPayments, listSubscriptions, type ListFilters, type ListLimits } from '@/db/queries/payment-views';
import { gatewayAccounts, payments, subscriptions } from '@/db/schema';
import { describeEachDatabase } from './support/databases';
import { connectMercadoPago } from './webhooks/support';

const small: ListLimits = { pageSize: 4, countCap: 7 };

describeEachDatabase('list paging', (current) => {
  let merchantId = '';
  let otherMerchantId = '';
  /** The merchant's payment ids, newest first (created_at descending, then id descending). */
  let expectedOrder: string[] = [];

  beforeAll(async () => {
    const db = current().db;
    const account = await connectMercadoPago();
    const other = await connectMercadoPago();
    merchantId = account.merchantId;
    otherMerchantId = other.merchantId;
    const accountId = async (merchant: string) =>
      (await db.select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.merchantId, merchant)))[0]?.id ?? '';
    const base = Date.UTC(2026, 0, 1);
    // 10 payments, two to each created_at (to the microsecond): the id must break the tie.
    const rows = Array.from({ length: 10 }, (_, index) => ({
      merchantId,
      accountId: '',
      gateway: 'mercadopago' as const,
      gatewayPaymentId: String(9_000 + index),
      reference: `order-${index}`,
      amountMinor: 1000 + index,
      currency: 'BRL',
      status: index % 2 === 0 ? ('approved' as const) : ('rejected' as const),
      payerEmail: `buyer${String(index).padStart(6, '0')}@example.com`,
      payerName: index === 3 ? 'Ana 100%_Souza' : 'João Silva',
      createdAt: new Date(base + Math.floor(index / 2) * 60_000),
    }));
    const ownAccount = await accountId(merchantId);
    await db.insert(payments).values(rows.map((row) => ({ ...row, accountId: ownAccount })));
    const [sample] = rows;
    if (!sample) throw new Error('no rows');
    await db.insert(payments).values({ ...sample, merchantId: otherMerchantId, accountId: await accountId(otherMerchantId), gatewayPaymentId: '1' });
    await db.insert(subscriptions).values(
      Array.from({ length: 6 }, (_, index) => ({
        merchantId,
        accountId: ownAccount,
        gateway: 'mercadopago' as const,
        gatewaySubscriptionId: `pre-${index}`,
        reference: `sub-order-${index}`,
        status: 'authorized' as const,
        amountMinor: 500,
        currency: 'BRL',
        intervalUnit: 'months' as const,
        intervalCount: 1,
        payerEmail: `subscriber${index}@example.com`,
        createdAt: new Date(base + index * 60_000),
      })),
    );
    const all = await listPayments(merchantId, {}, { pageSize: 100, countCap: 100 });
    expectedOrder = all.rows.map((row) => row.id);
  });

  /** Follows Older links from the first page to the last, then Newer links back; returns the pages' ids both ways. */
  async function walk(filters: Omit<ListFilters, 'cursor'>) {
    const down: string[][] = [];
    let page = await listPayments(merchantId, filters, small);
    down.push(page.rows.map((row) => row.id));
    expect(page.links.newer).toBeUndefined();
    while (page.links.older) {
      page = await listPayments(merchantId, { ...filters, cursor: { direction: 'after', id: page.links.older } }, small);
      down.push(page.rows.map((row) => row.id));
    }
    const up: string[][] = [];
    while (page.links.newer) {
      page = await listPayments(merchantId, { ...filters, cursor: { direction: 'before', id: page.links.newer } }, small);
      up.push(page.rows.map((row) => row.id));
    }
    return { down, up };
  }

  it('pages Older through every payment once, in order, and Newer back up to the first page', async () => {
    expect(expectedOrder).toHaveLength(10);
    const created = expectedOrder.length;
    const { down, up } = await walk({});
    expect(down.map((ids) => ids.length)).toEqual([4, 4, 2]);
    expect(down.flat()).toEqual(expectedOrder);
    expect(new Set(down.flat()).size).toBe(created);
    // Newer from the last page: the page above it, then the first page (whole, with no Newer link).
    expect(up).toEqual([down[1], down[0]]);
  });

  it('keeps the filters while paging', async () => {
    const { down } = await walk({ status: 'approved' });
    expect(down.flat()).toHaveLength(5);
    const approved = await listPayments(merchantId, { status: 'approved' }, { pageSize: 100, countCap: 100 });
    expect(down.flat()).toEqual(approved.rows.map((row) => row.id));
    expect(approved.rows.every((row) => row.status === 'approved')).toBe(true);
  });

  it('counts up to the cap and says when there are more', async () => {
    expect((await listPayments(merchantId, {}, small)).count).toEqual({ value: 7, capped: true });
    expect((await listPayments(merchantId, { status: 'approved' }, small)).count).toEqual({ value: 5, capped: false });
    expect((await listPayments(merchantId, {})).count).toEqual({ value: 10, capped: false });
    expect((await listPayments(merchantId, { query: 'nothing-like-this' })).count).toEqual({ value: 0, capped: false });
  });

  it('searches payer email, payer name and reference as substrings, % and _ literally', async () => {
    const ids = async (query: string) => (await listPayments(merchantId, { query })).rows.map((row) => row.gatewayPaymentId);
    expect(await ids('buyer000004')).toEqual(['9004']);
    expect(await ids('UYER000004@EXAMPLE')).toEqual(['9004']);
    expect(await ids('der-7')).toEqual(['9007']);
    expect(await ids('100%_sou')).toEqual(['9003']);
    expect(await ids('na%')).toEqual([]);
    expect((await ids('silva')).length).toBe(9);
  });

  it('ignores a cursor that names another merchant’s payment or none at all: the first page', async () => {
    const foreign = (await listPayments(otherMerchantId, {})).rows[0]?.id ?? '';
    const first = (await listPayments(merchantId, {}, small)).rows.map((row) => row.id);
    for (const id of [foreign, '00000000-0000-4000-8000-000000000000']) {
      for (const direction of ['after', 'before'] as const) {
        expect((await listPayments(merchantId, { cursor: { direction, id } }, small)).rows.map((row) => row.id)).toEqual(first);
      }
    }
  });

  it('pages subscriptions the same way', async () => {
    const limits = { pageSize: 4, countCap: 5 };
    const first = await listSubscriptions(merchantId, {}, limits);
    expect(first.count).toEqual({ value: 5, capped: true });
    expect(first.rows.map((row) => row.gatewaySubscriptionId)).toEqual(['pre-5', 'pre-4', 'pre-3', 'pre-2']);
    const second = await listSubscriptions(merchantId, { cursor: { direction: 'after', id: first.links.older ?? '' } }, limits);
    expect(second.rows.map((row) => row.gatewaySubscriptionId)).toEqual(['pre-1', 'pre-0']);
    expect(second.links).toEqual({ newer: second.rows[0]?.id, older: undefined });
    expect((await listSubscriptions(merchantId, { query: 'subscriber3@' })).rows.map((row) => row.gatewaySubscriptionId)).toEqual(['pre-3']);
  });
});
