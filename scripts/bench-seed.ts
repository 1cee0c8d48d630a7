// Used by `npm run bench` (scripts/bench.mjs): creates a merchant with a connected Mercado Pago account through the
// app's own data layer (so the webhook secret is sealed exactly as the app seals it), and prints its webhook id,
// internal id and secret as one JSON line. Run with `tsx --conditions=react-server`; reads DATABASE_URL and
// CREDENTIALS_KEY like the app.
import { randomBytes } from 'node:crypto';
import { getDatabaseHandle } from '@/db';
import { saveConnection } from '@/lib/gateways/connections';
import { createUser } from '@/db/queries/users';

const handle = await getDatabaseHandle();
try {
  const user = await createUser({ name: 'Bench Merchant', email: `bench-${randomBytes(6).toString('hex')}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('bench merchant not created');
  const webhookSecret = randomBytes(32).toString('hex');
  const connection = await saveConnection({
    merchantId: user.id,
    gateway: 'mercadopago',
    mode: 'live',
    country: 'BR',
    externalAccountId: '123456789',
    publicCredentials: { publicKey: 'APP_USR-00000000-0000-4000-8000-000000000000' },
    secrets: { accessToken: `APP_USR-${randomBytes(16).toString('hex')}-123456789`, webhookSecret },
  });
  const publicId = connection.webhookUrl.split('/').pop();
  const { gatewayAccounts } = await import('@/db/schema');
  const { eq } = await import('drizzle-orm');
  const [account] = await handle.db.select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.publicId, publicId ?? ''));
  process.stdout.write(`${JSON.stringify({ publicId, accountId: account?.id, webhookSecret })}\n`);
} finally {
  await handle.close();
}
