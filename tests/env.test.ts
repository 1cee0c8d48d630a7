import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '@/core/env';

const key = () => Buffer.alloc(32, 7).toString('base64');

describe('environment', () => {
  it('stops production start-up naming each missing secret', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(EnvError);
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET, CREDENTIALS_KEY/);
    expect(() => loadEnv({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) })).toThrow(/variable CREDENTIALS_KEY/);
  });

  it('rejects a credentials key that is not 32 bytes', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), CREDENTIALS_KEY: 'c2hvcnQ=' })).toThrow(/CREDENTIALS_KEY: must be 32 random bytes/);
  });

  it('generates development secrets once and reuses them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'env-'));
    const first = loadEnv({ NODE_ENV: 'development', DATA_DIR: dir });
    const second = loadEnv({ NODE_ENV: 'development', DATA_DIR: dir });
    expect(first.AUTH_SECRET).toBe(second.AUTH_SECRET);
    expect(Buffer.from(first.CREDENTIALS_KEY, 'base64')).toHaveLength(32);
    expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).CREDENTIALS_KEY).toBe(first.CREDENTIALS_KEY);
  });

  it('uses the embedded database only without DATABASE_URL', () => {
    const secrets = { AUTH_SECRET: 'x'.repeat(40), CREDENTIALS_KEY: key() };
    expect(loadEnv({ NODE_ENV: 'production', ...secrets }).embeddedDatabase).toBe(true);
    expect(loadEnv({ NODE_ENV: 'production', ...secrets, DATABASE_URL: 'postgres://u@h/db' }).embeddedDatabase).toBe(false);
  });
});
