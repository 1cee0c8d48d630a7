// Used by `npm run bench` (scripts/bench.mjs, page weights) and `npm run drill:standalone`: a merchant who can sign in
// (a known password, email verified), with a connected Mercado Pago account (Brazil, so the payment page asks for a
// tax number: its largest form), a one-time price and one order on it (for a return page). Everything goes through
// the app's own data layer, so secrets are sealed and passwords hashed exactly as the app does. Prints one JSON
// line. Run with `tsx --conditions=react-server`; reads DATABASE_URL and CREDENTIALS_KEY like the app. The app must
// have migrated the database first.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDatabaseHandle } from '@/db';
import { placeOrder } from '@/db/queries/orders';
import { createPrice } from '@/db/queries/prices';
import { createUser } from '@/db/queries/users';
import { gatewayAccounts } from '@/db/schema';
import { hashPassword } from '@/lib/auth/passwords';
import { saveConnection } from '@/lib/gateways/connections';

const password = `bench-${randomBytes(9).toString('base64url')}`;
const handle = await getDatabaseHandle();
try {
  const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
  const user = await createUser({ name: 'Bench Merchant', email, passwordHash: await hashPassword(password), emailVerifiedAt: new Date() });
  if (!user) throw new Error('merchant not created');
  const webhookSecret = randomBytes(32).toString('hex');
  const userId = 100_000_000 + Number(randomBytes(3).readUIntBE(0, 3));
  const connection = await saveConnection({
    merchantId: user.id,
    gateway: 'mercadopago',
    mode: 'live',
    country: 'BR',
    externalAccountId: String(userId),
    publicCredentials: { publicKey: 'APP_USR-00000000-0000-4000-8000-000000000000' },
    secrets: { accessToken: `APP_USR-${randomBytes(16).toString('hex')}-${userId}`, webhookSecret },
  });
  const publicId = connection.webhookUrl.split('/').pop() ?? '';
  const [account] = await handle.db.select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.publicId, publicId));
  if (!account) throw new Error(`no account ${publicId}`);
  const created = await createPrice(user.id, { name: 'Yoga class', gateway: 'mercadopago', currency: 'BRL', amountMinor: 4990, kind: 'one_time', intervalUnit: null, intervalCount: null });
  if (!created.ok) throw new Error(`price not created: ${created.error}`);
  const placed = await placeOrder({
    submissionKey: randomBytes(18).toString('base64url'),
    merchantId: user.id,
    priceId: created.price.id,
    accountId: account.id,
    amountMinor: 4990,
    currency: 'BRL',
    customerEmail: 'ana@example.com',
    customerFirstName: 'Ana',
    customerLastName: 'Souza',
    taxIdType: 'CPF',
    taxIdNumber: '11144477735',
    locale: 'en',
  });
  if (!placed.ok) throw new Error('order not placed');
  process.stdout.write(
    `${JSON.stringify({ merchantId: user.id, email, password, slug: created.price.slug, orderId: placed.order.id, publicId, accountId: account.id, webhookSecret, mercadopagoUserId: userId })}\n`,
  );
} finally {
  await handle.close();
}
