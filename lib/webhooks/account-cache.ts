// A short memory of the connected accounts behind webhook URLs, so a burst of notifications for one account costs
// one database statement each (the insert) instead of two. Only connected accounts are kept, for a few seconds.
// Connecting, updating or disconnecting in this process forgets everything at once (db/queries/gateway-accounts.ts);
// in another app instance a change takes effect within ACCOUNT_CACHE_TTL_MS, and a signature that fails against a
// remembered secret is always checked again after a fresh lookup (lib/webhooks/receive.ts).
import 'server-only';
import type { WebhookAccountRow } from '@/db/queries/webhook-events';

export const ACCOUNT_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type RememberedAccount = { account: WebhookAccountRow; signingSecret: string | undefined };
type Entry = RememberedAccount & { expiresAt: number };

// On globalThis: the route and the server actions that forget entries are different bundles in one process.
const holder = globalThis as typeof globalThis & { __webhookAccountCache?: Map<string, Entry> };
const cache = (holder.__webhookAccountCache ??= new Map<string, Entry>());

export function recallAccount(key: string, now: number): RememberedAccount | undefined {
  const entry = cache.get(key);
  if (entry && entry.expiresAt > now) return entry;
  if (entry) cache.delete(key);
  return undefined;
}

export function rememberAccount(key: string, remembered: RememberedAccount, now: number): void {
  if (remembered.account.status !== 'connected') return;
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, { ...remembered, expiresAt: now + ACCOUNT_CACHE_TTL_MS });
}

export function forgetAccount(key: string): void {
  cache.delete(key);
}

/** After any change to a connection or its secrets: rare, so forgetting everything is simplest. */
export function forgetAllAccounts(): void {
  cache.clear();
}
