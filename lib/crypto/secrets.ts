// Gateway secrets at rest: AES-256-GCM under CREDENTIALS_KEY. Each ciphertext carries the id of the key that
// made it, so after a rotation the old key (CREDENTIALS_PREVIOUS_KEYS) still decrypts until
// `npm run credentials:rotate` has re-encrypted everything under the new one.
import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { getEnv } from '@/core/env';

export type Sealed = { keyId: string; ciphertext: string };

export type Keyring = { current: { id: string; key: Buffer }; byId: Map<string, Buffer> };

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function makeKeyring(currentKey: string, previousKeys: readonly string[] = []): Keyring {
  const current = Buffer.from(currentKey, 'base64');
  const byId = new Map<string, Buffer>();
  for (const key of [currentKey, ...previousKeys].map((value) => Buffer.from(value, 'base64'))) byId.set(keyIdOf(key), key);
  return { current: { id: keyIdOf(current), key: current }, byId };
}

let envKeyring: Keyring | undefined;
export function keyringFromEnv(): Keyring {
  const env = getEnv();
  envKeyring ??= makeKeyring(env.CREDENTIALS_KEY, env.CREDENTIALS_PREVIOUS_KEYS);
  return envKeyring;
}

/**
 * `context` is bound into the ciphertext as associated data (e.g. "<account id>:accessToken"), so a
 * ciphertext copied onto another account or field does not decrypt.
 */
export function sealSecret(plaintext: string, context: string, keyring: Keyring = keyringFromEnv()): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return { keyId: keyring.current.id, ciphertext: ['v1', iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join('.') };
}

export class SecretUnavailableError extends Error {}

export function openSecret(sealed: Sealed, context: string, keyring: Keyring = keyringFromEnv()): string {
  const key = keyring.byId.get(sealed.keyId);
  if (!key) throw new SecretUnavailableError(`no key with id ${sealed.keyId} (set CREDENTIALS_PREVIOUS_KEYS after a rotation)`);
  const [version, iv, tag, body] = sealed.ciphertext.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new SecretUnavailableError('unknown ciphertext format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnavailableError('ciphertext does not authenticate under its key and context');
  }
}
