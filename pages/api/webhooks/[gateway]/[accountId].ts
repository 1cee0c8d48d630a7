// Where Mercado Pago and Secure and Pay notify us: verify, store, answer (lib/webhooks/receive.ts), then process.
//
// A Pages Router API route, the only one in the app, for speed: it gets Node's request and response as they are,
// where an App Router handler gets web Request/Response objects that Next.js builds and pipes through web streams
// for every call. That adapter work cost a third of the route's throughput (docs/webhook-route.md has the
// figures). proxy.ts does not run here (its matcher excludes /api/webhooks).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { receiveWebhook } from '@/lib/webhooks/receive';
import { processStoredSoon } from '@/lib/webhooks/worker';

// The verifiers need the exact bytes that were signed: Next.js must not parse the body.
export const config = { api: { bodyParser: false } };

export default async function webhookRoute(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const answer = await receiveWebhook(request);
  // Processing starts once the answer is written, never before: a slow processor cannot delay the gateway.
  // ('finish', not end()'s callback: Next.js's wrapper around end() does not pass the callback on.)
  if (answer.stored) response.once('finish', processStoredSoon);
  response.writeHead(answer.status, answer.headers).end(answer.body);
}
