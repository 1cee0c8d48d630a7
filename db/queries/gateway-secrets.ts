// The owner of `gateway_secrets`. Rows hold ciphertext only: sealing and opening happen in lib/crypto/secrets.ts,
// reached through lib/gateways/secrets.ts, so this layer never sees a plaintext secret and imports no crypto.
import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { gatewayAccounts, gatewaySecrets } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';

/** A secret as stored: the id of the key that sealed it and the ciphertext (never the value). */
export type SealedSecret = { keyId: string; ciphertext: string };

/** Seals a secret for one account and name; given to saveConnection by the layer that holds the key. */
export type SecretSealer = {
  seal(accountId: string, name: string, value: string): SealedSecret;
  /** Whether the stored ciphertext already holds this value (then nothing is rewritten). */
  holds(stored: SealedSecret, accountId: string, name: string, value: string): boolean;
};

/**
 * One account's sealed secret; `connectedOnly` refuses a pending or disconnected account's. `db`: read through the
 * caller's transaction (the scheduler's), instead of a second connection that would wait for it.
 */
export async function findSealedSecret(
  accountId: string,
  name: string,
  options: { connectedOnly?: boolean; db?: Database } = {},
): Promise<SealedSecret | undefined> {
  const db = options.db ?? (await getDb());
  const [row] = await db
    .select({ keyId: gatewaySecrets.keyId, ciphertext: gatewaySecrets.ciphertext })
    .from(gatewaySecrets)
    .innerJoin(gatewayAccounts, eq(gatewaySecrets.accountId, gatewayAccounts.id))
    .where(
      and(
        eq(gatewaySecrets.accountId, accountId),
        eq(gatewaySecrets.name, name),
        options.connectedOnly ? eq(gatewayAccounts.status, 'connected') : undefined,
      ),
    )
    .limit(1);
  return row;
}

/** The sealed secret of the merchant's active (pending or connected) account with this gateway. */
export async function findActiveSealedSecret(
  merchantId: string,
  gateway: GatewayId,
  name: string,
): Promise<(SealedSecret & { accountId: string }) | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ accountId: gatewaySecrets.accountId, keyId: gatewaySecrets.keyId, ciphertext: gatewaySecrets.ciphertext })
    .from(gatewaySecrets)
    .innerJoin(gatewayAccounts, eq(gatewaySecrets.accountId, gatewayAccounts.id))
    .where(
      and(
        eq(gatewayAccounts.merchantId, merchantId),
        eq(gatewayAccounts.gateway, gateway),
        ne(gatewayAccounts.status, 'disconnected'),
        eq(gatewaySecrets.name, name),
      ),
    )
    .limit(1);
  return row;
}

/** Every secret not sealed under `keyId` (a key rotation re-seals them). */
export async function listSecretsNotUnderKey(keyId: string) {
  const db = await getDb();
  return db.select().from(gatewaySecrets).where(ne(gatewaySecrets.keyId, keyId));
}

/** Replaces one secret's ciphertext, only if it is still under `previousKeyId` (a concurrent update wins). */
export async function resealSecret(row: { accountId: string; name: string; previousKeyId: string }, sealed: SealedSecret): Promise<void> {
  const db = await getDb();
  await db
    .update(gatewaySecrets)
    .set(sealed)
    .where(and(eq(gatewaySecrets.accountId, row.accountId), eq(gatewaySecrets.name, row.name), eq(gatewaySecrets.keyId, row.previousKeyId)));
}

/**
 * Writes the secrets given (a name left out keeps its stored value) inside the caller's transaction; returns the
 * names whose value changed, for the audit entry.
 */
export async function writeSecrets(tx: Database, accountId: string, secrets: Record<string, string | undefined>, sealer: SecretSealer): Promise<string[]> {
  const stored = await tx.select().from(gatewaySecrets).where(eq(gatewaySecrets.accountId, accountId));
  const changed: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (value === undefined) continue;
    const current = stored.find((secret) => secret.name === name);
    if (current && sealer.holds(current, accountId, name, value)) continue;
    const row = { ...sealer.seal(accountId, name, value), last4: value.slice(-4), updatedAt: new Date() };
    await tx
      .insert(gatewaySecrets)
      .values({ accountId, name, ...row })
      .onConflictDoUpdate({ target: [gatewaySecrets.accountId, gatewaySecrets.name], set: row });
    changed.push(name);
  }
  return changed;
}

/** The last four characters of each stored secret of an account, for the masks the merchant sees. */
export async function listSecretMasks(db: Database, accountId: string): Promise<Record<string, string>> {
  const rows = await db.select({ name: gatewaySecrets.name, last4: gatewaySecrets.last4 }).from(gatewaySecrets).where(eq(gatewaySecrets.accountId, accountId));
  return Object.fromEntries(rows.map((secret) => [secret.name, secret.last4]));
}
