// The webhook route end to end against a real database: what it answers, and what it stores.
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { disconnect } from '@/lib/gateways/connections';
import { gatewayAccounts, webhookEvents, webhookRejections } from '@/db/schema';
import { describeEachDatabase } from '../support/databases';
import {
  connectMercadoPago,
  connectSecureAndPay,
  mercadoPagoNotification,
  pendingSecureAndPay,
  quietLogs,
  secureAndPayNotification,
  send,
  sendsToTheRoute,
} from './support';

describeEachDatabase('webhook route', (current) => {
  quietLogs();
  sendsToTheRoute();

  const storedFor = async (publicId: string) => {
    const db = current().db;
    return db
      .select({ event: webhookEvents })
      .from(webhookEvents)
      .innerJoin(gatewayAccounts, eq(webhookEvents.accountId, gatewayAccounts.id))
      .where(eq(gatewayAccounts.publicId, publicId))
      .then((rows) => rows.map((row) => row.event));
  };

  it('stores a signed Mercado Pago notification as verified, with its raw body, headers and query, and answers 200', async () => {
    const account = await connectMercadoPago();
    const notification = mercadoPagoNotification({ secret: account.webhookSecret, action: 'payment.created' });
    const response = await send({ gateway: 'mercadopago', accountId: account.publicId, ...notification });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'received' });
    const [event, ...others] = await storedFor(account.publicId);
    expect(others).toHaveLength(0);
    expect(event).toMatchObject({
      gateway: 'mercadopago',
      channel: 'webhook',
      verification: 'verified',
      type: 'payment',
      action: 'payment.created',
      resourceId: notification.dataId,
      rawBody: notification.body,
      query: notification.query,
      status: 'pending',
      attempts: 0,
    });
    expect(event?.headers).toMatchObject({ 'x-request-id': notification.requestId, 'x-signature': notification.headers['x-signature'] });
    expect(event?.occurredAt?.toISOString()).toBe('2025-11-22T23:15:00.000Z');
  });

  it('accepts ts in milliseconds as well as seconds', async () => {
    const account = await connectMercadoPago();
    const notification = mercadoPagoNotification({ secret: account.webhookSecret, ts: String(Date.now()) });
    expect((await send({ gateway: 'mercadopago', accountId: account.publicId, ...notification })).status).toBe(200);
  });

  it('stores a Mercado Pago notification as unverified when the merchant saved no webhook secret', async () => {
    const account = await connectMercadoPago({ webhookSecret: null });
    const notification = mercadoPagoNotification({});
    expect((await send({ gateway: 'mercadopago', accountId: account.publicId, ...notification })).status).toBe(200);
    const [event] = await storedFor(account.publicId);
    expect(event).toMatchObject({ verification: 'unverified', channel: 'webhook' });
  });

  it('stores a legacy IPN as an unverified hint, even when a webhook secret is saved', async () => {
    const account = await connectMercadoPago();
    const response = await send({
      gateway: 'mercadopago',
      accountId: account.publicId,
      query: 'topic=payment&id=123456789',
      headers: { 'content-type': 'application/json', 'x-request-id': 'ipn-delivery-1' },
      body: JSON.stringify({ resource: '123456789', topic: 'payment' }),
    });
    expect(response.status).toBe(200);
    const [event] = await storedFor(account.publicId);
    expect(event).toMatchObject({ channel: 'ipn', verification: 'unverified', type: 'payment', resourceId: '123456789', eventId: null });
  });

  it('stores a signed Secure and Pay notification; the same event again is a duplicate, still 200', async () => {
    const account = await connectSecureAndPay();
    const notification = secureAndPayNotification({ secret: account.apiSecret, siteId: account.siteId, eventId: 'evt_0123456789abcdef' });
    const first = await send({ gateway: 'secureandpay', accountId: account.publicId, ...notification });
    expect(first.status).toBe(200);
    // A retry a minute later: signed again with a new t, same event id.
    const retry = secureAndPayNotification({ secret: account.apiSecret, siteId: account.siteId, body: notification.body, t: Math.floor(Date.now() / 1000) + 60 });
    const second = await send({ gateway: 'secureandpay', accountId: account.publicId, ...retry });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ status: 'duplicate' });
    const events = await storedFor(account.publicId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ verification: 'verified', eventId: 'evt_0123456789abcdef', type: 'payment.succeeded' });
  });

  it('stores the same 200 notifications, each sent 5 times concurrently, exactly once each', async () => {
    const account = await connectMercadoPago();
    const notifications = Array.from({ length: 200 }, (_, index) =>
      mercadoPagoNotification({ secret: account.webhookSecret, notificationId: 9_000_000 + index }),
    );
    const deliveries = notifications.flatMap((notification) => Array.from({ length: 5 }, () => notification));
    const responses = await Promise.all(deliveries.map((notification) => send({ gateway: 'mercadopago', accountId: account.publicId, ...notification })));
    expect(responses.map((response) => response.status)).toEqual(deliveries.map(() => 200));
    const bodies = await Promise.all(responses.map((response) => response.json() as Promise<{ status: string }>));
    expect(bodies.filter((body) => body.status === 'received')).toHaveLength(200);
    const events = await storedFor(account.publicId);
    expect(events).toHaveLength(200);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(200);
  });

  it('answers 503 and stores nothing when the insert fails', async () => {
    const account = await connectMercadoPago();
    const db = current().db;
    await db.execute(sql`create or replace function refuse_webhook_insert() returns trigger language plpgsql as $$ begin raise exception 'disk full (simulated)'; end $$`);
    await db.execute(sql`create trigger refuse_webhook_insert before insert on webhook_events for each row execute function refuse_webhook_insert()`);
    try {
      const notification = mercadoPagoNotification({ secret: account.webhookSecret });
      const response = await send({ gateway: 'mercadopago', accountId: account.publicId, ...notification });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('60');
      expect(await storedFor(account.publicId)).toHaveLength(0);
    } finally {
      await db.execute(sql`drop trigger refuse_webhook_insert on webhook_events`);
    }
    // The gateway's retry, once the database is back, is stored.
    const retry = mercadoPagoNotification({ secret: account.webhookSecret });
    expect((await send({ gateway: 'mercadopago', accountId: account.publicId, ...retry })).status).toBe(200);
    expect(await storedFor(account.publicId)).toHaveLength(1);
  });

  it('answers 413 to a chunked body (no content-length) once it passes 256 KiB, and stores nothing', async () => {
    const account = await connectMercadoPago();
    const notification = mercadoPagoNotification({ secret: account.webhookSecret });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 64 KiB at a time, up to 1 MiB: the route stops reading after the fifth chunk.
        if (sent >= 1024 * 1024) return controller.close();
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        sent += 64 * 1024;
      },
    });
    const response = await send({ gateway: 'mercadopago', accountId: account.publicId, query: notification.query, headers: notification.headers, body });
    expect(response.status).toBe(413);
    expect(await storedFor(account.publicId)).toHaveLength(0);
  });

  it('answers 410 for a disconnected account, 404 for an unknown one, 405 with Allow for other methods', async () => {
    const account = await connectMercadoPago();
    await disconnect(account.merchantId, 'mercadopago');
    const notification = mercadoPagoNotification({ secret: account.webhookSecret });
    const gone = await send({ gateway: 'mercadopago', accountId: account.publicId, ...notification });
    expect(gone.status).toBe(410);
    expect(await gone.json()).toEqual({ error: 'gone' });
    // The right id under the other gateway's path is unknown there.
    const sp = await connectSecureAndPay();
    expect((await send({ gateway: 'mercadopago', accountId: sp.publicId, ...notification })).status).toBe(404);
    const wrongMethod = await send({ method: 'GET', gateway: 'mercadopago', accountId: account.publicId });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('refuses a pending Secure and Pay account (no API secret yet) with 401 and counts it', async () => {
    const pending = await pendingSecureAndPay();
    const notification = secureAndPayNotification({ secret: 'not-saved-yet', siteId: 'site_1' });
    const response = await send({ gateway: 'secureandpay', accountId: pending.publicId, ...notification });
    expect(response.status).toBe(401);
    const [account] = await current().db.select().from(gatewayAccounts).where(eq(gatewayAccounts.publicId, pending.publicId));
    const counts = await current().db.select().from(webhookRejections).where(eq(webhookRejections.accountId, account?.id ?? ''));
    expect(counts).toMatchObject([{ reason: 'no_key', count: 1 }]);
    expect(await storedFor(pending.publicId)).toHaveLength(0);
  });

  it('counts refused requests per account and reason', async () => {
    const account = await connectMercadoPago();
    const forged = mercadoPagoNotification({ secret: 'some-other-secret' });
    for (let i = 0; i < 3; i++) expect((await send({ gateway: 'mercadopago', accountId: account.publicId, ...forged })).status).toBe(401);
    const [row] = await current().db.select().from(gatewayAccounts).where(eq(gatewayAccounts.publicId, account.publicId));
    const counts = await current().db.select().from(webhookRejections).where(eq(webhookRejections.accountId, row?.id ?? ''));
    expect(counts).toMatchObject([{ reason: 'bad_signature', count: 3 }]);
  });

  it('answers 503 while the database is down (last: it closes the database)', async () => {
    const account = await connectMercadoPago();
    await current().close();
    const notification = mercadoPagoNotification({ secret: account.webhookSecret });
    const response = await send({ gateway: 'mercadopago', accountId: account.publicId, ...notification });
    expect(response.status).toBe(503);
  });
});
