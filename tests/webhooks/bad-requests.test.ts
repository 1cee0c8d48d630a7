// Every request of the bad-input corpus gets its 4xx, none leaves anything in the inbox, and the app stays healthy.
import { count } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { disconnect } from '@/lib/gateways/connections';
import { webhookEvents } from '@/db/schema';
import { describeEachDatabase } from '../support/databases';
import { badRequests, type CorpusAccounts } from './bad-requests';
import { connectMercadoPago, connectSecureAndPay, pendingSecureAndPay, quietLogs, send, sendsToTheRoute } from './support';

it('the corpus has at least 40 requests', () => {
  expect(badRequests.length).toBeGreaterThanOrEqual(40);
  expect(new Set(badRequests.map((entry) => entry.name)).size).toBe(badRequests.length);
});

describeEachDatabase('webhook route, bad-input corpus', (current) => {
  quietLogs();
  sendsToTheRoute();
  let accounts: CorpusAccounts;

  const withSecret = <T extends { webhookSecret: string | undefined }>(account: T): T & { webhookSecret: string } => {
    if (!account.webhookSecret) throw new Error('expected a webhook secret');
    return { ...account, webhookSecret: account.webhookSecret };
  };

  beforeAll(async () => {
    const disconnected = withSecret(await connectMercadoPago());
    await disconnect(disconnected.merchantId, 'mercadopago');
    accounts = {
      mp: withSecret(await connectMercadoPago()),
      otherMp: withSecret(await connectMercadoPago()),
      mpUnsigned: await connectMercadoPago({ webhookSecret: null }),
      disconnectedMp: disconnected,
      sp: await connectSecureAndPay(),
      spPending: await pendingSecureAndPay(),
    };
  });

  it.each(badRequests.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const response = await send(entry.build(accounts));
    expect(response.status).toBe(entry.status);
    if (entry.status === 405) expect(response.headers.get('allow')).toBe('POST');
    // No detail that helps an attacker: a fixed error word at most.
    const text = await response.text();
    expect(text.length).toBeLessThan(40);
  });

  it('stored nothing, and the app still answers its health check', async () => {
    const [stored] = await current().db.select({ total: count() }).from(webhookEvents);
    expect(stored?.total).toBe(0);
    expect((await health()).status).toBe(200);
  });
});
