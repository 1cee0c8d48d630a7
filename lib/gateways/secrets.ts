// Gateway secrets in plaintext exist only on the way through here: sealed (lib/crypto/secrets.ts) before the data
// layer stores them, opened after it reads them. Every module that needs an account's secret asks this one.
import 'server-only';
import type { Database } from '@/db';
import { findActiveSealedSecret, findSealedSecret, type SealedSecret, type SecretSealer } from '@/db/queries/gateway-secrets';
import type { GatewayId } from '@/core/gateway-ids';
import { openSecret, sealSecret } from '@/lib/crypto/secrets';

/** Bound into each ciphertext, so one copied onto another account or secret name does not decrypt. */
export const secretContext = (accountId: string, name: string) => `${accountId}:${name}`;

export const openAccountSecret = (sealed: SealedSecret, accountId: string, name: string): string => openSecret(sealed, secretContext(accountId, name));

/** What saveConnection stores secrets with. */
export const accountSecretSealer: SecretSealer = {
  seal: (accountId, name, value) => sealSecret(value, secretContext(accountId, name)),
  holds: (stored, accountId, name, value) => openAccountSecret(stored, accountId, name) === value,
};

/** An account's secret; `connectedOnly` refuses a pending or disconnected account's (public pages use it). */
export async function readAccountSecret(accountId: string, name: string, options: { connectedOnly?: boolean; db?: Database } = {}): Promise<string | undefined> {
  const sealed = await findSealedSecret(accountId, name, options);
  return sealed ? openAccountSecret(sealed, accountId, name) : undefined;
}

/** The merchant's active account's secret (an update that leaves a secret empty keeps and re-verifies it). */
export async function readActiveSecret(merchantId: string, gateway: GatewayId, name: string): Promise<string | undefined> {
  const sealed = await findActiveSealedSecret(merchantId, gateway, name);
  return sealed ? openAccountSecret(sealed, sealed.accountId, name) : undefined;
}
