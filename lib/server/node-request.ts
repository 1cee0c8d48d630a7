// Reading a request as Node hands it to a Pages Router page (pages/pay): its headers, its form body, and whether a
// POST came from one of our own pages.
import 'server-only';
import type { IncomingMessage } from 'node:http';

/** A header's value (repeated headers joined as the HTTP spec allows), or null. */
export function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/** One cookie's value, or undefined. */
export function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const pair of (headerOf(request, 'cookie') ?? '').split(';')) {
    const mark = pair.indexOf('=');
    if (mark > 0 && pair.slice(0, mark).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(mark + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export class BodyTooLarge extends Error {}

/**
 * An application/x-www-form-urlencoded body as FormData (what a form without files sends), read up to `maxBytes`
 * (beyond: BodyTooLarge, and nothing more is read). Another content type reads as an empty form.
 */
export async function readFormBody(request: IncomingMessage, maxBytes: number): Promise<FormData> {
  const form = new FormData();
  const type = (headerOf(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > maxBytes) throw new BodyTooLarge(`form body over ${maxBytes} bytes`);
    chunks.push(bytes);
  }
  if (type !== 'application/x-www-form-urlencoded') return form;
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) form.append(name, value);
  return form;
}

/**
 * A POST from a page of this site: its Origin (sent by every browser with a form POST) names the host the request was
 * sent to, as Next.js checks for server actions. Without an Origin header (an old browser, a script) it is let
 * through: the payment form carries no session, so there is nothing of the customer's to forge.
 */
export function postedFromThisSite(request: IncomingMessage): boolean {
  const origin = headerOf(request, 'origin');
  if (origin === null) return true;
  const host = (headerOf(request, 'x-forwarded-host') ?? headerOf(request, 'host') ?? '').split(',')[0]?.trim();
  try {
    return origin !== 'null' && new URL(origin).host === host;
  } catch {
    return false;
  }
}
