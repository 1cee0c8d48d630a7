// The address a request came from, for per-address limits. Behind a reverse proxy (the supported production set-up,
// README "Production") the proxy's `X-Forwarded-For` names the client first; `X-Real-IP` otherwise. A request with
// neither (a direct connection in development) counts as one shared address, which only makes limits stricter.
import 'server-only';
import { headers } from 'next/headers';

export function clientIpFrom(read: { get(name: string): string | null }): string {
  const forwarded = read.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded.slice(0, 64);
  const real = read.get('x-real-ip')?.trim();
  return real ? real.slice(0, 64) : 'unknown';
}

/** In a server action or page: the current request's client address. */
export async function clientIp(): Promise<string> {
  return clientIpFrom(await headers());
}
