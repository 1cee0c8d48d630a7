// Recording what the gateway says of a payment: a status moves only forward, and a detail that changes under the
// same status (a partial refund keeps `approved`, GW-MP20) is kept when the gateway's copy is newer than ours.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { byNotification, getProcessingAccount, recordPayment, type PaymentFacts } from '@/db/queries/payments';
import { createUser } from '@/db/queries/users';
import { payments } from '@/db/schema';
import { saveConnection } from '@/lib/gateways/connections';
import { describeEachDatabase } from './support/databases';

async function account() {
  const user = await createUser({ name: 'Ana', email: `ana-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('no user');
  const connection = await saveConnection({
    merchantId: user.id,
    gateway: 'mercadopago',
    mode: 'live',
    country: 'BR',
    externalAccountId: String(Math.floor(Math.random() * 1e9)),
    publicCredentials: { publicKey: 'APP_USR-public' },
    secrets: { accessToken: 'APP_USR-token-0000' },
  });
  const found = await getProcessingAccount(connection.id);
  if (!found) throw new Error('no account');
  return found;
}

const facts = (overrides: Partial<PaymentFacts>): PaymentFacts => ({
  gatewayPaymentId: '555',
  reference: null,
  amountMinor: 10_000,
  currency: 'BRL',
  status: 'approved',
  statusDetail: 'accredited',
  paymentMethodType: 'credit_card',
  payerEmail: null,
  payerName: null,
  gatewayCreatedAt: new Date('2026-12-01T10:00:00Z'),
  approvedAt: new Date('2026-12-01T10:00:05Z'),
  gatewayUpdatedAt: new Date('2026-12-01T10:00:05Z'),
  ...overrides,
});

describeEachDatabase('recording payments', (current) => {
  it('keeps a newer detail under the same status, and never brings an older one back', async () => {
    const owner = await account();
    await recordPayment(owner, facts({}), byNotification(null));
    const refunded = await recordPayment(owner, facts({ statusDetail: 'partially_refunded', gatewayUpdatedAt: new Date('2026-12-02T09:00:00Z') }), byNotification(null));
    expect(refunded).toMatchObject({ change: 'detail', to: 'approved', detail: 'partially_refunded' });
    // The first notification processed again, late: its older detail changes nothing.
    const late = await recordPayment(owner, facts({}), byNotification(null));
    expect(late.change).toBe('unchanged');
    const rows = await current().db.select().from(payments);
    expect(rows.find((row) => row.accountId === owner.id)).toMatchObject({ status: 'approved', statusDetail: 'partially_refunded' });
  });
});
