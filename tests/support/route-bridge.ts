// Serves the app's webhook route handler over real HTTP, so the gateway simulator can deliver to it in tests
// exactly as it would to a running app (same handler, same raw bytes, same headers).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { POST } from '@/app/api/webhooks/[gateway]/[accountId]/route';

export type RouteBridge = { url: string; close(): Promise<void> };

export async function startRouteBridge(): Promise<RouteBridge> {
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const [, , , gateway = '', accountId = ''] = url.pathname.split('/');
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    const request = new Request(url, { method: incoming.method ?? 'POST', headers, body: chunks.length > 0 ? Buffer.concat(chunks) : null });
    const response = await POST(request, { params: Promise.resolve({ gateway, accountId }) });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
