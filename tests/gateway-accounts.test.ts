import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
  disconnect,
  getConnection,
  getOrCreatePendingConnection,
  listAuditLog,
  listConnections,
  readActiveSecret,
  saveConnection,
} from '@/lib/gateways/connections';
import { createUser } from '@/db/queries/users';
import { gatewaySecrets } from '@/db/schema';
import { rotateSecrets } from '@/lib/crypto/rotate';
import { keyringFromEnv, makeKeyring, sealSecret } from '@/lib/crypto/secrets';
import { getEnv } from '@/core/env';
import { describeEachDatabase } from './support/databases';

async function merchant(name: string) {
  const user = await createUser({ name, email: `${name}-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('user not created');
  return user.id;
}

const accessToken = 'APP_USR-1234567890123456-112233-aabbccddeeff00112233445566778899-123456789';
const mercadoPago = (merchantId: string, token = accessToken) => ({
  merchantId,
  gateway: 'mercadopago' as const,
  mode: 'live' as const,
  country: 'BR',
  externalAccountId: '123456789',
  publicCredentials: { publicKey: 'APP_USR-5f3c1c8e-1111-2222-3333-444455556666' },
  secrets: { accessToken: token, webhookSecret: 'whsec-abcdef0123456789' },
});

describeEachDatabase('gateway connections', (current) => {
  it('connects, masks the secrets, and keeps the plain secret out of every table', async () => {
    const ana = await merchant('ana');
    const connection = await saveConnection(mercadoPago(ana));
    expect(connection).toMatchObject({ status: 'connected', mode: 'live', country: 'BR', secretMasks: { accessToken: '6789', webhookSecret: '6789' } });
    expect(JSON.stringify(connection)).not.toContain(accessToken);
    expect(connection.webhookUrl).toMatch(new RegExp(`^${getEnv().APP_URL}/api/webhooks/mercadopago/[A-Za-z0-9_-]{24}$`));

    // A "dump": every row of every table, as text.
    const tables = ['users', 'gateway_accounts', 'gateway_secrets', 'gateway_audit_log'];
    for (const table of tables) {
      const rows = await current().db.execute(sql.raw(`select * from ${table}`));
      expect(JSON.stringify(rows)).not.toContain('1234567890123456');
      expect(JSON.stringify(rows)).not.toContain('whsec-abcdef');
    }
    expect(await readActiveSecret(ana, 'mercadopago', 'accessToken')).toBe(accessToken);
  });

  it('shows and changes only the merchant’s own connection', async () => {
    const ana = await merchant('ana');
    const bo = await merchant('bo');
    await saveConnection(mercadoPago(ana));
    expect(await getConnection(bo, 'mercadopago')).toBeUndefined();
    expect(await listConnections(bo)).toEqual([]);
    expect(await readActiveSecret(bo, 'mercadopago', 'accessToken')).toBeUndefined();
    expect(await disconnect(bo, 'mercadopago')).toBe(false);
    expect(await getConnection(ana, 'mercadopago')).toMatchObject({ status: 'connected' });
    expect(await listAuditLog(bo, 'mercadopago')).toEqual([]);
  });

  it('gives Secure and Pay one pending URL that stays the same through saving', async () => {
    const cy = await merchant('cy');
    const first = await getOrCreatePendingConnection(cy, 'secureandpay');
    const again = await getOrCreatePendingConnection(cy, 'secureandpay');
    expect(again.webhookUrl).toBe(first.webhookUrl);
    expect(first.status).toBe('pending');
    const saved = await saveConnection({
      merchantId: cy,
      gateway: 'secureandpay',
      mode: 'live',
      externalAccountId: 'site_1',
      publicCredentials: { siteId: 'site_1' },
      secrets: { apiSecret: 'sp-secret-0001' },
    });
    expect(saved).toMatchObject({ status: 'connected', webhookUrl: first.webhookUrl, secretMasks: { apiSecret: '0001' } });
  });

  it('audits connect, update and disconnect with field names only; reconnecting gives a new URL', async () => {
    const di = await merchant('di');
    const connected = await saveConnection(mercadoPago(di));
    // Same values again: nothing changed, nothing logged.
    await saveConnection(mercadoPago(di));
    const newToken = `${accessToken.slice(0, -4)}0000`;
    await saveConnection({ ...mercadoPago(di, newToken), secrets: { accessToken: newToken } });
    expect(await disconnect(di, 'mercadopago')).toBe(true);
    expect(await getConnection(di, 'mercadopago')).toBeUndefined();
    const audit = await listAuditLog(di, 'mercadopago');
    expect(audit.map((entry) => [entry.action, entry.changes])).toEqual([
      ['disconnected', []],
      ['credentials_updated', ['accessToken']],
      ['connected', ['publicKey', 'accessToken', 'webhookSecret']],
    ]);
    expect(JSON.stringify(audit)).not.toContain('0000');
    const reconnected = await saveConnection(mercadoPago(di));
    expect(reconnected.webhookUrl).not.toBe(connected.webhookUrl);
  });

  it('re-encrypts secrets sealed under a previous key', async () => {
    const ed = await merchant('ed');
    await saveConnection(mercadoPago(ed));
    const oldKey = randomBytes(32).toString('base64');
    const [row] = await current().db.select().from(gatewaySecrets).limit(1);
    if (!row) throw new Error('no secret row');
    const context = `${row.accountId}:${row.name}`;
    await current().db.update(gatewaySecrets).set(sealSecret('from-old-key', context, makeKeyring(oldKey))).where(sql`account_id = ${row.accountId} and name = ${row.name}`);

    const keyring = makeKeyring(getEnv().CREDENTIALS_KEY, [oldKey]);
    expect((await rotateSecrets(keyring)).reencrypted).toBe(1);
    expect((await rotateSecrets(keyring)).reencrypted).toBe(0);
    const rows = await current().db.select().from(gatewaySecrets);
    expect(new Set(rows.map((secret) => secret.keyId))).toEqual(new Set([keyringFromEnv().current.id]));
  });
});
