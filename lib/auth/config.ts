// The part of the Auth.js configuration that needs no database.
import type { NextAuthConfig } from 'next-auth';

/** Pages a visitor may open without a session. */
export const PUBLIC_PATHS = ['/sign-in', '/sign-up', '/pay'] as const;

export const authConfig = {
  trustHost: true,
  pages: { signIn: '/sign-in' },
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  providers: [],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;
