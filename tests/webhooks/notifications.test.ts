// What the merchant's Notifications page reads: only their own accounts' events, newest first, paginated, with the
// refused requests counted.
import { expect, it } from 'vitest';
import { disconnect } from '@/lib/gateways/connections';
import { listNotifications } from '@/db/queries/webhook-events';
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

    const first = await listNotifications(ana.merchantId, 'mercadopago', 1);
    expect(first).toMatchObject({ total: 23, page: 1, pageCount: 2 });
    expect(first.events).toHaveLength(20);
    expect(first.events[0]?.resourceId).toBe('522');
    expect(first.events.map((event) => event.resourceId)).not.toContain('999');
    expect(first.rejections).toMatchObject([{ reason: 'bad_signature', count: 2 }]);
    const receivedTimes = first.events.map((event) => event.receivedAt.getTime());
    expect([...receivedTimes].sort((a, b) => b - a)).toEqual(receivedTimes);

    const second = await listNotifications(ana.merchantId, 'mercadopago', 2);
    expect(second.events.map((event) => event.resourceId)).toEqual(['502', '501', '500']);
    // Past the last page: the last page.
    expect((await listNotifications(ana.merchantId, 'mercadopago', 99)).page).toBe(2);

    // Bo sees his one event and none of Ana's refusals; neither sees anything under another gateway.
    const bos = await listNotifications(bo.merchantId, 'mercadopago', 1);
    expect(bos.events.map((event) => event.resourceId)).toEqual(['999']);
    expect(bos.rejections).toEqual([]);
    expect((await listNotifications(ana.merchantId, 'secureandpay', 1)).total).toBe(0);
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
    const list = await listNotifications(before.merchantId, 'mercadopago', 1);
    expect(list.events.map((event) => event.resourceId)).toEqual(['222', '111']);
  });

  it('is empty, on page 1, for a merchant without notifications', async () => {
    const sp = await connectSecureAndPay();
    expect(await listNotifications(sp.merchantId, 'secureandpay', 3)).toMatchObject({ total: 0, page: 1, pageCount: 1, events: [], rejections: [] });
  });
});
