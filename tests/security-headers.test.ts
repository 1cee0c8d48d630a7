// The pages' Content-Security-Policy (lib/server/security-headers.ts): scripts only with this response's nonce, no
// framing, forms to ourselves (the payment pages also to the gateway's checkout), stricter over https.
import { describe, expect, it } from 'vitest';
import { newNonce, pagePolicy, servedOverHttps } from '@/lib/server/security-headers';

const directives = (policy: string) => new Map(policy.split('; ').map((part) => [part.split(' ')[0] ?? '', part.split(' ').slice(1).join(' ')] as const));

describe('page policy', () => {
  it('allows scripts only with the nonce, never inline or eval, and forbids framing, plugins and <base>', () => {
    const nonce = newNonce();
    const policy = directives(pagePolicy({ nonce, https: false, development: false, checkoutRedirects: false }));
    expect(policy.get('script-src')).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy.get('style-src')).toBe(`'self' 'nonce-${nonce}'`);
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(policy.get('form-action')).toBe("'self'");
    expect(policy.get('connect-src')).toBe("'self'");
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('lets the payment pages redirect their form to a gateway checkout: https, and http only on an http site', () => {
    const nonce = newNonce();
    expect(directives(pagePolicy({ nonce, https: true, development: false, checkoutRedirects: true })).get('form-action')).toBe("'self' https:");
    expect(directives(pagePolicy({ nonce, https: false, development: false, checkoutRedirects: true })).get('form-action')).toBe("'self' https: http:");
  });

  it('upgrades stray http subresources over https; development adds what next dev needs', () => {
    const nonce = newNonce();
    expect(directives(pagePolicy({ nonce, https: true, development: false, checkoutRedirects: false })).has('upgrade-insecure-requests')).toBe(true);
    const dev = directives(pagePolicy({ nonce, https: false, development: true, checkoutRedirects: false }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.get('style-src')).toBe("'self' 'unsafe-inline'");
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });

  it('knows https from the URL or the proxy’s X-Forwarded-Proto', () => {
    expect(servedOverHttps(new URL('https://app.example/'), new Headers())).toBe(true);
    expect(servedOverHttps(new URL('http://app.internal/'), new Headers({ 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(servedOverHttps(new URL('http://app.internal/'), new Headers({ 'x-forwarded-proto': 'https, http' }))).toBe(true);
    expect(servedOverHttps(new URL('http://app.internal/'), new Headers({ 'x-forwarded-proto': 'http' }))).toBe(false);
    expect(servedOverHttps(new URL('http://app.internal/'), new Headers())).toBe(false);
  });
});
