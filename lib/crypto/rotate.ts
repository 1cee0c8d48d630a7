// Re-encrypts every stored gateway secret under the current CREDENTIALS_KEY (see README, "Rotating the
// credentials key"). Rows already under the current key are left alone, so running it twice is harmless.
import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { getDb } from '@/db';
import { gatewaySecrets } from '@/db/schema';
import { secretContext } from '@/db/queries/gateway-accounts';
import { keyringFromEnv, openSecret, sealSecret, type Keyring } from './secrets';

export async function rotateSecrets(keyring: Keyring = keyringFromEnv()): Promise<{ reencrypted: number }> {
  const db = await getDb();
  const keyId = keyring.current.id;
  const stale = await db.select().from(gatewaySecrets).where(ne(gatewaySecrets.keyId, keyId));
  for (const row of stale) {
    const context = secretContext(row.accountId, row.name);
    const sealed = sealSecret(openSecret(row, context, keyring), context, keyring);
    // Only if still under the old key, so a concurrent update is never overwritten with an older value.
    await db
      .update(gatewaySecrets)
      .set(sealed)
      .where(and(eq(gatewaySecrets.accountId, row.accountId), eq(gatewaySecrets.name, row.name), eq(gatewaySecrets.keyId, row.keyId)));
  }
  return { reencrypted: stale.length };
}
