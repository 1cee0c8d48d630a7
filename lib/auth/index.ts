import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getEnv } from '@/core/env';
import { log } from '@/lib/server/log';
import { authConfig } from './config';
import { checkCredentials } from './credentials';
import { signInSchema } from './schemas';

/** Thrown from authorize so the sign-in action can tell "too many attempts" from "wrong credentials". */
export class TooManyAttempts extends CredentialsSignin {
  code = 'rate_limited';
}

// Lazy configuration: the secret is read when the first request arrives, not when `next build` loads the module.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: getEnv().AUTH_SECRET,
  logger: {
    // A wrong password is an expected outcome, not a server error: keep it out of the error log.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      log.error('auth error', { name: error.name, message: error.message });
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await checkCredentials(parsed.data.email, parsed.data.password);
        if (result.ok) return result.user;
        if (result.reason === 'rate_limited') throw new TooManyAttempts();
        return null;
      },
    }),
  ],
}));
