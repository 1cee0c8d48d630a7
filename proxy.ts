// Redirects visitors without a session to /sign-in. Pages and server actions check the session again
// themselves (lib/session.ts): a server action is a POST this matcher may not cover.
import NextAuth from 'next-auth';
import { authConfig } from '@/lib/auth/config';
import { getEnv } from '@/lib/env';

const { auth } = NextAuth(() => ({ ...authConfig, secret: getEnv().AUTH_SECRET }));

export default auth;

export const config = {
  // Not: Auth.js's own routes, health checks, gateway webhooks (they must answer fast and never redirect),
  // Next's assets and public files.
  matcher: ['/((?!api/auth|api/health|api/webhooks|_next/static|_next/image|favicon.ico|gateways/).*)'],
};
