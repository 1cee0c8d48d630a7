// A body that never completes (a slow-loris client) is answered 408 after BODY_TIMEOUT_MS and the connection is
// closed; meanwhile the process keeps serving other notifications, since nothing waits on the database or blocks.
import { count } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { webhookEvents } from '@/db/schema';
import { BODY_TIMEOUT_MS } from '@/lib/webhooks/receive';
import { describeEachDatabase } from '../support/databases';
import { startRouteBridge } from '../support/route-bridge';
import { slowRequest } from '../support/slow-client';
import { connectMercadoPago, mercadoPagoNotification, quietLogs, send, sendsToTheRoute } from './support';

describeEachDatabase('webhook route, slow bodies', (current) => {
  quietLogs();
  sendsToTheRoute();

  it(
    'answers 408 and closes the connection when the body is not complete within 10 s, trickling or stalled, while other notifications go through',
    async () => {
      expect(BODY_TIMEOUT_MS).toBe(10_000);
      const account = await connectMercadoPago();
      const bridge = await startRouteBridge();
      try {
        const path = `/api/webhooks/mercadopago/${account.publicId}`;
        const stalled = Array.from({ length: 12 }, () =>
          slowRequest({ baseUrl: bridge.url, path, declaredBytes: 400, sentBytes: 20, waitMs: BODY_TIMEOUT_MS + 8_000 }),
        );
        // One byte every 500 ms would need over 3 minutes: a total deadline, not an idle one, cuts it off.
        const trickling = slowRequest({ baseUrl: bridge.url, path, declaredBytes: 400, sentBytes: 1, trickleEveryMs: 500, waitMs: BODY_TIMEOUT_MS + 8_000 });

        // Meanwhile (more stalled clients than a PostgreSQL pool has connections), a real notification is stored at once.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const before = Date.now();
        const notification = mercadoPagoNotification({ secret: account.webhookSecret });
        const ok = await send({ gateway: 'mercadopago', accountId: account.publicId, ...notification });
        expect(ok.status).toBe(200);
        expect(Date.now() - before).toBeLessThan(3_000);

        for (const result of [...(await Promise.all(stalled)), await trickling]) {
          expect(result.status).toBe(408);
          expect(result.head).toMatch(/connection: close/i);
          expect(result.closedByServer).toBe(true);
          expect(result.elapsedMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 100);
          expect(result.elapsedMs).toBeLessThan(BODY_TIMEOUT_MS + 4_000);
        }
        const [stored] = await current().db.select({ n: count() }).from(webhookEvents);
        expect(stored?.n).toBe(1);
      } finally {
        await bridge.close();
      }
    },
    40_000,
  );
});
