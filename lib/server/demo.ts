// The demo merchant exists only in the embedded (PGlite) default outside production, so a fresh `npm run dev` can
// sign in at once. Production never creates it (lib/server/startup.ts startupPlan; README "Production").
import { getEnv } from '@/core/env';
import { createUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/passwords';

export const DEMO_MERCHANT = { name: 'Demo Merchant', email: 'demo@example.com', password: 'demo-password-1' } as const;

export async function seedDemoMerchant(): Promise<void> {
  // A second guard behind startupPlan: a known password must never reach a production database.
  if (getEnv().NODE_ENV === 'production') throw new Error('the demo merchant is never created in production');
  // Its address needs no proof (it exists only in development), so it can connect gateways at once.
  await createUser({ name: DEMO_MERCHANT.name, email: DEMO_MERCHANT.email, passwordHash: await hashPassword(DEMO_MERCHANT.password), emailVerifiedAt: new Date() });
}
