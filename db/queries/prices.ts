// The data access layer for prices. Every function takes the merchant's id (from the session) and filters by it,
// so a merchant only ever sees and changes their own prices. The rules a price must follow come from the
// merchant's connected accounts, read here on the server, never from the form.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { gatewayAccounts, priceSlugs, prices, type Price } from '@/db/schema';
import type { GatewayId } from '@/core/gateway-ids';

type PriceKind = Price['kind'];
type IntervalUnit = NonNullable<Price['intervalUnit']>;

/** A price as the form's schema (lib/prices/schema.ts) validated it. */
export type PriceData = {
  name: string;
  /** The payment page's address chosen by the merchant; null: generated from the name (new) or kept (edited). */
  slug?: string | null;
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

/** The Prices page's two views: the prices on sale (archived ones hidden), or the archived ones (to restore). */
export type PriceView = 'active' | 'archived' | 'all';

export async function listPrices(merchantId: string, options: { view?: PriceView } = {}): Promise<PriceSummary[]> {
  const db = await getDb();
  const view = options.view ?? 'active';
  const rows = await db
    .select(summaryColumns)
    .from(prices)
    .innerJoin(gatewayAccounts, eq(prices.accountId, gatewayAccounts.id))
    .where(and(eq(prices.merchantId, merchantId), view === 'active' ? isNull(prices.archivedAt) : view === 'archived' ? isNotNull(prices.archivedAt) : undefined))
    .orderBy(view === 'archived' ? desc(prices.archivedAt) : desc(prices.createdAt));
  return rows.map(toSummary);
}

/** How many of the merchant's prices are archived (the Archived tab's count). */
export async function countArchivedPrices(merchantId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(prices)
    .where(and(eq(prices.merchantId, merchantId), isNotNull(prices.archivedAt)));
  return row?.total ?? 0;
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

export type SavePriceResult = { ok: true; price: PriceSummary } | { ok: false; error: 'gateway_not_connected' | 'not_found' | 'slug_taken' };

type Transaction = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>['transaction']>[0]>[0];

/**
 * Whether `slug` is free for this price (undefined: a new price): no other price has it now or had it before (an
 * old slug stays its price's, so a shared link never leads to someone else's page). Its own old slug is taken back:
 * the history row goes. Slug changes are serialised by one advisory lock: they are rare, and two merchants
 * claiming one slug at once, or one renaming away from a slug while another claims it, must not both succeed.
 */
async function claimSlug(tx: Transaction, slug: string, priceId: string | undefined): Promise<boolean> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('price-slugs'))`);
  const [current] = await tx.select({ id: prices.id }).from(prices).where(eq(prices.slug, slug)).limit(1);
  if (current && current.id !== priceId) return false;
  const [previous] = await tx.select({ priceId: priceSlugs.priceId }).from(priceSlugs).where(eq(priceSlugs.slug, slug)).limit(1);
  if (previous && previous.priceId !== priceId) return false;
  if (previous) await tx.delete(priceSlugs).where(eq(priceSlugs.slug, slug));
  return true;
}

/** The connected account a price on this gateway is taken through, or undefined (the gateway is not connected). */
async function accountFor(merchantId: string, gateway: GatewayId) {
  return (await connectedAccounts(merchantId)).get(gateway);
}

export async function createPrice(merchantId: string, data: PriceData): Promise<SavePriceResult> {
  const account = await accountFor(merchantId, data.gateway);
  if (!account) return { ok: false, error: 'gateway_not_connected' };
  const db = await getDb();
  const { slug: chosen = null, ...fields } = data;
  const id = await db.transaction(async (tx) => {
    // A generated slug has a random suffix (40 bits): a clash with another price's is left to the unique index.
    if (chosen !== null && !(await claimSlug(tx, chosen, undefined))) return undefined;
    const [row] = await tx
      .insert(prices)
      .values({ ...fields, merchantId, accountId: account.id, slug: chosen ?? newSlug(data.name) })
      .returning({ id: prices.id });
    return row?.id;
  });
  if (!id) return { ok: false, error: 'slug_taken' };
  const price = await getPrice(merchantId, id);
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
  const { slug: chosen = null, ...fields } = data;
  const outcome = await db.transaction(async (tx): Promise<'saved' | 'not_found' | 'slug_taken'> => {
    const [existing] = await tx
      .select({ slug: prices.slug })
      .from(prices)
      .where(and(eq(prices.merchantId, merchantId), eq(prices.id, priceId), isNull(prices.archivedAt)))
      .for('update');
    if (!existing) return 'not_found';
    const slug = chosen ?? existing.slug;
    if (slug !== existing.slug) {
      if (!(await claimSlug(tx, slug, priceId))) return 'slug_taken';
      // The old address keeps working: /pay/<old> redirects here (app/pay/[slug]/page.tsx).
      await tx.insert(priceSlugs).values({ slug: existing.slug, priceId }).onConflictDoNothing();
    }
    await tx
      .update(prices)
      .set({ ...fields, slug, accountId: account.id, updatedAt: new Date() })
      .where(and(eq(prices.merchantId, merchantId), eq(prices.id, priceId)));
    return 'saved';
  });
  if (outcome !== 'saved') return { ok: false, error: outcome };
  const price = await getPrice(merchantId, priceId);
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

/** Puts an archived price back on sale: its payment page takes payments again (if its gateway is still connected). */
export async function restorePrice(merchantId: string, priceId: string): Promise<boolean> {
  if (!isUuid(priceId)) return false;
  const db = await getDb();
  const rows = await db
    .update(prices)
    .set({ archivedAt: null, updatedAt: new Date() })
    .where(and(eq(prices.merchantId, merchantId), eq(prices.id, priceId), isNotNull(prices.archivedAt)))
    .returning({ id: prices.id });
  return rows.length > 0;
}

/** The current slug of the price that once had `slug` (its payment page moved), or undefined. */
export async function currentSlugOf(slug: string): Promise<string | undefined> {
  if (typeof slug !== 'string' || !/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select({ slug: prices.slug })
    .from(priceSlugs)
    .innerJoin(prices, eq(priceSlugs.priceId, prices.id))
    .where(and(eq(priceSlugs.slug, slug), ne(prices.slug, slug)))
    .limit(1);
  return row?.slug;
}
