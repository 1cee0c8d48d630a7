// For the drills (scripts/drills/lib.ts seedMerchant): a merchant with the given simulated gateway accounts connected
// through the app's own data layer, so secrets are sealed exactly as the app seals them. Input: one JSON argument
// {mercadopago?: simulator account, secureandpay?: simulator site}; output: one JSON line with the public ids,
// internal ids and webhook URLs. Run with `tsx --conditions=react-server`; reads DATABASE_URL, CREDENTIALS_KEY and
// APP_URL like the app.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDatabaseHandle } from '@/db';
import { createUser } from '@/db/queries/users';
import { gatewayAccounts } from '@/db/schema';
import { saveConnection } from '@/lib/gateways/connections';

type Input = {
  mercadopago?: { userId: number; publicKey: string; accessToken: string; webhookSecret: string };
  secureandpay?: { siteId: string; apiSecret: string };
};

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const handle = await getDatabaseHandle();
try {
  const email = `drill-${randomBytes(5).toString('hex')}@example.com`;
  const user = await createUser({ name: 'Drill Merchant', email, passwordHash: 'x' });
  if (!user) throw new Error('merchant not created');
  const ids = async (webhookUrl: string) => {
    const publicId = webhookUrl.split('/').pop() ?? '';
    const [account] = await handle.db.select({ id: gatewayAccounts.id }).from(gatewayAccounts).where(eq(gatewayAccounts.publicId, publicId));
    if (!account) throw new Error(`no account ${publicId}`);
    return { publicId, accountId: account.id, webhookUrl };
  };
  const output: Record<string, unknown> = { merchantId: user.id, email };
  if (input.mercadopago) {
    const account = input.mercadopago;
    const connection = await saveConnection({
      merchantId: user.id,
      gateway: 'mercadopago',
      mode: 'live',
      country: 'BR',
      externalAccountId: String(account.userId),
      publicCredentials: { publicKey: account.publicKey },
      secrets: { accessToken: account.accessToken, webhookSecret: account.webhookSecret },
    });
    output.mercadopago = { ...account, ...(await ids(connection.webhookUrl)) };
  }
  if (input.secureandpay) {
    const site = input.secureandpay;
    const connection = await saveConnection({
      merchantId: user.id,
      gateway: 'secureandpay',
      mode: 'live',
      externalAccountId: site.siteId,
      publicCredentials: { siteId: site.siteId },
      secrets: { apiSecret: site.apiSecret },
    });
    output.secureandpay = { siteId: site.siteId, apiSecret: site.apiSecret, ...(await ids(connection.webhookUrl)) };
  }
  process.stdout.write(`${JSON.stringify(output)}\n`);
} finally {
  await handle.close();
}
