// Search as the real API answers it: payments by external_reference with sort, criteria, limit and offset, and
// preapprovals by external_reference, payer_email and status; each token sees its own account's objects only.
import { describe, expect, it } from 'vitest';
import { withSimulatorAndReceiver } from '../test-support';
import { mercadoPagoTestKit, type Json } from './test-kit';

const harness = withSimulatorAndReceiver([50]);
const { call, createAccount, createPayment } = mercadoPagoTestKit(harness);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Page = { paging: Json; results: Json[] };

describe('GET /v1/payments/search', () => {
  it('finds the caller’s payments by external_reference, newest first, in pages', async () => {
    const owner = await createAccount();
    const other = await createAccount();
    const ids: number[] = [];
    for (const amount of [10, 20, 30]) {
      ids.push((await createPayment(owner.userId, { external_reference: 'order-7', transaction_amount: amount, notify: false })).id);
      await pause(3);
    }
    await createPayment(owner.userId, { external_reference: 'order-8', notify: false });
    const foreign = await createPayment(other.userId, { external_reference: 'order-7', notify: false });
    const search = async (query: string, token = owner.accessToken) => (await call(`/mercadopago/v1/payments/search?${query}`, { token })).body as unknown as Page;

    const all = await search('external_reference=order-7');
    expect(Object.keys(all.paging)).toEqual(['total', 'limit', 'offset']);
    expect(all.paging).toEqual({ total: 3, limit: 30, offset: 0 });
    expect(all.results.map((p) => p.id)).toEqual([...ids].reverse());
    expect(all.results[0]).toMatchObject({ external_reference: 'order-7', collector_id: owner.userId, transaction_amount: 30, status: 'approved', refunds: [] });

    const firstPage = await search('external_reference=order-7&sort=date_created&criteria=asc&limit=2&offset=0');
    expect(firstPage.paging).toEqual({ total: 3, limit: 2, offset: 0 });
    expect(firstPage.results.map((p) => p.id)).toEqual(ids.slice(0, 2));
    const secondPage = await search('external_reference=order-7&sort=date_created&criteria=asc&limit=2&offset=2');
    expect(secondPage.results.map((p) => p.id)).toEqual(ids.slice(2));
    expect((await search('external_reference=order-7&offset=5')).results).toEqual([]);

    const theirs = await search('external_reference=order-7', other.accessToken);
    expect(theirs.paging.total).toBe(1);
    expect(theirs.results.map((p) => p.id)).toEqual([foreign.id]);
    expect((await search('external_reference=nothing')).paging.total).toBe(0);
  });

  it('filters by status and date range, sorts by date_approved, and refuses bad parameters and a missing token', async () => {
    const account = await createAccount();
    const approved = await createPayment(account.userId, { external_reference: 'r', notify: false });
    const pending = await createPayment(account.userId, { external_reference: 'r', status: 'pending', notify: false });
    const search = (query: string) => call(`/mercadopago/v1/payments/search?${query}`, { token: account.accessToken });
    expect(((await search('status=pending')).body as unknown as Page).results.map((p) => p.id)).toEqual([pending.id]);
    // Payments without a date_approved come last.
    expect(((await search('sort=date_approved&criteria=desc')).body as unknown as Page).results.map((p) => p.id)).toEqual([approved.id, pending.id]);
    const since = new Date(Date.now() - 60_000).toISOString();
    expect(((await search(`range=date_created&begin_date=${since}`)).body as unknown as Page).paging.total).toBe(2);
    expect(((await search(`range=date_created&end_date=${since}`)).body as unknown as Page).paging.total).toBe(0);
    for (const bad of ['criteria=up', 'sort=amount', 'limit=0', 'offset=-1', 'range=date_created&begin_date=yesterday']) {
      expect((await search(bad)).status, bad).toBe(400);
    }
    expect((await call('/mercadopago/v1/payments/search')).status).toBe(401);
  });
});

describe('GET /preapproval/search', () => {
  const recurring = { frequency: 1, frequency_type: 'months', transaction_amount: 10, currency_id: 'BRL' };

  it('pages by offset and limit, filters by external_reference, payer_email and status, for the caller only', async () => {
    const owner = await createAccount();
    const other = await createAccount();
    const make = async (userId: number, extra: Json) => (await call('/_sim/mercadopago/preapprovals', { body: { userId, auto_recurring: recurring, notify: false, ...extra } })).body as Json & { id: string };
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await make(owner.userId, { external_reference: 'sub-1', payer_email: `p${i}@example.com` })).id);
    await make(owner.userId, { external_reference: 'sub-1', status: 'paused' });
    await make(other.userId, { external_reference: 'sub-1' });
    const search = async (query: string, token = owner.accessToken) => (await call(`/mercadopago/preapproval/search?${query}`, { token })).body as unknown as Page;

    const page = await search('external_reference=sub-1&status=authorized&limit=2&offset=1');
    expect(Object.keys(page.paging)).toEqual(['offset', 'limit', 'total']);
    expect(page.paging).toEqual({ offset: 1, limit: 2, total: 3 });
    expect(page.results.map((p) => p.id)).toEqual(ids.slice(1));
    expect((await search('external_reference=sub-1')).paging.total).toBe(4);
    expect((await search('status=authorized,paused')).paging.total).toBe(4);
    expect((await search('payer_email=p2@example.com')).results).toMatchObject([{ id: ids[2], payer_email: 'p2@example.com', collector_id: owner.userId }]);
    expect((await search('external_reference=sub-1', other.accessToken)).paging.total).toBe(1);
  });
});
