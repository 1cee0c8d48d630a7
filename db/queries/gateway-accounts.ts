// The data access layer for gateway connections (owner of `gateway_accounts` and `gateway_audit_log`). Every
// merchant-facing function takes the merchant's id from the session and filters by it, so one merchant can never
// read or change another's connection. Secrets go in sealed (by the SecretSealer the caller gives) and come out
// only as a mask. lib/gateways/connections.ts adds the webhook URL and the webhook route's account memory.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, ne } from 'drizzle-orm';
import { getDb, type Database } from '@/db';
import { gatewayAccounts, gatewayAuditLog, users, type GatewayAccount } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';
import { listSecretMasks, writeSecrets, type SecretSealer } from './gateway-secrets';

/** What the settings UI may see of a connection: no secret, only the last 4 characters of each. */
export type ConnectionRecord = {
  id: string;
  gateway: GatewayId;
  status: 'pending' | 'connected';
  mode: 'live' | 'test' | null;
  country: string | null;
  externalAccountId: string | null;
  publicCredentials: Record<string, string>;
  secretMasks: Partial<Record<string, string>>;
  /** The unguessable id in the account's webhook URL. */
  publicId: string;
  connectedAt: Date | null;
};

export type AuditEntry = { action: 'connected' | 'credentials_updated' | 'disconnected'; changes: string[]; actorName: string | null; at: Date };

/** 144 random bits, URL-safe: the account's id in its webhook URL cannot be guessed. */
export function newPublicId(): string {
  return randomBytes(18).toString('base64url');
}

const active = (merchantId: string, gateway: GatewayId) =>
  and(eq(gatewayAccounts.merchantId, merchantId), eq(gatewayAccounts.gateway, gateway), ne(gatewayAccounts.status, 'disconnected'));

async function toConnection(db: Database, account: GatewayAccount): Promise<ConnectionRecord> {
  return {
    id: account.id,
    gateway: account.gateway,
    status: account.status === 'connected' ? 'connected' : 'pending',
    mode: account.mode,
    country: account.country,
    externalAccountId: account.externalAccountId,
    publicCredentials: account.publicCredentials,
    secretMasks: await listSecretMasks(db, account.id),
    publicId: account.publicId,
    connectedAt: account.connectedAt,
  };
}

export async function getConnection(merchantId: string, gateway: GatewayId): Promise<ConnectionRecord | undefined> {
  const db = await getDb();
  const [account] = await db.select().from(gatewayAccounts).where(active(merchantId, gateway)).limit(1);
  return account ? toConnection(db, account) : undefined;
}

export async function listConnections(merchantId: string): Promise<ConnectionRecord[]> {
  const db = await getDb();
  const accounts = await db
    .select()
    .from(gatewayAccounts)
    .where(and(eq(gatewayAccounts.merchantId, merchantId), ne(gatewayAccounts.status, 'disconnected')));
  return Promise.all(accounts.map((account) => toConnection(db, account)));
}

/**
 * Secure and Pay shows the webhook URL before any credentials exist (seed SP1): the first time the Connect
 * popup opens, a pending account is made; opening it again returns the same one, so the URL never changes.
 */
export async function getOrCreatePendingConnection(merchantId: string, gateway: GatewayId): Promise<ConnectionRecord> {
  const db = await getDb();
  await db
    .insert(gatewayAccounts)
    .values({ publicId: newPublicId(), merchantId, gateway, status: 'pending' })
    .onConflictDoNothing();
  const connection = await getConnection(merchantId, gateway);
  if (!connection) throw new Error('pending connection vanished');
  return connection;
}

export type ConnectionInput = {
  merchantId: string;
  gateway: GatewayId;
  mode: 'live' | 'test';
  country?: string | null;
  externalAccountId: string;
  publicCredentials: Record<string, string>;
  /** Secrets to store; a name left out keeps the stored value. */
  secrets: Record<string, string | undefined>;
};

/**
 * Connects (or updates) the merchant's account for a gateway in one transaction: the account row, its sealed
 * secrets and an audit entry naming what changed. A pending account (Secure and Pay) keeps its webhook URL.
 */
export async function saveConnection(input: ConnectionInput, sealer: SecretSealer): Promise<ConnectionRecord> {
  const db = await getDb();
  const saved = await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(gatewayAccounts).where(active(input.merchantId, input.gateway)).for('update').limit(1);
    const values = {
      status: 'connected' as const,
      mode: input.mode,
      country: input.country ?? null,
      externalAccountId: input.externalAccountId,
      publicCredentials: input.publicCredentials,
    };
    const [account] = existing
      ? await tx
          .update(gatewayAccounts)
          .set({ ...values, connectedAt: existing.status === 'connected' ? existing.connectedAt : new Date() })
          .where(eq(gatewayAccounts.id, existing.id))
          .returning()
      : await tx
          .insert(gatewayAccounts)
          .values({ ...values, publicId: newPublicId(), merchantId: input.merchantId, gateway: input.gateway, connectedAt: new Date() })
          .returning();
    if (!account) throw new Error('connection was not saved');

    const changes = Object.keys(input.publicCredentials).filter(
      (field) => existing?.status !== 'connected' || existing.publicCredentials[field] !== input.publicCredentials[field],
    );
    if (existing?.status === 'connected' && existing.country !== values.country) changes.push('country');
    changes.push(...(await writeSecrets(tx, account.id, input.secrets, sealer)));
    const action = existing?.status === 'connected' ? 'credentials_updated' : 'connected';
    if (action === 'connected' || changes.length > 0) {
      await tx.insert(gatewayAuditLog).values({ accountId: account.id, actorId: input.merchantId, action, changes });
    }
    return toConnection(tx, account);
  });
  return saved;
}

/** Disconnects the merchant's active account; its webhook URL then answers 410 and its history stays. */
export async function disconnect(merchantId: string, gateway: GatewayId): Promise<boolean> {
  const db = await getDb();
  const disconnected = await db.transaction(async (tx) => {
    const [account] = await tx
      .update(gatewayAccounts)
      .set({ status: 'disconnected', disconnectedAt: new Date() })
      .where(active(merchantId, gateway))
      .returning({ id: gatewayAccounts.id });
    if (!account) return false;
    await tx.insert(gatewayAuditLog).values({ accountId: account.id, actorId: merchantId, action: 'disconnected', changes: [] });
    return true;
  });
  return disconnected;
}

/** The audit log of every account (current and disconnected) the merchant had with this gateway, newest first. */
export async function listAuditLog(merchantId: string, gateway: GatewayId, limit = 20): Promise<AuditEntry[]> {
  const db = await getDb();
  const rows = await db
    .select({ action: gatewayAuditLog.action, changes: gatewayAuditLog.changes, actorName: users.name, at: gatewayAuditLog.createdAt })
    .from(gatewayAuditLog)
    .innerJoin(gatewayAccounts, eq(gatewayAuditLog.accountId, gatewayAccounts.id))
    .leftJoin(users, eq(gatewayAuditLog.actorId, users.id))
    .where(and(eq(gatewayAccounts.merchantId, merchantId), eq(gatewayAccounts.gateway, gateway)))
    .orderBy(desc(gatewayAuditLog.createdAt))
    .limit(limit);
  return rows;
}
