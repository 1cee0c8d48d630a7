// The shape every simulated gateway has, so the server can mount it without knowing which gateway it is.
// Adding a gateway (or growing one with payments, webhooks, hosted pages) happens inside its own module.
import { HttpError, type Router, type SimResponse } from './http';

/** Whether a gateway's API answers: tests flip it to exercise the app's "gateway unreachable" path. */
export type Availability = {
  /** When true, every API route answers 503 (the control API keeps working). */
  down: boolean;
  /** Extra delay before each API answer, to exercise client time-outs. */
  latencyMs: number;
};

export interface SimulatedGateway {
  /** The URL segment: the API is served under `/<id>`, its control routes under `/_sim/<id>`. */
  readonly id: string;
  readonly api: Router;
  readonly control: Router;
  readonly availability: Availability;
  /** Renders an error in this gateway's own error body shape. */
  renderError(error: HttpError): SimResponse;
  /** Forgets every account and object, and brings the API back up. */
  reset(): void;
}

export const initialAvailability = (): Availability => ({ down: false, latencyMs: 0 });

export const serviceUnavailable = () => new HttpError(503, 'service_unavailable', 'service temporarily unavailable');
