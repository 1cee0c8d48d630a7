// The gateway simulator: one node:http server that mounts each simulated gateway's API under `/<gateway>` and
// its control routes under `/_sim/<gateway>`. In-memory state; started by `npm run sim` (main.ts) or in-process
// by tests and the app's scripts. Routes and payloads are listed in simulator/README.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { HttpError, json, parseJson, readBody, type Router, type SimRequest, type SimResponse } from './http';
import { serviceUnavailable, type SimulatedGateway } from './gateway-module';
import { createMercadoPagoSimulator } from './mercadopago';
import { createMockPaySimulator } from './mockpay';
import { createSecureAndPaySimulator } from './secureandpay';

export type SimulatorOptions = {
  /** 0 picks a free port; defaults to 4010. The simulator listens on 127.0.0.1 only. */
  port?: number;
  /**
   * Webhook retry schedule for every gateway, e.g. `[200, 500, 1000]` in tests; by default each gateway's own
   * (Mercado Pago: every 15 minutes, then less often). Also settable at run time: `POST /_sim/<gateway>/delivery-settings`.
   */
  retryDelaysMs?: number[];
  /** How long a gateway waits for the app's answer to a webhook (Mercado Pago 22 s, Secure and Pay and Mock Pay 10 s). */
  webhookTimeoutMs?: number;
};

export type RunningSimulator = {
  /** e.g. `http://127.0.0.1:4010`; the gateways are at `${url}/mercadopago`, `${url}/secureandpay` and `${url}/mockpay`. */
  url: string;
  /** The simulated gateways, for tests that inspect or seed their state directly. */
  gateways: {
    mercadopago: ReturnType<typeof createMercadoPagoSimulator>;
    secureandpay: ReturnType<typeof createSecureAndPaySimulator>;
    mockpay: ReturnType<typeof createMockPaySimulator>;
  };
  close(): Promise<void>;
};

export const DEFAULT_SIMULATOR_PORT = 4010;

const outageSchema = z
  .object({ down: z.boolean().optional(), latencyMs: z.number().int().min(0).max(60_000).optional() })
  .refine((value) => value.down !== undefined || value.latencyMs !== undefined, 'give "down" and/or "latencyMs"');

