// Redirects visitors without a session to /sign-in. Pages and server actions check the session again
// themselves (lib/session.ts): a server action is a POST this matcher may not cover.
//
// It only reads the session cookie. Auth.js's own middleware wrapper would also re-issue the cookie on every
// request, and a prefetch answered during sign-out could then put back the cookie sign-out had just deleted.
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { PUBLIC_PATHS } from '@/lib/auth/config';
import { getEnv } from '@/core/env';
import { newNonce, pagePolicy, servedOverHttps } from '@/lib/server/security-headers';

/**
 * Every page gets a Content-Security-Policy with a fresh nonce (lib/server/security-headers.ts, Next's documented
 * proxy pattern): the policy goes on the request, where Next reads the nonce for its scripts, and on the response.
 * The redirect to /sign-in carries it too. Let a request through with `next()` below, not `NextResponse.next()`: only
 * `next()` hands Next the nonce, and a page rendered without it has every script blocked.
 */
export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = pagePolicy({
    nonce,
    https: servedOverHttps(request.nextUrl, request.headers),
    development: getEnv().NODE_ENV === 'development',
    checkoutRedirects: request.nextUrl.pathname === '/pay' || request.nextUrl.pathname.startsWith('/pay/'),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const next = () => NextResponse.next({ request: { headers: requestHeaders } });
  const response = await gate(request, next);
  response.headers.set('content-security-policy', policy);
  return response;
}

async function gate(request: NextRequest, next: () => NextResponse): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`))) return next();
  const token = await getToken({ req: request, secret: getEnv().AUTH_SECRET, secureCookie: request.nextUrl.protocol === 'https:' });
  if (token?.sub) return next();
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Not: Auth.js's own routes, health checks, gateway webhooks (they must answer fast and never redirect), the
  // cron route (it checks its own bearer secret), Next's assets and public files.
  matcher: ['/((?!api/auth|api/health|api/webhooks|api/cron|_next/static|_next/image|favicon.ico|gateways/).*)'],
};
