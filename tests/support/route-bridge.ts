// Serves the app's webhook route over real HTTP, as Next.js does: the route gets Node's request and response
// (it is a Pages API route), so the gateway simulator and the tests reach the same handler, with the same raw
// bytes and headers, as they would a running app.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import webhookRoute from '@/pages/api/webhooks/[gateway]/[accountId]';

export type RouteBridge = { url: string; close(): Promise<void> };

export async function startRouteBridge(): Promise<RouteBridge> {
  const server = createServer((request, response) => {
    webhookRoute(request, response).catch((error: unknown) => {
      // Next.js answers 500 when a route throws; so does the bridge, and the test sees it.
      response.writeHead(500).end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
