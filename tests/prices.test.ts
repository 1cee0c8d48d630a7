// Prices in the database: created through the merchant's connected account, scoped to the merchant, archived
// and marked unavailable when the gateway is disconnected — never switched to another gateway.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { disconnect, saveConnection } from '@/lib/gateways/connections';
import { archivePrice, countArchivedPrices, createPrice, currentSlugOf, getPrice, listPrices, restorePrice, slugBase, updatePrice } from '@/db/queries/prices';
import { getPriceRules } from '@/lib/prices/rules';
import { createUser } from '@/db/queries/users';
import { prices } from '@/db/schema';
import { priceSchema, type PriceFormInput } from '@/lib/prices/schema';
import { describeEachDatabase } from './support/databases';

async function merchant(name: string) {
  const user = await createUser({ name, email: `${name}-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('user not created');
  return user.id;
}

const connectMercadoPago = (merchantId: string, country = 'BR') =>
  saveConnection({
    merchantId,
    gateway: 'mercadopago',
    mode: 'live',
    country,
    externalAccountId: '123456789',
    publicCredentials: { publicKey: 'APP_USR-5f3c1c8e-1111-2222-3333-444455556666' },
    secrets: { accessToken: 'APP_USR-1234567890123456-112233-aabbccddeeff00112233445566778899-123456789' },
  });

const connectSecureAndPay = (merchantId: string) =>
  saveConnection({
    merchantId,
    gateway: 'secureandpay',
    mode: 'live',
    externalAccountId: 'site_8c1e4b2a9f3d7c60',
    publicCredentials: { siteId: 'site_8c1e4b2a9f3d7c60' },
    secrets: { apiSecret: '4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b' },
  });

const input = (values: Partial<PriceFormInput>): PriceFormInput => ({
  name: 'Watercolour basics',
  gateway: 'mercadopago',
  currency: 'BRL',
  amount: '49.90',
  kind: 'one_time',
  interval: 'monthly',
  intervalCount: '',
  intervalUnit: 'months',
  ...values,
});

/** What the server action does: the rules come from the database, then the shared schema checks the form. */
async function validate(merchantId: string, values: Partial<PriceFormInput>) {
  return priceSchema(await getPriceRules(merchantId)).safeParse(input(values));
}

describeEachDatabase('prices', (current) => {
  it('reads the rules from the connected accounts: Mercado Pago’s country currency, Secure and Pay when connected', async () => {
    const ana = await merchant('ana');
    expect(await getPriceRules(ana)).toEqual({});
    await connectMercadoPago(ana, 'CO');
    await connectSecureAndPay(ana);
    expect(await getPriceRules(ana)).toEqual({
      mercadopago: { currencies: [{ code: 'COP', digits: 0 }], country: 'CO' },
      secureandpay: { currencies: ['USD', 'EUR', 'GBP'].map((code) => ({ code, digits: 2 })), country: null },
    });
  });

  it('creates a BRL price on Mercado Pago and refuses a GBP one', async () => {
    const ana = await merchant('ana');
    await connectMercadoPago(ana);
    const gbp = await validate(ana, { currency: 'GBP' });
    expect(gbp.success).toBe(false);
    expect(gbp.error?.issues.map((issue) => issue.message)).toEqual(['priceMpCurrency']);

    const brl = await validate(ana, {});
    if (!brl.success) throw new Error('valid price refused');
    const created = await createPrice(ana, brl.data);
    if (!created.ok) throw new Error(created.error);
    expect(created.price).toMatchObject({ gateway: 'mercadopago', currency: 'BRL', amountMinor: 4990, kind: 'one_time', available: true, archived: false });
    expect(created.price.slug).toMatch(/^watercolour-basics-[0-9a-f]{10}$/);
  });

  it('stores a 45-day Secure and Pay subscription as 45 days, and monthly as 30', async () => {
    const ana = await merchant('ana');
    await connectSecureAndPay(ana);
    for (const [values, count] of [
      [{ interval: 'custom', intervalCount: '45', intervalUnit: 'days' }, 45],
      [{ interval: 'monthly' }, 30],
    ] as const) {
      const parsed = await validate(ana, { gateway: 'secureandpay', currency: 'EUR', kind: 'subscription', ...values });
      if (!parsed.success) throw new Error('valid price refused');
      const created = await createPrice(ana, parsed.data);
      if (!created.ok) throw new Error(created.error);
      const [row] = await current().db.select().from(prices).where(eq(prices.id, created.price.id));
      expect(row).toMatchObject({ intervalUnit: 'days', intervalCount: count, currency: 'EUR' });
    }
  });

  it('refuses a price on a gateway that is not connected, even when the form says otherwise', async () => {
    const ana = await merchant('ana');
    await connectSecureAndPay(ana);
    expect((await validate(ana, {})).error?.issues.map((issue) => issue.message)).toEqual(['priceGatewayNotConnected']);
    // The data layer checks again (the rules could change between the check and the write).
    expect(await createPrice(ana, { name: 'x', gateway: 'mercadopago', currency: 'BRL', amountMinor: 100, kind: 'one_time', intervalUnit: null, intervalCount: null })).toEqual({
      ok: false,
      error: 'gateway_not_connected',
    });
  });

  it('keeps a price whose gateway is disconnected, marked unavailable, on its own gateway', async () => {
    const ana = await merchant('ana');
    await connectMercadoPago(ana);
    await connectSecureAndPay(ana);
    const parsed = await validate(ana, {});
    if (!parsed.success) throw new Error('valid price refused');
    const created = await createPrice(ana, parsed.data);
    if (!created.ok) throw new Error(created.error);
    await disconnect(ana, 'mercadopago');
    expect(await getPrice(ana, created.price.id)).toMatchObject({ gateway: 'mercadopago', available: false, archived: false });
    expect(await listPrices(ana)).toHaveLength(1);
  });

  it('shows, edits and archives only the merchant’s own prices', async () => {
    const ana = await merchant('ana');
    const bo = await merchant('bo');
    await connectMercadoPago(ana);
    await connectMercadoPago(bo);
    const parsed = await validate(ana, {});
    if (!parsed.success) throw new Error('valid price refused');
    const created = await createPrice(ana, parsed.data);
    if (!created.ok) throw new Error(created.error);
    const id = created.price.id;

    expect(await listPrices(bo)).toEqual([]);
    expect(await getPrice(bo, id)).toBeUndefined();
    expect(await updatePrice(bo, id, { ...parsed.data, name: 'Hijacked' })).toEqual({ ok: false, error: 'not_found' });
    expect(await archivePrice(bo, id)).toBe(false);
    expect(await getPrice(ana, 'not-a-uuid')).toBeUndefined();

    const updated = await updatePrice(ana, id, { ...parsed.data, name: 'Watercolour, advanced', amountMinor: 5990 });
    expect(updated).toMatchObject({ ok: true, price: { name: 'Watercolour, advanced', amountMinor: 5990, slug: created.price.slug } });
    expect(await archivePrice(ana, id)).toBe(true);
    expect(await archivePrice(ana, id)).toBe(false);
    expect(await listPrices(ana)).toEqual([]);
    expect(await listPrices(ana, { view: 'all' })).toMatchObject([{ id, archived: true, available: false }]);
    // An archived price is not edited any more.
    expect(await updatePrice(ana, id, parsed.data)).toEqual({ ok: false, error: 'not_found' });
  });

  it('lists archived prices apart and restores them, for their merchant only', async () => {
    const ana = await merchant('ana');
    const bo = await merchant('bo');
    await connectMercadoPago(ana);
    const parsed = await validate(ana, {});
    if (!parsed.success) throw new Error('valid price refused');
    const created = await createPrice(ana, parsed.data);
    if (!created.ok) throw new Error(created.error);
    const id = created.price.id;
    expect(await listPrices(ana, { view: 'archived' })).toEqual([]);
    expect(await archivePrice(ana, id)).toBe(true);
    expect(await listPrices(ana, { view: 'archived' })).toMatchObject([{ id, archived: true }]);
    expect(await countArchivedPrices(ana)).toBe(1);
    expect(await restorePrice(bo, id)).toBe(false);
    expect(await restorePrice(ana, id)).toBe(true);
    expect(await restorePrice(ana, id)).toBe(false);
    expect(await listPrices(ana)).toMatchObject([{ id, archived: false, available: true }]);
    expect(await countArchivedPrices(ana)).toBe(0);
  });

  it('changes a slug: the old one leads to the new one, stays its price’s, and can be taken back', async () => {
    const ana = await merchant('ana');
    const bo = await merchant('bo');
    await connectMercadoPago(ana);
    await connectMercadoPago(bo);
    const parsed = await validate(ana, {});
    if (!parsed.success) throw new Error('valid price refused');
    const first = await createPrice(ana, parsed.data);
    const other = await createPrice(bo, parsed.data);
    if (!first.ok || !other.ok) throw new Error('not created');
    const original = first.price.slug;
    const wanted = `watercolour-${randomBytes(3).toString('hex')}`;

    expect(await updatePrice(ana, first.price.id, { ...parsed.data, slug: wanted })).toMatchObject({ ok: true, price: { slug: wanted } });
    expect(await currentSlugOf(original)).toBe(wanted);
    expect(await currentSlugOf(wanted)).toBeUndefined();
    // Someone else's current or old slug is taken: a shared link never leads to another merchant's page.
    expect(await updatePrice(bo, other.price.id, { ...parsed.data, slug: wanted })).toEqual({ ok: false, error: 'slug_taken' });
    expect(await updatePrice(bo, other.price.id, { ...parsed.data, slug: original })).toEqual({ ok: false, error: 'slug_taken' });
    expect(await createPrice(bo, { ...parsed.data, slug: original })).toEqual({ ok: false, error: 'slug_taken' });
    // Saving without a slug keeps it; the price may take its old one back, and the history follows.
    expect(await updatePrice(ana, first.price.id, { ...parsed.data, slug: null })).toMatchObject({ ok: true, price: { slug: wanted } });
    expect(await updatePrice(ana, first.price.id, { ...parsed.data, slug: original })).toMatchObject({ ok: true, price: { slug: original } });
    expect(await currentSlugOf(original)).toBeUndefined();
    expect(await currentSlugOf(wanted)).toBe(original);
    // A new price may choose its slug too, when it is free.
    const chosen = `chosen-${randomBytes(3).toString('hex')}`;
    expect(await createPrice(bo, { ...parsed.data, slug: chosen })).toMatchObject({ ok: true, price: { slug: chosen } });
  });

  it('gives one slug to one of two prices claiming it at once', async () => {
    const ana = await merchant('ana');
    await connectMercadoPago(ana);
    const parsed = await validate(ana, {});
    if (!parsed.success) throw new Error('valid price refused');
    const created = await Promise.all([createPrice(ana, parsed.data), createPrice(ana, parsed.data)]);
    const wanted = `race-${randomBytes(3).toString('hex')}`;
    const results = await Promise.all(created.map((one) => (one.ok ? updatePrice(ana, one.price.id, { ...parsed.data, slug: wanted }) : one)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, error: 'slug_taken' }]);
  });

  it('makes readable, unguessable slugs', () => {
    expect(slugBase('Curso de Aquarela — Básico')).toBe('curso-de-aquarela-basico');
    expect(slugBase('!!!')).toBe('price');
  });
});
