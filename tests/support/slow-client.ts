// A slow-loris client on a raw socket: it sends a request's headers, then the body slowly (a few bytes every so
// often) or never finishes it, and reports what the server answered, when, and whether it closed the connection.
// Shared by the webhook route's test (tests/webhooks/slow-body.test.ts) and the end-to-end check on the real server.
import { connect } from 'node:net';

export type SlowClientOptions = {
  /** Base URL of the server, e.g. http://127.0.0.1:3210. */
  baseUrl: string;
  path: string;
  /** The body the headers announce (content-length); only `sentBytes` of it go out at first. */
  declaredBytes: number;
  sentBytes: number;
  /** Then one more byte every this many ms until the declared length is reached (never, without it). */
  trickleEveryMs?: number;
  /** Give up waiting for an answer after this long. */
  waitMs: number;
};

export type SlowClientResult = { status: number | null; elapsedMs: number; closedByServer: boolean; head: string };

export function slowRequest(options: SlowClientOptions): Promise<SlowClientResult> {
  const url = new URL(options.baseUrl);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    let sent = 0;
    let trickle: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(trickle);
      clearTimeout(giveUp);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      resolve({ status: match ? Number(match[1]) : null, elapsedMs: Date.now() - started, closedByServer, head: received.split('\r\n\r\n')[0] ?? '' });
    };
    const giveUp = setTimeout(() => finish(false), options.waitMs);
    socket.on('connect', () => {
      socket.write(
        `POST ${options.path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${options.declaredBytes}\r\nConnection: keep-alive\r\n\r\n`,
      );
      socket.write('{'.padEnd(options.sentBytes, ' '));
      sent = options.sentBytes;
      if (options.trickleEveryMs) {
        trickle = setInterval(() => {
          if (sent >= options.declaredBytes - 1 || socket.destroyed) return;
          socket.write(' ');
          sent += 1;
        }, options.trickleEveryMs);
      }
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    // The server ending its side, or the connection reset, both count as the server closing it.
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}
