// Re-encrypts every stored gateway secret under the current CREDENTIALS_KEY (see README, "Rotating the
// credentials key"). Rows already under the current key are left alone, so running it twice is harmless.
import 'server-only';
import { listSecretsNotUnderKey, resealSecret } from '@/db/queries/gateway-secrets';
import { secretContext } from '@/lib/gateways/secrets';
import { keyringFromEnv, openSecret, sealSecret, type Keyring } from './secrets';

export async function rotateSecrets(keyring: Keyring = keyringFromEnv()): Promise<{ reencrypted: number }> {
  const stale = await listSecretsNotUnderKey(keyring.current.id);
  for (const row of stale) {
    const context = secretContext(row.accountId, row.name);
    const sealed = sealSecret(openSecret(row, context, keyring), context, keyring);
    // Only if still under the old key, so a concurrent update is never overwritten with an older value.
    await resealSecret({ accountId: row.accountId, name: row.name, previousKeyId: row.keyId }, sealed);
  }
  return { reencrypted: stale.length };
}
