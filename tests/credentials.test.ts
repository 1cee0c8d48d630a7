// Sign-in: the password check and its limits (lib/auth/credentials.ts), counted before the password is checked, per
// email and per client address, atomically. Runs on PGlite and, with DATABASE_URL, PostgreSQL.
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createUser } from '@/db/queries/users';
import { checkCredentials } from '@/lib/auth/credentials';
import { hashPassword, verifyPassword } from '@/lib/auth/passwords';
import { RATE_LIMITS } from '@/lib/rate-limit';
import { describeEachDatabase } from './support/databases';

// The real password check, counted: a refused attempt must not reach it.
vi.mock('@/lib/auth/passwords', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/passwords')>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});

const ip = () => `10.0.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const email = (name: string) => `${name}-${randomBytes(4).toString('hex')}@example.com`;

describeEachDatabase('sign-in credentials', () => {
  it('accepts the right password, case-insensitively on the email, with the account session version', async () => {
    const address = email('ana');
    await createUser({ name: 'Ana', email: address.toUpperCase(), passwordHash: await hashPassword('correct-horse') });
    const result = await checkCredentials(`  ${address.toUpperCase()} `, 'correct-horse', { ip: ip() });
    expect(result).toMatchObject({ ok: true, user: { name: 'Ana', email: address, sessionVersion: 0 } });
  });

  it('gives a wrong password and an unknown email the same answer', async () => {
    const address = email('bo');
    await createUser({ name: 'Bo', email: address, passwordHash: await hashPassword('correct-horse') });
    expect(await checkCredentials(address, 'wrong', { ip: ip() })).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkCredentials(email('nobody'), 'wrong', { ip: ip() })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('checks only 5 of 15 parallel wrong passwords for one email; the rest are refused unchecked', async () => {
    const address = email('cy');
    await createUser({ name: 'Cy', email: address, passwordHash: await hashPassword('correct-horse') });
    vi.mocked(verifyPassword).mockClear();
    const now = new Date('2026-12-02T10:00:00Z');
    const results = await Promise.all(Array.from({ length: 15 }, (_, index) => checkCredentials(address, `wrong-${index}`, { ip: ip(), now })));
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(RATE_LIMITS.signInPerEmail.points);
    expect(results.filter((result) => !result.ok && result.reason === 'invalid')).toHaveLength(5);
    expect(results.filter((result) => !result.ok && result.reason === 'rate_limited')).toHaveLength(10);
    // The right password is refused too while the limit holds, and goes through once the window has passed.
    expect(await checkCredentials(address, 'correct-horse', { ip: ip(), now: new Date(now.getTime() + 30_000) })).toEqual({
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds: 30,
    });
    expect(await checkCredentials(address, 'correct-horse', { ip: ip(), now: new Date(now.getTime() + 61_000) })).toMatchObject({ ok: true });
  });

  it('forgets an email’s attempts after a success', async () => {
    const address = email('di');
    await createUser({ name: 'Di', email: address, passwordHash: await hashPassword('correct-horse') });
    const now = new Date('2026-12-02T11:00:00Z');
    for (let index = 0; index < 4; index++) expect(await checkCredentials(address, 'wrong', { ip: ip(), now })).toMatchObject({ reason: 'invalid' });
    expect(await checkCredentials(address, 'correct-horse', { ip: ip(), now })).toMatchObject({ ok: true });
    for (let index = 0; index < 5; index++) expect(await checkCredentials(address, 'wrong', { ip: ip(), now })).toMatchObject({ reason: 'invalid' });
    expect(await checkCredentials(address, 'wrong', { ip: ip(), now })).toMatchObject({ reason: 'rate_limited' });
  });

  it('limits one client address across many emails (20 a minute), whatever the emails', async () => {
    const address = ip();
    const now = new Date('2026-12-02T12:00:00Z');
    vi.mocked(verifyPassword).mockClear();
    const results = await Promise.all(Array.from({ length: 25 }, () => checkCredentials(email('spray'), 'guess', { ip: address, now })));
    expect(results.filter((result) => !result.ok && result.reason === 'rate_limited')).toHaveLength(5);
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(RATE_LIMITS.signInPerIp.points);
  });

  it('keeps one account per email', async () => {
    const passwordHash = await hashPassword('correct-horse');
    const address = email('eve');
    expect(await createUser({ name: 'Eve', email: address, passwordHash })).toBeDefined();
    expect(await createUser({ name: 'Eve again', email: address.toUpperCase(), passwordHash })).toBeUndefined();
  });
});

describe('password hashing', () => {
  it('stores argon2id hashes, never the password', async () => {
    const hash = await hashPassword('correct-horse');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('correct-horse');
  });
});
