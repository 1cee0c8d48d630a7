// Every database test runs on PGlite, and also on the real PostgreSQL server when DATABASE_URL is set.
// Each describe block gets a fresh database of its own (a new in-memory PGlite, or a new PostgreSQL database).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPglite, openPostgres, setDatabaseHandle, type DatabaseHandle } from '@/db';
import { getEnv } from '@/core/env';

type Target = { name: string; open(): Promise<{ handle: DatabaseHandle; dispose(): Promise<void> }> };

async function freshPostgres(serverUrl: string) {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), { max: 5 });
  return {
    handle,
    async dispose() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

export function testTargets(): Target[] {
  const serverUrl = getEnv().DATABASE_URL;
  const targets: Target[] = [{ name: 'pglite', open: async () => {
    const handle = await openPglite();
    return { handle, dispose: () => handle.close() };
  } }];
  if (serverUrl) targets.push({ name: 'postgres', open: () => freshPostgres(serverUrl) });
  return targets;
}

/** Opens a fresh, migrated database per target, points the app's getDb() at it, and runs `body` against it. */
export function describeEachDatabase(title: string, body: (current: () => DatabaseHandle) => void): void {
  for (const target of testTargets()) {
    describe(`${title} [${target.name}]`, () => {
      let opened: Awaited<ReturnType<Target['open']>> | undefined;
      beforeAll(async () => {
        opened = await target.open();
        await opened.handle.migrate();
        setDatabaseHandle(opened.handle);
      });
      afterAll(async () => {
        await opened?.dispose();
      });
      body(() => {
        if (!opened) throw new Error('database not opened yet');
        return opened.handle;
      });
    });
  }
}
