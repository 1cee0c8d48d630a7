// The data access layer for prices. Every function takes the merchant's id (from the session) and filters by it,
// so a merchant only ever sees and changes their own prices. The rules a price must follow come from the
// merchant's connected accounts, read here on the server, never from the form.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db';
import { gatewayAccounts, prices, type Price } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';

type PriceKind = Price['kind'];
type IntervalUnit = NonNullable<Price['intervalUnit']>;

/** A price as the form's schema (lib/prices/schema.ts) validated it. */
export type PriceData = {
  name: string;
  gateway: GatewayId;
  currency: string;
  amountMinor: number;
  kind: PriceKind;
  intervalUnit: IntervalUnit | null;
  intervalCount: number | null;
};

/** What the Prices page shows of a price. */
export type PriceSummary = {
  id: string;
  slug: string;
  name: string;
  amountMinor: number;
  currency: string;
  kind: PriceKind;
  intervalUnit: IntervalUnit | null;
  intervalCount: number | null;
  gateway: GatewayId;
  archived: boolean;
  /** False when the price's gateway account was disconnected: its payment page says payments are paused. */
  available: boolean;
  createdAt: Date;
};

/** The merchant's connected accounts, by gateway (a pending account takes no payments yet). */
export async function connectedAccounts(merchantId: string) {
  const db = await getDb();
  const rows = await db
    .select({ id: gatewayAccounts.id, gateway: gatewayAccounts.gateway, country: gatewayAccounts.country })
    .from(gatewayAccounts)
    .where(and(eq(gatewayAccounts.merchantId, merchantId), eq(gatewayAccounts.status, 'connected')));
  return new Map(rows.map((row) => [row.gateway, row]));
}

const summaryColumns = {
  id: prices.id,
  slug: prices.slug,
  name: prices.name,
  amountMinor: prices.amountMinor,
  currency: prices.currency,
  kind: prices.kind,
  intervalUnit: prices.intervalUnit,
  intervalCount: prices.intervalCount,
  gateway: prices.gateway,
  archivedAt: prices.archivedAt,
  accountStatus: gatewayAccounts.status,
  createdAt: prices.createdAt,
};

type SummaryRow = { archivedAt: Date | null; accountStatus: 'pending' | 'connected' | 'disconnected' } & Omit<PriceSummary, 'archived' | 'available'>;

function toSummary({ archivedAt, accountStatus, ...row }: SummaryRow): PriceSummary {
  return { ...row, archived: archivedAt !== null, available: archivedAt === null && accountStatus === 'connected' };
}

export async function listPrices(merchantId: string, options: { includeArchived?: boolean } = {}): Promise<PriceSummary[]> {
  const db = await getDb();
  const rows = await db
    .select(summaryColumns)
    .from(prices)
    .innerJoin(gatewayAccounts, eq(prices.accountId, gatewayAccounts.id))
    .where(and(eq(prices.merchantId, merchantId), options.includeArchived ? undefined : isNull(prices.archivedAt)))
    .orderBy(desc(prices.createdAt));
  return rows.map(toSummary);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export async function getPrice(merchantId: string, priceId: string): Promise<PriceSummary | undefined> {
  if (!isUuid(priceId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select(summaryColumns)
    .from(prices)
    .innerJoin(gatewayAccounts, eq(prices.accountId, gatewayAccounts.id))
    .where(and(eq(prices.merchantId, merchantId), eq(prices.id, priceId)))
    .limit(1);
  return row ? toSummary(row) : undefined;
}

/** "Curso de Aquarela — Básico" → "curso-de-aquarela-basico"; readable in the URL, never the only part of it. */
export function slugBase(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return base || 'price';
}

/** A random suffix (40 bits), so a payment page's URL cannot be guessed from the price's name. */
const newSlug = (name: string) => `${slugBase(name)}-${randomBytes(5).toString('hex')}`;

export type SavePriceResult = { ok: true; price: PriceSummary } | { ok: false; error: 'gateway_not_connected' | 'not_found' };

/** The connected account a price on this gateway is taken through, or undefined (the gateway is not connected). */
async function accountFor(merchantId: string, gateway: GatewayId) {
  return (await connectedAccounts(merchantId)).get(gateway);
}

export async function createPrice(merchantId: string, data: PriceData): Promise<SavePriceResult> {
  const account = await accountFor(merchantId, data.gateway);
  if (!account) return { ok: false, error: 'gateway_not_connected' };
  const db = await getDb();
  const [row] = await db
    .insert(prices)
    .values({ ...data, merchantId, accountId: account.id, slug: newSlug(data.name) })
    .returning({ id: prices.id });
  const price = row && (await getPrice(merchantId, row.id));
  if (!price) throw new Error('price was not saved');
  return { ok: true, price };
}

/**
 * Edits one of the merchant's (not archived) prices. The price is taken through the gateway's account connected
 * now: a price whose account was disconnected becomes available again only when its merchant saves it.
 */
export async function updatePrice(merchantId: string, priceId: string, data: PriceData): Promise<SavePriceResult> {
  if (!isUuid(priceId)) return { ok: false, error: 'not_found' };
  const account = await accountFor(merchantId, data.gateway);
  if (!account) return { ok: false, error: 'gateway_not_connected' };
  const db = await getDb();
  const [row] = await db
    .update(prices)
    .set({ ...data, accountId: account.id, updatedAt: new Date() })
    .where(and(eq(prices.merchantId, merchantId), eq(prices.id, priceId), isNull(prices.archivedAt)))
    .returning({ id: prices.id });
  const price = row && (await getPrice(merchantId, row.id));
  return price ? { ok: true, price } : { ok: false, error: 'not_found' };
}

/** Archives the price: its payment page stops taking payments; its orders and payments stay. */
export async function archivePrice(merchantId: string, priceId: string): Promise<boolean> {
  if (!isUuid(priceId)) return false;
  const db = await getDb();
  const rows = await db
    .update(prices)
    .set({ archivedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(prices.merchantId, merchantId), eq(prices.id, priceId), isNull(prices.archivedAt)))
    .returning({ id: prices.id });
  return rows.length > 0;
}
