// The part of the Auth.js configuration that needs no database, shared by proxy.ts and lib/auth/index.ts.
import type { NextAuthConfig } from 'next-auth';

/** Pages a visitor may open without a session. */
export const PUBLIC_PATHS = ['/sign-in', '/sign-up'] as const;

export const authConfig = {
  trustHost: true,
  pages: { signIn: '/sign-in' },
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  providers: [],
  callbacks: {
    // proxy.ts: a page outside PUBLIC_PATHS without a session goes to /sign-in (with callbackUrl).
    authorized({ auth, request }) {
      const path = request.nextUrl.pathname;
      if (PUBLIC_PATHS.some((publicPath) => path === publicPath || path.startsWith(`${publicPath}/`))) return true;
      return Boolean(auth?.user);
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;
