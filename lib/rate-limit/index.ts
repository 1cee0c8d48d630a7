// Abuse limits that hold across app instances, counted in PostgreSQL (db/queries/rate-limits.ts). Hand-written
// rather than a library: rate-limiter-flexible's PostgreSQL store needs the `pg` driver, and this app speaks
// postgres.js and PGlite; the whole limiter is one atomic upsert.
//
// Every limit is here, with its numbers, so they can be read and changed in one place. A hit is counted before the
// work it guards (an attempt, not a failure), so parallel requests cannot slip past the count.
import 'server-only';
import { getEnv } from '@/core/env';
import { clearRateLimit, hitRateLimit } from '@/db/queries/rate-limits';

export type RateLimit = { name: string; points: number; windowMs: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const RATE_LIMITS = {
  /** Sign-in attempts per email: 5 a minute (a person mistyping gets through; guessing does not). */
  signInPerEmail: { name: 'sign-in:email', points: 5, windowMs: MINUTE },
  /** Sign-in attempts per address: 20 a minute (an office behind one NAT still signs in; spraying many emails does not). */
  signInPerIp: { name: 'sign-in:ip', points: 20, windowMs: MINUTE },
  /** New accounts per address: 5 an hour. */
  signUpPerIp: { name: 'sign-up:ip', points: 5, windowMs: HOUR },
  /** Password-reset and verification emails per address: 5 an hour (each sends an email). */
  accountEmailPerIp: { name: 'account-email:ip', points: 5, windowMs: HOUR },
  /** Checkouts started per customer address: 10 in 10 minutes (each creates an order and a gateway checkout). */
  checkoutPerIp: { name: 'checkout:ip', points: 10, windowMs: 10 * MINUTE },
  /** Checkouts started per price, from everyone: 120 a minute (a busy launch passes; a script is cut off). */
  checkoutPerPrice: { name: 'checkout:price', points: 120, windowMs: MINUTE },
} as const satisfies Record<string, RateLimit>;

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one attempt of `subject` against `limit`; over the limit, says when to try again. */
export async function consumeRateLimit(limit: RateLimit, subject: string, now = new Date()): Promise<LimitVerdict> {
  const hit = await hitRateLimit(`${limit.name}:${subject}`, limit.windowMs, now);
  if (hit.points <= limit.points * getEnv().RATE_LIMIT_FACTOR) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((hit.resetAt.getTime() - now.getTime()) / 1000)) };
}

/** Counts one attempt against each limit (all are counted, so a refused request still uses up every limit it hit). */
export async function consumeRateLimits(checks: readonly { limit: RateLimit; subject: string }[], now = new Date()): Promise<LimitVerdict> {
  let worst: LimitVerdict = { allowed: true };
  for (const check of checks) {
    const verdict = await consumeRateLimit(check.limit, check.subject, now);
    if (!verdict.allowed && (worst.allowed || verdict.retryAfterSeconds > worst.retryAfterSeconds)) worst = verdict;
  }
  return worst;
}

/** Clears a subject's count (a successful sign-in forgets its email's attempts). */
export function resetRateLimit(limit: RateLimit, subject: string): Promise<void> {
  return clearRateLimit(`${limit.name}:${subject}`);
}