/** The simulator's own error shape, for its control routes and for paths no gateway owns. */
const simulatorError = (error: HttpError): SimResponse =>
  json(error.status, { error: { code: error.code, message: error.message } });

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const delivery = {
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    ...(options.webhookTimeoutMs !== undefined ? { timeoutMs: options.webhookTimeoutMs } : {}),
  };
  const gateways = {
    mercadopago: createMercadoPagoSimulator({ delivery }),
    secureandpay: createSecureAndPaySimulator({ delivery }),
    mockpay: createMockPaySimulator({ delivery }),
  };
  const byId = new Map<string, SimulatedGateway>(Object.values(gateways).map((gateway) => [gateway.id, gateway]));

  async function route(request: IncomingMessage, url: URL): Promise<SimResponse> {
    const method = request.method ?? 'GET';
    const [first, second, ...rest] = url.pathname.split('/').filter((segment) => segment !== '');
    let bodyText: Promise<string> | undefined;
    const makeRequest = (path: string, params: Record<string, string>): SimRequest => ({
      method,
      path,
      query: url.searchParams,
      headers: request.headers,
      params,
      text: () => (bodyText ??= readBody(request)),
      json: async () => parseJson(await (bodyText ??= readBody(request))),
      form: async () => new URLSearchParams(await (bodyText ??= readBody(request))),
      origin: requestOrigin(request),
    });

    const dispatch = async (router: Router, path: string, render: (error: HttpError) => SimResponse) => {
      try {
        const found = router.match(method, path);
        if (found === undefined) throw new HttpError(404, 'not_found', `no route ${method} ${url.pathname}`);
        if (found === 'method-not-allowed') throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`);
        return await found.handler(makeRequest(path, found.params));
      } catch (error) {
        if (error instanceof HttpError) return render(error);
        throw error;
      }
    };

    if (first === '_sim') {
      if (second === 'health' && rest.length === 0 && method === 'GET') {
        return json(200, { status: 'ok', gateways: [...byId.keys()] });
      }
      if (second === 'reset' && rest.length === 0 && method === 'POST') {
        for (const gateway of byId.values()) gateway.reset();
        return json(200, { reset: true });
      }
      const gateway = second === undefined ? undefined : byId.get(second);
      if (gateway && rest.length === 1 && rest[0] === 'outage') {
        if (method === 'GET') return json(200, gateway.availability);
        if (method !== 'POST') return simulatorError(new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`));
        const parsed = outageSchema.safeParse(parseJson(await readBody(request)));
        if (!parsed.success) throw new HttpError(400, 'bad_request', z.prettifyError(parsed.error));
        if (parsed.data.down !== undefined) gateway.availability.down = parsed.data.down;
        if (parsed.data.latencyMs !== undefined) gateway.availability.latencyMs = parsed.data.latencyMs;
        return json(200, gateway.availability);
      }
      if (gateway) return dispatch(gateway.control, `/${rest.join('/')}`, simulatorError);
      throw new HttpError(404, 'not_found', `no route ${method} ${url.pathname}`);
    }

    const gateway = first === undefined ? undefined : byId.get(first);
    if (!gateway) throw new HttpError(404, 'not_found', `no gateway at ${url.pathname}; try /mercadopago, /secureandpay or /mockpay`);
    if (gateway.availability.latencyMs > 0) await sleep(gateway.availability.latencyMs);
    if (gateway.availability.down) return gateway.renderError(serviceUnavailable());
    return dispatch(gateway.api, `/${[second, ...rest].filter((segment) => segment !== undefined).join('/')}`, (error) =>
      gateway.renderError(error),
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    let reply: SimResponse;
    try {
      reply = await route(request, requestUrl(request.url));
    } catch (error) {
      reply =
        error instanceof HttpError
          ? simulatorError(error)
          : simulatorError(new HttpError(500, 'internal_error', error instanceof Error ? error.message : 'unexpected error'));
    }
    send(response, reply);
  }

  const server = createServer((request, response) => {
    // handle() never rejects (it answers every error), but a broken socket must not take the process down either.
    handle(request, response).catch(() => response.destroy());
  });
  // Malformed HTTP (bad request line, oversized headers): answer 400 and keep serving.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_SIMULATOR_PORT, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    gateways,
    close() {
      // Scheduled webhook retries and in-flight deliveries stop with the server.
      for (const gateway of byId.values()) gateway.reset();
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The request target as a URL; a path like `//x` stays a path (not a host), and garbage is a 400. */
function requestUrl(target: string | undefined): URL {
  try {
    return new URL(`http://simulator${target?.startsWith('/') ? target : `/${target ?? ''}`}`);
  } catch {
    throw new HttpError(400, 'bad_request', 'malformed request target');
  }
}

/** Where the client reached us, so absolute URLs we hand out (hosted pages) work from its side. */
function requestOrigin(request: IncomingMessage): string {
  const host = request.headers.host;
  // Only a plain host[:port] is echoed back into URLs; anything else falls back to the socket's address.
  if (host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host)) return `http://${host}`;
  const { localAddress, localPort } = request.socket;
  return `http://${localAddress?.includes(':') ? `[${localAddress}]` : localAddress ?? '127.0.0.1'}:${localPort ?? DEFAULT_SIMULATOR_PORT}`;
}

function send(response: ServerResponse, reply: SimResponse) {
  if (response.headersSent || response.destroyed) return;
  const isHtml = reply.html !== undefined;
  const body = isHtml ? (reply.html ?? '') : reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...(body ? { 'content-type': isHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  response.end(body);
}
