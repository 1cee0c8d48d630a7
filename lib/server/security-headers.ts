// The Content-Security-Policy of the app's pages (issue 13), built per request by proxy.ts with a fresh nonce, as
// Next.js documents for a nonce-based policy: Next reads the nonce from the request's CSP header and puts it on its
// own scripts (framework, page chunks, the inline RSC payload), so no script without it runs and none needs
// 'unsafe-inline'. The other security headers (nosniff, Referrer-Policy, Permissions-Policy, HSTS over https, and a
// deny-all policy for API and static responses) are the same for every response and come from next.config.mjs.
// README "Production" lists them.

export type PagePolicyOptions = {
  nonce: string;
  /** Served over https (directly or behind a TLS-terminating proxy): upgrade any stray http subresource. */
  https: boolean;
  /** `next dev`: React's debugging needs eval, and the dev overlay injects styles without the nonce. */
  development: boolean;
  /**
   * The public payment pages: without JavaScript, their form posts to our server, which redirects the customer to
   * the gateway's hosted checkout (another origin, its host chosen by the gateway: Mercado Pago's differs per
   * country). form-action governs that redirect too, so those pages allow https targets (and http ones when the app
   * itself is served over http, as with the bundled simulator); every other page posts only to itself.
   */
  checkoutRedirects: boolean;
};

/** A nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function pagePolicy({ nonce, https, development, checkoutRedirects }: PagePolicyOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced ones load (Next's chunks) run too; 'self' is the fallback for browsers
    // without it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Tailwind is compiled into static stylesheets ('self'); Next's own inline <style> tags carry the nonce. Style
    // attributes (next/image's, Radix's positioning) cannot carry one: they are allowed, scripts are not.
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${checkoutRedirects ? (https ? ' https:' : ' https: http:') : ''}`,
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ];
  if (https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** Whether the request came over https: Next's own URL, or the reverse proxy's X-Forwarded-Proto. */
export function servedOverHttps(url: URL, headers: Headers): boolean {
  return url.protocol === 'https:' || headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
