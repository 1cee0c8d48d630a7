// One database module: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise an embedded
// PGlite under DATA_DIR. Both speak the same SQL, so the rest of the app sees one `Database` type.
import { chmod, lstat, readdir } from 'node:fs/promises';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { getEnv } from '@/core/env';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseHandle = {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Where it points, without credentials, for start-up and error messages. */
  description: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/** Serialises migrations when several app instances start at once against one PostgreSQL. */
const MIGRATION_LOCK_ID = 726_001;

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connect_timeout: 10 });
  const parsed = new URL(url);
  return {
    db: drizzle(client, { schema }),
    kind: 'postgres',
    description: `PostgreSQL at ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`,
    async migrate() {
      const lockClient = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migrate(drizzle(lockClient, { schema }), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end();
      }
    },
    close: () => client.end(),
  };
}

/**
 * Takes every permission bit for group and others off the embedded database's files: the folder is 0700 and its
 * files 0600 at most, as PostgreSQL keeps its own data directory. PGlite unpacks its initial cluster with mode 0666
 * (world-writable) whatever the umask, so this runs once the database is ready; files PostgreSQL creates later are
 * 0600 or 0644, inside the 0700 folder. Symbolic links are left alone.
 */
export async function restrictDataDir(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await restrictDataDir(full);
      else if (entry.isFile()) {
        const { mode } = await lstat(full);
        if (mode & 0o077) await chmod(full, mode & 0o700);
      }
    }),
  );
  await chmod(dir, 0o700);
}

/** `dataDir` undefined means in memory (tests). */
export async function openPglite(dataDir?: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  // The lists' substring search uses pg_trgm (migration 0011); PGlite ships it as a contrib extension to load.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (dataDir) {
    // 0700 for every folder this creates (DATA_DIR too), and for a folder an older version created 0755.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  }
  const extensions = { pg_trgm };
  const client = dataDir ? new PGlite(dataDir, { extensions }) : new PGlite({ extensions });
  if (dataDir) {
    await client.waitReady;
    await restrictDataDir(dataDir);
  }
  const db = drizzle(client, { schema });
  return {
    db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    migrate: () => migrate(db, { migrationsFolder }),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

// The handle lives on globalThis because Next.js loads this module in more than one bundle (instrumentation,
// route handlers, server components) inside one process, and PGlite's data directory allows one opener.
const holder = globalThis as typeof globalThis & { __databaseHandle?: Promise<DatabaseHandle> };

function openFromEnv(): Promise<DatabaseHandle> {
  const env = getEnv();
  return env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite(path.join(env.DATA_DIR, 'pglite'));
}

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  holder.__databaseHandle ??= openFromEnv();
  return holder.__databaseHandle;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}

/** Tests point the app's code at a fresh database of their own. */
export function setDatabaseHandle(handle: DatabaseHandle): void {
  holder.__databaseHandle = Promise.resolve(handle);
}
