// A tiny node:http endpoint that records the webhooks the simulator sends, for tests: it answers with the statuses
// it is told to (e.g. 500 twice, then 200) so retries can be watched, and waits for a number of deliveries.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = {
  method: string;
  /** Path and query as received, e.g. `/hooks/mp?source_news=webhooks&data.id=123&type=payment`. */
  target: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent (signatures are over these bytes). */
  body: string;
  /** The status we answered. */
  answered: number;
};

export type WebhookReceiver = {
  url: string;
  readonly received: ReceivedWebhook[];
  /** The next answers, in order; once used up, the receiver answers 200. */
  respondWith(statuses: number[]): void;
  /** Answer every request with this status from now on (e.g. 500 to watch a gateway give up). */
  alwaysRespond(status: number | null): void;
  /** Resolves with the first `count` deliveries once they arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let queued: number[] = [];
  let always: number | null = null;
  const waiters = new Set<() => void>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.url ?? '/';
      const url = new URL(target, 'http://receiver');
      const answered = always ?? queued.shift() ?? 200;
      received.push({
        method: request.method ?? 'GET',
        target,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
      });
      response.writeHead(answered, { 'content-type': 'application/json' }).end(JSON.stringify({ received: answered < 300 }));
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith(statuses) {
      queued = [...statuses];
    },
    alwaysRespond(status) {
      always = status;
    },
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} webhook deliveries within ${timeoutMs} ms, got ${received.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
