import { describe, expect, it } from 'vitest';
import { createUser } from '@/db/queries/users';
import { checkCredentials, SIGN_IN_LIMIT } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/passwords';
import { describeEachDatabase } from './support/databases';

describeEachDatabase('sign-in credentials', () => {
  it('accepts the right password, case-insensitively on the email', async () => {
    await createUser({ name: 'Ana', email: 'Ana@Example.com', passwordHash: await hashPassword('correct-horse') });
    const result = await checkCredentials('  ANA@example.COM ', 'correct-horse');
    expect(result).toMatchObject({ ok: true, user: { name: 'Ana', email: 'ana@example.com' } });
  });

  it('gives a wrong password and an unknown email the same answer', async () => {
    await createUser({ name: 'Bo', email: 'bo@example.com', passwordHash: await hashPassword('correct-horse') });
    expect(await checkCredentials('bo@example.com', 'wrong')).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkCredentials('nobody@example.com', 'wrong')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses one email after 5 failures in a minute, even with the right password, then lets it in again', async () => {
    await createUser({ name: 'Cy', email: 'cy@example.com', passwordHash: await hashPassword('correct-horse') });
    const start = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < SIGN_IN_LIMIT.failures; i += 1) {
      expect(await checkCredentials('cy@example.com', 'wrong', new Date(start.getTime() + i * 1000))).toMatchObject({ reason: 'invalid' });
    }
    const during = new Date(start.getTime() + 10_000);
    expect(await checkCredentials('cy@example.com', 'correct-horse', during)).toEqual({ ok: false, reason: 'rate_limited' });
    // Another email is not affected.
    expect(await checkCredentials('someone-else@example.com', 'x', during)).toEqual({ ok: false, reason: 'invalid' });
    const after = new Date(start.getTime() + SIGN_IN_LIMIT.windowMs + 5_000);
    expect(await checkCredentials('cy@example.com', 'correct-horse', after)).toMatchObject({ ok: true });
  });

  it('keeps one account per email', async () => {
    const passwordHash = await hashPassword('correct-horse');
    expect(await createUser({ name: 'Di', email: 'di@example.com', passwordHash })).toBeDefined();
    expect(await createUser({ name: 'Di again', email: 'DI@example.com', passwordHash })).toBeUndefined();
  });
});

describe('password hashing', () => {
  it('stores argon2id hashes, never the password', async () => {
    const hash = await hashPassword('correct-horse');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('correct-horse');
  });
});
