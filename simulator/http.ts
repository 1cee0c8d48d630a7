// The simulator's tiny HTTP toolkit: a route table per gateway module, JSON body reading with a size limit, and
// JSON replies. Plain node:http on purpose, so the simulator has no dependency the app does not already have.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** What a route handler sees of a request. The body is read lazily, since most routes have none. */
export type SimRequest = {
  method: string;
  /** The path inside the module, e.g. `/users/me` for `GET /mercadopago/users/me`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** The raw body; webhook senders and signature checks need the exact bytes, JSON routes use `json()`. */
  text(): Promise<string>;
  /** The body parsed as JSON; an empty body is `undefined`, malformed JSON is a 400 HttpError. */
  json(): Promise<unknown>;
  /** The body parsed as an HTML form (`application/x-www-form-urlencoded`), for the hosted checkout pages. */
  form(): Promise<URLSearchParams>;
  /** `http://<host>` as the client reached the simulator, to build absolute URLs (hosted pages, init_point). */
  origin: string;
};

export type SimResponse = {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `text/html` instead of `body`: the hosted checkout pages. */
  html?: string;
  headers?: Record<string, string>;
};

export type RouteHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

type Route = { method: string; segments: string[]; handler: RouteHandler };

/** An error a handler throws to answer with a status; each module renders it in its gateway's error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Gateway-specific detail, e.g. Mercado Pago's `cause` entries. */
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
  }
}

/** Bodies above this are refused with 413: nothing the gateways accept comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        // Keep draining (without buffering) so the 413 reply can be written on a healthy socket.
        reject(new HttpError(413, 'payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'bad_request', 'request body is not valid JSON');
  }
}

/** A route table: `add('GET', '/v1/payments/:id', handler)`; `match` returns the handler and the path parameters. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, segments: splitPath(pattern), handler });
    return this;
  }

  /** `undefined` when no route has this path; `'method-not-allowed'` when one has it under another method. */
  match(
    method: string,
    path: string,
  ): { handler: RouteHandler; params: Record<string, string> } | 'method-not-allowed' | undefined {
    const segments = splitPath(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      pathMatched = true;
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const value = actual[index];
    if (value === undefined) return undefined;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined; // a malformed %-escape matches nothing, so it ends as a 404 rather than a crash
      }
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): SimResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export const html = (status: number, page: string): SimResponse => ({ status, html: page });

/** 303 See Other: after a form POST the browser follows with a GET, as the gateways' hosted pages do. */
export const seeOther = (location: string): SimResponse => ({ status: 303, headers: { location } });

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
