// The part of the Auth.js configuration that needs no database.
import type { NextAuthConfig } from 'next-auth';

/** Pages a visitor may open without a session. */
export const PUBLIC_PATHS = ['/sign-in', '/sign-up', '/forgot-password', '/reset-password', '/verify-email', '/pay'] as const;

declare module 'next-auth' {
  interface User {
    /** The account's session version at sign-in (lib/auth/credentials.ts). */
    sessionVersion?: number;
  }
  interface Session {
    /** The version this session was issued under; lib/session.ts compares it with the account's. */
    sessionVersion: number;
  }
}

export const authConfig = {
  trustHost: true,
  pages: { signIn: '/sign-in' },
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  providers: [],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      // `sv`: the session version in the token (lib/auth/index.ts); a cookie from before versions existed has none.
      session.sessionVersion = typeof token.sv === 'number' ? token.sv : 0;
      return session;
    },
  },
} satisfies NextAuthConfig;
