// The secrets in account links (verify an address, reset a password): 32 random bytes, sent once by email; the
// database keeps only their SHA-256 (db/queries/account-tokens.ts).
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

const HOUR = 60 * 60_000;

/** How long a link works. */
export const ACCOUNT_TOKEN_TTL_MS = {
  reset_password: HOUR,
  verify_email: 24 * HOUR,
} as const;

/** 32 bytes in base64url: 43 characters. Anything else is not a token of ours (and is never looked up). */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newAccountToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashAccountToken(token) };
}

/** The hash to look a link's token up by, or null when the text cannot be one of our tokens. */
export function tokenHashOf(token: unknown): string | null {
  return typeof token === 'string' && TOKEN_FORMAT.test(token) ? hashAccountToken(token) : null;
}
