import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { cookies, headers } from 'next/headers';
import NextAuth, { CredentialsSignin } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import Credentials from 'next-auth/providers/credentials';
import type { NextRequest } from 'next/server';
import { getEnv } from '@/core/env';
import { clientIpFrom } from '@/lib/rate-limit/client-ip';
import { log } from '@/lib/server/log';
import { authConfig } from './config';
import { checkCredentials } from './credentials';
import { signInSchema } from './schemas';

/** Thrown from authorize so the sign-in action can tell "too many attempts" from "wrong credentials". */
export class TooManyAttempts extends CredentialsSignin {
  code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

/**
 * The one way a session's version is raised in its cookie: reissueSession below, on the server, for the session
 * of the request it serves. Auth.js also accepts session updates POSTed by browsers to /api/auth/session; those
 * run outside this store and change nothing, so a copied cookie cannot bring itself up to date.
 */
const reissueGrant = new AsyncLocalStorage<{ userId: string; sessionVersion: number }>();

/** Set while the Auth.js route handler runs (authRoutePost): authorize records a refusal for the 429 answer. */
const routeRefusal = new AsyncLocalStorage<{ retryAfterSeconds?: number }>();

// Lazy configuration: the secret is read when the first request arrives, not when `next build` loads the module.
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  ...authConfig,
  secret: getEnv().AUTH_SECRET,
  logger: {
    // A wrong password is an expected outcome, not a server error: keep it out of the error log.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      log.error('auth error', { name: error.name, message: error.message });
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    jwt({ token, user, trigger }) {
      // At sign-in: the version the account had when the password was checked.
      if (user) token.sv = user.sessionVersion ?? 0;
      if (trigger === 'update') {
        const grant = reissueGrant.getStore();
        if (grant && grant.userId === token.sub) token.sv = grant.sessionVersion;
      }
      return token;
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await checkCredentials(parsed.data.email, parsed.data.password, { ip: clientIpFrom(request.headers) });
        if (result.ok) return result.user;
        if (result.reason === 'rate_limited') {
          const refusal = routeRefusal.getStore();
          if (refusal) refusal.retryAfterSeconds = result.retryAfterSeconds;
          throw new TooManyAttempts(result.retryAfterSeconds);
        }
        return null;
      },
    }),
  ],
}));

/**
 * Re-issues the current request's session cookie under `sessionVersion` (after a password change or "Sign out
 * everywhere" raised it), so this browser stays signed in while every other session has ended. Server actions only.
 */
export async function reissueSession(userId: string, sessionVersion: number): Promise<void> {
  await reissueGrant.run({ userId, sessionVersion }, () => unstable_update({}));
}

/**
 * The session version of the cookie this request re-issued (reissueSession) for `userId`, if it did. After a server
 * action that sets a cookie, Next renders the page again within the same request; there cookies() has the new
 * cookie, but auth() decodes the request's original Cookie header, whose version has just ended.
 */
export async function reissuedSessionVersion(userId: string): Promise<number | undefined> {
  const current = (await cookies()).toString();
  if (!current || current === ((await headers()).get('cookie') ?? '')) return undefined;
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req: { headers: { cookie: current } }, secret: getEnv().AUTH_SECRET, secureCookie });
    if (token?.sub === userId && typeof token.sv === 'number') return token.sv;
  }
  return undefined;
}

/**
 * POST /api/auth/*: Auth.js's own handler, except that a sign-in refused by a limit answers 429 with Retry-After
 * (Auth.js would redirect to the sign-in page). The dashboard's forms sign in through server actions instead.
 */
export async function authRoutePost(request: NextRequest): Promise<Response> {
  const refusal: { retryAfterSeconds?: number } = {};
  const response = await routeRefusal.run(refusal, () => handlers.POST(request));
  if (refusal.retryAfterSeconds === undefined) return response;
  return Response.json(
    { error: 'too_many_attempts', retryAfterSeconds: refusal.retryAfterSeconds },
    { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSeconds), 'Cache-Control': 'no-store' } },
  );
}
