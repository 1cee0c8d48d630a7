// The demo merchant exists only in the embedded (PGlite) default, so a fresh `npm run dev` can sign in at once.
import { createUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/passwords';

export const DEMO_MERCHANT = { name: 'Demo Merchant', email: 'demo@example.com', password: 'demo-password-1' } as const;

export async function seedDemoMerchant(): Promise<void> {
  await createUser({ name: DEMO_MERCHANT.name, email: DEMO_MERCHANT.email, passwordHash: await hashPassword(DEMO_MERCHANT.password) });
}
