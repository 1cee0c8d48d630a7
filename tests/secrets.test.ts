import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeKeyring, openSecret, sealSecret, SecretUnavailableError } from '@/lib/crypto/secrets';

const newKey = () => randomBytes(32).toString('base64');

describe('secrets at rest', () => {
  const keyring = makeKeyring(newKey());

  it('round-trips and never contains the plaintext', () => {
    const secret = 'APP_USR-1234567890-abcdef';
    const sealed = sealSecret(secret, 'account-1:accessToken', keyring);
    expect(sealed.ciphertext).not.toContain(secret);
    expect(sealed.ciphertext).not.toContain(Buffer.from(secret).toString('base64'));
    expect(openSecret(sealed, 'account-1:accessToken', keyring)).toBe(secret);
  });

  it('uses a fresh nonce each time', () => {
    const first = sealSecret('same', 'ctx', keyring);
    const second = sealSecret('same', 'ctx', keyring);
    expect(first.ciphertext).not.toBe(second.ciphertext);
  });

  it('refuses a ciphertext moved to another account or field', () => {
    const sealed = sealSecret('secret', 'account-1:accessToken', keyring);
    expect(() => openSecret(sealed, 'account-2:accessToken', keyring)).toThrow(SecretUnavailableError);
    expect(() => openSecret(sealed, 'account-1:webhookSecret', keyring)).toThrow(SecretUnavailableError);
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = sealSecret('secret', 'ctx', keyring);
    const parts = sealed.ciphertext.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = { ...sealed, ciphertext: [parts[0], parts[1], parts[2], body.toString('base64')].join('.') };
    expect(() => openSecret(tampered, 'ctx', keyring)).toThrow(SecretUnavailableError);
  });

  it('still opens secrets sealed under a previous key after rotation, and says which key is missing otherwise', () => {
    const oldKey = newKey();
    const sealed = sealSecret('secret', 'ctx', makeKeyring(oldKey));
    const rotated = makeKeyring(newKey(), [oldKey]);
    expect(openSecret(sealed, 'ctx', rotated)).toBe('secret');
    expect(sealSecret('secret', 'ctx', rotated).keyId).not.toBe(sealed.keyId);
    expect(() => openSecret(sealed, 'ctx', makeKeyring(newKey()))).toThrow(/no key with id/);
  });
});
