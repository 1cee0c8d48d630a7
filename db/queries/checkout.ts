// What the public payment pages read. There is no merchant session on /pay/*, so these lookups go by the price's
// slug (or id) and return only what a customer may see.
import 'server-only';
import { eq, or } from 'drizzle-orm';
import { getDb } from '@/db';
import { gatewayAccounts, prices, users } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';
import { isUuid } from './prices';

export type PaymentPage = {
  price: {
    id: string;
    slug: string;
    name: string;
    amountMinor: number;
    currency: string;
    kind: 'one_time' | 'subscription';
    intervalUnit: 'days' | 'months' | null;
    intervalCount: number | null;
    gateway: GatewayId;
    archived: boolean;
  };
  merchant: { id: string; name: string };
  account: {
    id: string;
    merchantId: string;
    gateway: GatewayId;
    status: 'pending' | 'connected' | 'disconnected';
    publicId: string;
    country: string | null;
    /** Mercado Pago user id / Secure and Pay site id. */
    externalAccountId: string | null;
  };
};

/** The price behind /pay/<slug or id>, with its merchant and gateway account; undefined when there is none. */
export async function getPaymentPage(slugOrId: string): Promise<PaymentPage | undefined> {
  // A string, checked before the regex (which would take `true` as "true"): the action's bound slug can be any JSON.
  if (typeof slugOrId !== 'string' || !/^[A-Za-z0-9-]{1,80}$/.test(slugOrId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select({ price: prices, merchantName: users.name, account: gatewayAccounts })
    .from(prices)
    .innerJoin(users, eq(prices.merchantId, users.id))
    .innerJoin(gatewayAccounts, eq(prices.accountId, gatewayAccounts.id))
    .where(isUuid(slugOrId) ? or(eq(prices.slug, slugOrId), eq(prices.id, slugOrId)) : eq(prices.slug, slugOrId))
    .limit(1);
  if (!row) return undefined;
  const { price, account } = row;
  return {
    price: {
      id: price.id,
      slug: price.slug,
      name: price.name,
      amountMinor: price.amountMinor,
      currency: price.currency,
      kind: price.kind,
      intervalUnit: price.intervalUnit,
      intervalCount: price.intervalCount,
      gateway: price.gateway,
      archived: price.archivedAt !== null,
    },
    merchant: { id: price.merchantId, name: row.merchantName },
    account: {
      id: account.id,
      merchantId: account.merchantId,
      gateway: account.gateway,
      status: account.status,
      publicId: account.publicId,
      country: account.country,
      externalAccountId: account.externalAccountId,
    },
  };
}
