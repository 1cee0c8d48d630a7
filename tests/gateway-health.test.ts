// Gateway health (issue 15): the facts db/queries/gateway-health.ts reads for one account and for the scheduler, the
// problems lib/gateways/health.ts makes of them, and the silence alert raised once per account and episode.
// Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { getDb } from '@/db';
import { listSilentAccounts } from '@/db/queries/gateway-health';
import { countRejection, monthOf } from '@/db/queries/webhook-events';
import { createUser } from '@/db/queries/users';
import { alerts, emailOutbox, gatewayAccounts, orders, prices, webhookEvents } from '@/db/schema';
import { GATEWAY_IDS } from '@/core/gateway-ids';
import { gatewayOf } from '@/lib/gateways/adapters';
import { getGatewayHealth } from '@/lib/gateways/health';
import { englishMessages } from '@/lib/i18n/messages';
import { runJob } from '@/lib/scheduler/jobs';
import { describeEachDatabase } from './support/databases';

const HOUR = 3_600_000;
const now = new Date('2026-12-02T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

async function newAccount(mode: 'live' | 'test' = 'live') {
  const db = await getDb();
  const user = await createUser({ name: 'Shop', email: `shop-${randomUUID()}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('no user');
  const [account] = await db
    .insert(gatewayAccounts)
    .values({ merchantId: user.id, gateway: 'mercadopago', status: 'connected', mode, country: 'BR', externalAccountId: '123', publicId: randomUUID(), connectedAt: ago(30 * 24 * HOUR) })
    .returning();
  if (!account) throw new Error('no account');
  const [price] = await db
    .insert(prices)
    .values({ merchantId: user.id, slug: `p-${randomUUID()}`, name: 'Course', amountMinor: 1000, currency: 'BRL', kind: 'one_time', gateway: 'mercadopago', accountId: account.id })
    .returning();
  if (!price) throw new Error('no price');
  return { account: { ...account, merchantId: user.id }, priceId: price.id };
}

async function addCheckout(target: Awaited<ReturnType<typeof newAccount>>, createdAt: Date, checkoutId: string | null = `pref-${randomUUID()}`) {
  const [order] = await (await getDb())
    .insert(orders)
    .values({
      merchantId: target.account.merchantId,
      priceId: target.priceId,
      accountId: target.account.id,
      submissionKey: randomUUID(),
      status: checkoutId ? 'checkout_created' : 'pending',
      amountMinor: 1000,
      currency: 'BRL',
      customerEmail: 'c@example.com',
      customerFirstName: 'C',
      customerLastName: 'D',
      checkoutId,
      createdAt,
    })
    .returning({ id: orders.id });
  return order?.id;
}

async function addNotification(accountId: string, receivedAt: Date, status: 'processed' | 'failed' = 'processed') {
  await (await getDb()).insert(webhookEvents).values({
    accountId,
    gateway: 'mercadopago',
    channel: 'webhook',
    verification: 'verified',
    dedupeKey: randomUUID(),
    type: 'payment',
    rawBody: '{}',
    status,
    receivedAt,
    receivedMonth: monthOf(receivedAt),
  });
}

it.each(GATEWAY_IDS)('%s: each health fix it names is an English text', async (id) => {
  const messages = await englishMessages();
  const missing = Object.values(gatewayOf(id).health.fixes).filter((key) => {
    const value = key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
    return typeof value !== 'string';
  });
  expect(missing).toEqual([]);
});

describeEachDatabase('gateway health', () => {
  it('a healthy account: last notification, 7-day counts by outcome, no problem', async () => {
    const target = await newAccount();
    await addCheckout(target, ago(5 * HOUR));
    await addNotification(target.account.id, ago(4 * HOUR));
    await addNotification(target.account.id, ago(3 * HOUR), 'failed');
    await addNotification(target.account.id, ago(8 * 24 * HOUR)); // outside the 7 days
    const health = await getGatewayHealth(target.account, now);
    expect(health.lastReceivedAt).toEqual(ago(3 * HOUR));
    expect(health.counts).toEqual({ processed: 1, failed: 1 });
    expect(health.problems).toEqual([]);
  });

  it('checkouts started and no notification for 2 hours: silence; a newer checkout alone is not yet', async () => {
    const target = await newAccount();
    await addNotification(target.account.id, ago(10 * HOUR));
    await addCheckout(target, ago(1 * HOUR)); // too recent
    expect((await getGatewayHealth(target.account, now)).problems).toEqual([]);
    await addCheckout(target, ago(3 * HOUR));
    await addCheckout(target, ago(11 * HOUR)); // before the last notification: answered
    await addCheckout(target, ago(4 * HOUR), null); // no checkout was created
    expect((await getGatewayHealth(target.account, now)).problems).toEqual([{ kind: 'silence', since: ago(3 * HOUR), checkouts: 1, hours: 2 }]);
  });

  it('Mercado Pago test credentials: no notifications are expected, so no silence', async () => {
    const target = await newAccount('test');
    await addCheckout(target, ago(3 * HOUR));
    expect((await getGatewayHealth(target.account, now)).problems).toEqual([]);
  });

  it('nothing received for 3 days while orders exist', async () => {
    const target = await newAccount();
    await addNotification(target.account.id, ago(4 * 24 * HOUR));
    await addCheckout(target, ago(5 * 24 * HOUR));
    expect((await getGatewayHealth(target.account, now)).problems).toEqual([{ kind: 'quiet', since: ago(4 * 24 * HOUR), days: 3 }]);
  });

  it('every notification failing verification since the last accepted one', async () => {
    const target = await newAccount();
    await addNotification(target.account.id, ago(2 * HOUR));
    const db = await getDb();
    await countRejection(db, target.account.id, 'bad_signature', ago(1 * HOUR));
    await countRejection(db, target.account.id, 'bad_signature', ago(0.5 * HOUR));
    const health = await getGatewayHealth(target.account, now);
    expect(health.refused).toEqual([{ reason: 'bad_signature', count: 2, firstAt: ago(1 * HOUR), lastAt: ago(0.5 * HOUR) }]);
    expect(health.problems).toEqual([{ kind: 'verification', reason: 'bad_signature', lastAt: ago(0.5 * HOUR), lastAcceptedAt: ago(2 * HOUR) }]);
    // A notification accepted after the refusals: no longer failing (the counts stay).
    await addNotification(target.account.id, ago(0.2 * HOUR));
    expect((await getGatewayHealth(target.account, now)).problems).toEqual([]);
  });

  it('the scheduler alerts (and emails) once per account and episode', async () => {
    const db = await getDb();
    const target = await newAccount();
    const first = await addCheckout(target, ago(3 * HOUR));
    await addCheckout(target, ago(2.5 * HOUR));
    const listed = await listSilentAccounts(db, { since: ago(7 * 24 * HOUR), silentBefore: ago(2 * HOUR) }, 1000);
    expect(listed.find((row) => row.accountId === target.account.id)).toMatchObject({ firstOrderId: first, firstAt: ago(3 * HOUR), count: 2 });

    const mine = and(eq(alerts.merchantId, target.account.merchantId), eq(alerts.kind, 'notifications_silent'));
    await runJob('silence-alerts', { now });
    await runJob('silence-alerts', { now: new Date(now.getTime() + HOUR) });
    expect(await db.select({ params: alerts.params }).from(alerts).where(mine)).toEqual([{ params: { gateway: 'Mercado Pago', checkouts: '2', hours: '2' } }]);
    const emails = await db.select({ subject: emailOutbox.subject }).from(emailOutbox).where(eq(emailOutbox.merchantId, target.account.merchantId));
    expect(emails).toEqual([{ subject: 'No notifications from Mercado Pago for over 2 hours' }]);

    // A notification ends the episode; checkouts silent again later start a new one.
    await addNotification(target.account.id, new Date(now.getTime() + 2 * HOUR));
    await addCheckout(target, new Date(now.getTime() + 3 * HOUR));
    await runJob('silence-alerts', { now: new Date(now.getTime() + 6 * HOUR) });
    expect(await db.select({ id: alerts.id }).from(alerts).where(mine)).toHaveLength(2);
  });
});
