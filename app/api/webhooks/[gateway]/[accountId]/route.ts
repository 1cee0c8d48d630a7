// Where Mercado Pago and Secure and Pay notify us: verify, store, answer (lib/webhooks/receive.ts); processing
// runs after the answer. proxy.ts does not run here (its matcher excludes /api/webhooks).
import { after } from 'next/server';
import { receiveWebhook } from '@/lib/webhooks/receive';
import { joinRunningWorkerPass, kickWebhookWorker } from '@/lib/webhooks/worker';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ gateway: string; accountId: string }> };

export async function POST(request: Request, { params }: Context) {
  return receiveWebhook(request, await params, {
    // Under load a drain is usually running already: joining it is cheaper than registering an after() per request.
    onStored: () => {
      if (!joinRunningWorkerPass()) after(kickWebhookWorker);
    },
  });
}

function methodNotAllowed() {
  return new Response(null, { status: 405, headers: { allow: 'POST', 'cache-control': 'no-store' } });
}

export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
