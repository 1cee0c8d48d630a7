// Injected failures, for testing the app's client against the answers that make it retry (429, 5xx, 423, 424 with
// `Retry-After`): the next N requests to one API route fail with a chosen status. A fault answers either before
// the route runs (nothing happened) or after it (the request took effect and only its answer was lost, as on a
// time-out), which shows whether a retry creates a second object. The simulator's own control routes, under
// /_sim/mercadopago/faults; no real gateway has them.
import { z } from 'zod';
import { HttpError, headerValue, json, Router, type RouteHandler, type SimRequest, type SimResponse } from '../http';
import { controlBody, renderError } from './requests';
import { nowIso } from './time';

const faultSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT']),
  /** A route as the API spells it (`/v1/payments/:id` matches every payment) or one concrete path. */
  path: z.string().regex(/^\/[^?#]*$/, 'a path starting with "/", without a query').max(200),
  status: z.number().int().min(400).max(599),
  count: z.number().int().min(1).max(100).default(1),
  /** Sent as is: seconds (`"2"`) or an HTTP date; not sent when absent. */
  retryAfter: z.string().min(1).max(64).optional(),
  when: z.enum(['before', 'after']).default('before'),
});

type FaultInput = z.infer<typeof faultSchema>;

type Fault = FaultInput & {
  id: number;
  remaining: number;
  /** The requests it answered, with their `X-Idempotency-Key`, so a test can see what a retry sent. */
  hits: Array<{ at: string; idempotencyKey: string | null }>;
  matcher: Router;
};

/** Mercado Pago's error codes for the statuses a test is likely to inject; any other is `simulated_fault`. */
const ERROR_CODES: Record<number, string> = {
  423: 'locked',
  424: 'failed_dependency',
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export class Faults {
  private readonly faults: Fault[] = [];
  private nextId = 1;

  add(input: FaultInput): Fault {
    // A one-route table reuses the API router's own matching (`:id` segments, %-escapes).
    const matcher = new Router().add(input.method, input.path, () => json(204, undefined));
    const fault: Fault = { ...input, id: this.nextId++, remaining: input.count, hits: [], matcher };
    this.faults.push(fault);
    return fault;
  }

  /** The first fault with answers left for this request, which it then spends. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && typeof candidate.matcher.match(method, path) === 'object');
    if (fault) fault.remaining -= 1;
    return fault;
  }

  list(): Fault[] {
    return this.faults;
  }

  clear(): number {
    const count = this.faults.length;
    this.faults.length = 0;
    return count;
  }
}

const view = ({ matcher: _matcher, ...fault }: Fault) => fault;

function faultResponse(fault: Fault): SimResponse {
  const response = renderError(new HttpError(fault.status, ERROR_CODES[fault.status] ?? 'simulated_fault', `simulated ${fault.status}`));
  return fault.retryAfter === undefined ? response : { ...response, headers: { ...response.headers, 'retry-after': fault.retryAfter } };
}

function faulty(fault: Fault, handler: RouteHandler): RouteHandler {
  return async (request: SimRequest) => {
    fault.hits.push({ at: nowIso(), idempotencyKey: headerValue(request.headers, 'x-idempotency-key') ?? null });
    if (fault.when === 'after') {
      // The request takes effect; whatever the route answered (even its own error) is lost on the way back.
      await Promise.resolve()
        .then(() => handler(request))
        .catch(() => undefined);
    }
    return faultResponse(fault);
  };
}

/** The API's route table, answering with a pending fault where one matches. */
export class FaultingRouter extends Router {
  /** `gate` answers first when it has an answer (the per-account rate limit, rate-limits.ts): before any fault. */
  constructor(
    private readonly faults: Faults,
    private readonly gate?: (request: SimRequest) => SimResponse | undefined,
  ) {
    super();
  }

  override match(method: string, path: string): ReturnType<Router['match']> {
    const found = super.match(method, path);
    if (typeof found !== 'object') return found;
    const fault = this.faults.take(method, path);
    const handler = fault ? faulty(fault, found.handler) : found.handler;
    const gate = this.gate;
    return { handler: gate ? (request) => gate(request) ?? handler(request) : handler, params: found.params };
  }
}

export function addFaultControlRoutes(control: Router, faults: Faults): void {
  control
    .add('POST', '/faults', async (request) => json(201, view(faults.add(await controlBody(request, faultSchema)))))
    .add('GET', '/faults', () => json(200, { faults: faults.list().map(view) }))
    .add('DELETE', '/faults', () => json(200, { cleared: faults.clear() }));
}
