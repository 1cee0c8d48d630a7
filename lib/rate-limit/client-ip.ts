// The address a request came from, for per-address limits. Behind reverse proxies (the supported production set-up,
// README "Production") each proxy appends the address it saw to X-Forwarded-For, so the client is the entry
// TRUSTED_PROXY_HOPS places from the end; entries before it are whatever the client sent and cannot be trusted.
// Without the header (or with TRUSTED_PROXY_HOPS=0) every client counts as one address, which only makes limits
// stricter.
import 'server-only';
import { headers } from 'next/headers';
import { getEnv } from '@/core/env';

export function clientIpFrom(read: { get(name: string): string | null }, trustedHops = getEnv().TRUSTED_PROXY_HOPS): string {
  if (trustedHops === 0) return 'unknown';
  const chain = (read.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const client = chain[chain.length - trustedHops];
  return client ? client.slice(0, 64) : 'unknown';
}

/** In a server action or page: the current request's client address. */
export async function clientIp(): Promise<string> {
  return clientIpFrom(await headers());
}
