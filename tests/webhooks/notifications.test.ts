// What the merchant's Notifications page reads: only their own accounts' events, newest first, a page at a time
// (a cursor: Newer / Older), with a capped count and the refused requests counted.
import { describe, expect, it } from 'vitest';
import { disconnect } from '@/lib/gateways/connections';
import { listNotifications, timeOrderedId } from '@/db/queries/webhook-events';
import { describeEachDatabase } from '../support/databases';
import { connectMercadoPago, connectSecureAndPay, mercadoPagoNotification, quietLogs, send, sendsToTheRoute } from './support';

describeEachDatabase('notifications list', () => {
  quietLogs();
  sendsToTheRoute();

  it('shows a merchant only their own events, newest first, 20 a page, with refused requests counted', async () => {
    const ana = await connectMercadoPago();
    const bo = await connectMercadoPago();
    for (let index = 0; index < 23; index++) {
      const notification = mercadoPagoNotification({ secret: ana.webhookSecret, notificationId: 7_000 + index, dataId: String(500 + index) });
      expect((await send({ gateway: 'mercadopago', accountId: ana.publicId, ...notification })).status).toBe(200);
      // "Newest first" orders by the time received: keep each one in its own millisecond.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const boNotification = mercadoPagoNotification({ secret: bo.webhookSecret, dataId: '999' });
    expect((await send({ gateway: 'mercadopago', accountId: bo.publicId, ...boNotification })).status).toBe(200);
    // Two forged requests to Ana's URL.
    for (let index = 0; index < 2; index++) {
      const forged = mercadoPagoNotification({ secret: 'wrong-secret' });
      expect((await send({ gateway: 'mercadopago', accountId: ana.publicId, ...forged })).status).toBe(401);
    }

    const first = await listNotifications(ana.merchantId, 'mercadopago');
    expect(first.count).toEqual({ value: 23, capped: false });
    expect(first.links.newer).toBeUndefined();
    expect(first.links.older).toBe(first.events[19]?.id);
    expect(first.events).toHaveLength(20);
    expect(first.events[0]?.resourceId).toBe('522');
    expect(first.events.map((event) => event.resourceId)).not.toContain('999');
    // Stored under time-ordered ids (UUIDv7): the primary key grows at its right edge.
    for (const event of first.events) expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.rejections).toMatchObject([{ reason: 'bad_signature', count: 2 }]);
    const receivedTimes = first.events.map((event) => event.receivedAt.getTime());
    expect([...receivedTimes].sort((a, b) => b - a)).toEqual(receivedTimes);

    const second = await listNotifications(ana.merchantId, 'mercadopago', { direction: 'after', id: first.links.older ?? '' });
    expect(second.events.map((event) => event.resourceId)).toEqual(['502', '501', '500']);
    expect(second.links).toEqual({ newer: second.events[0]?.id, older: undefined });
    // Newer from there is the first page again, whole.
    const back = await listNotifications(ana.merchantId, 'mercadopago', { direction: 'before', id: second.links.newer ?? '' });
    expect(back.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    expect(back.links.newer).toBeUndefined();
    // The count stops at its cap.
    expect((await listNotifications(ana.merchantId, 'mercadopago', undefined, { pageSize: 20, countCap: 10 })).count).toEqual({ value: 10, capped: true });
    // A cursor naming another merchant's notification is ignored: the first page.
    const bosFirst = await listNotifications(bo.merchantId, 'mercadopago');
    const foreign = await listNotifications(ana.merchantId, 'mercadopago', { direction: 'after', id: bosFirst.events[0]?.id ?? '' });
    expect(foreign.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));

    // Bo sees his one event and none of Ana's refusals; neither sees anything under another gateway.
    const bos = await listNotifications(bo.merchantId, 'mercadopago');
    expect(bos.events.map((event) => event.resourceId)).toEqual(['999']);
    expect(bos.rejections).toEqual([]);
    expect((await listNotifications(ana.merchantId, 'secureandpay')).count.value).toBe(0);
  });

  it('keeps showing a disconnected account’s history next to the new account’s', async () => {
    const before = await connectMercadoPago();
    const old = mercadoPagoNotification({ secret: before.webhookSecret, dataId: '111' });
    expect((await send({ gateway: 'mercadopago', accountId: before.publicId, ...old })).status).toBe(200);
    await disconnect(before.merchantId, 'mercadopago');
    const after = await connectMercadoPago({ merchantId: before.merchantId });
    expect(after.publicId).not.toBe(before.publicId);
    const fresh = mercadoPagoNotification({ secret: after.webhookSecret, dataId: '222' });
    expect((await send({ gateway: 'mercadopago', accountId: after.publicId, ...fresh })).status).toBe(200);
    const list = await listNotifications(before.merchantId, 'mercadopago');
    expect(list.events.map((event) => event.resourceId)).toEqual(['222', '111']);
    expect(list.count).toEqual({ value: 2, capped: false });
    // Paged one at a time across the two accounts: each page follows on from the last.
    const page1 = await listNotifications(before.merchantId, 'mercadopago', undefined, { pageSize: 1, countCap: 100 });
    const page2 = await listNotifications(before.merchantId, 'mercadopago', { direction: 'after', id: page1.links.older ?? '' }, { pageSize: 1, countCap: 100 });
    expect([...page1.events, ...page2.events].map((event) => event.resourceId)).toEqual(['222', '111']);
    expect(page2.links.older).toBeUndefined();
  });

  it('is empty, with no links, for a merchant without notifications', async () => {
    const sp = await connectSecureAndPay();
    expect(await listNotifications(sp.merchantId, 'secureandpay')).toEqual({ count: { value: 0, capped: false }, links: {}, events: [], rejections: [] });
  });
});

describe('timeOrderedId', () => {
  it('is a UUIDv7 carrying the time, ordered by it, random within a millisecond', () => {
    const at = Date.UTC(2026, 11, 2, 17, 0, 0, 123);
    const id = timeOrderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(timeOrderedId(at + 1) > timeOrderedId(at)).toBe(true);
    expect(timeOrderedId(at)).not.toBe(timeOrderedId(at));
  });
});
