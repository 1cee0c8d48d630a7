// HMAC helpers shared by the gateways' webhook verifiers. Pure functions over strings and bytes (no secrets are
// read here: callers pass them in), so they can be property-tested directly.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signature header longer than this is not something a gateway sends; refuse it before any work. */
export const MAX_SIGNATURE_HEADER_LENGTH = 1024;

export function hmacSha256Hex(key: string, message: string | Buffer): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Compares a received hex digest with the expected one in constant time. Lengths and hex syntax are checked first
 * (they are not secret), because timingSafeEqual needs equal-length buffers.
 */
export function hexDigestsEqual(expected: string, received: string): boolean {
  if (!HEX_SHA256.test(received) || !HEX_SHA256.test(expected)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(received, 'hex'));
}

/**
 * Parses `k1=v1,k2=v2,…` (both gateways' signature headers use this shape). Keys may repeat (Secure and Pay may
 * send several `v1`); parts without `=` are skipped; keys and values are trimmed. Null for an empty or oversized
 * header.
 */
export function parseKeyValueHeader(header: string | null): Array<[string, string]> | null {
  if (header === null || header.length === 0 || header.length > MAX_SIGNATURE_HEADER_LENGTH) return null;
  const entries: Array<[string, string]> = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key && value) entries.push([key, value]);
  }
  return entries.length > 0 ? entries : null;
}

/**
 * Parses `k1=v1,k2=v2,…` the way Mercado Pago's five official SDKs read `x-signature` (docs/requirements.md GW-MP5):
 * split on `,`, each part at its first `=`, trim both sides, lower-case the key, skip a part without `=` or with an
 * empty key or value, and let a repeated key keep its LAST value. Null for an absent, empty or oversized header.
 * A separate helper, not an option of parseKeyValueHeader: Secure and Pay may send several `v1` and every one of
 * them must still count there, with case-sensitive keys.
 */
export function parseLastWinsHeader(header: string | null): Map<string, string> | null {
  if (header === null || header.length === 0 || header.length > MAX_SIGNATURE_HEADER_LENGTH) return null;
  const entries = new Map<string, string>();
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim().toLowerCase();
    const value = part.slice(at + 1).trim();
    if (key && value) entries.set(key, value);
  }
  return entries;
}

/** A timestamp made of digits only, as a number; null otherwise (no signs, exponents, spaces or fractions). */
export function parseUnsignedInteger(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,16}$/.test(value)) return null;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : null;
}
