// Redirects visitors without a session to /sign-in. Pages and server actions check the session again
// themselves (lib/session.ts): a server action is a POST this matcher may not cover.
//
// It only reads the session cookie. Auth.js's own middleware wrapper would also re-issue the cookie on every
// request, and a prefetch answered during sign-out could then put back the cookie sign-out had just deleted.
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { PUBLIC_PATHS } from '@/lib/auth/config';
import { getEnv } from '@/core/env';
import { isLocale } from '@/core/locales';
import { AUDIENCE_HEADER, LOCALE_COOKIE, LOCALE_QUERY, PATH_HEADER } from '@/lib/i18n/request-keys';
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
    checkoutRedirects: isCustomerPage(request.nextUrl.pathname),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  // The customers' pages follow the visitor's language even when a merchant is signed in (i18n/request.ts).
  if (isCustomerPage(request.nextUrl.pathname)) requestHeaders.set(AUDIENCE_HEADER, 'customer');
  else requestHeaders.delete(AUDIENCE_HEADER);
  // The language switcher links to the page it is on (a server component cannot read the address otherwise).
  requestHeaders.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const next = () => NextResponse.next({ request: { headers: requestHeaders } });
  const response = chosenLanguage(request) ?? (await gate(request, next));
  response.headers.set('content-security-policy', policy);
  return response;
}

function isCustomerPage(pathname: string): boolean {
  return pathname === '/pay' || pathname.startsWith('/pay/');
}

/**
 * The language switcher's links (`?lang=pt-BR`) work without JavaScript: the choice is kept in a cookie for a year
 * and the visitor lands on the same address without the parameter.
 */
function chosenLanguage(request: NextRequest): NextResponse | null {
  const chosen = request.nextUrl.searchParams.get(LOCALE_QUERY);
  if (chosen === null || request.method !== 'GET') return null;
  const target = request.nextUrl.clone();
  target.searchParams.delete(LOCALE_QUERY);
  const response = NextResponse.redirect(target, 303);
  if (isLocale(chosen)) {
    response.cookies.set(LOCALE_COOKIE, chosen, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax', secure: request.nextUrl.protocol === 'https:' });
  }
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
  // cron route (it checks its own bearer secret), Next's assets and public files, and the app icons (app/icon.svg,
  // app/apple-icon.png), which signed-out pages (sign-in, payment pages) show too, and the payment page's script
  // (public/pay-island.js).
  matcher: ['/((?!api/auth|api/health|api/webhooks|api/cron|_next/static|_next/image|favicon.ico|icon.svg|apple-icon.png|pay-island.js|gateways/).*)'],
};
